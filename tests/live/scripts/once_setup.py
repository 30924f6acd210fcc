# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_exactly_once.py's customers, in ``odoo shell``: one per round (its
invoices, a saved card), a fleet (half with a scheduled payment due
tomorrow), an ACH customer for the postbacks and a customer with credits
(invoices of 30, 40, 80 and 90, a credit note and an unapplied payment of 50
each), a customer paying with a credit and a debit card while the company
surcharges (invoices of 300 and 400), saved methods on the simulator's
vaults; Auto Pay off until each test turns it on.

params: ``password``, ``round_vaults``, ``fleet_vaults``, ``ach_vaults``,
``credit_vault``, ``surcharge_vaults`` (a credit card's, a debit card's),
``per_round`` (invoices per round)."""

import runpy
from datetime import timedelta
from pathlib import Path

from odoo import Command, fields


def _token(env, contact, vault, method):
    # the Paya provider on the simulator: configured by the live fixture
    paya = env.ref("payment_portal_gateway.payment_provider_paya_connect")
    return env["payment.token"].create(
        {
            "provider_id": paya.id,
            "payment_method_id": method.id,
            "partner_id": contact.id,
            "payment_details": vault["last_four"],
            "provider_ref": vault["id"],
        }
    )


def _customer(env, params, key, vault, method, amounts, login=False):
    today = fields.Date.today()
    Partner = env["res.partner"]
    slug = key.lower()
    company_partner = Partner.create(
        {
            "name": f"Once {key}",
            "is_company": True,
            "email": f"ap@{slug}.example.com",
            "ref": key,
        }
    )
    contact = Partner.create(
        {
            "name": f"{key} Buyer",
            "parent_id": company_partner.id,
            "email": f"buyer@{slug}.example.com",
        }
    )
    if login:
        env["res.users"].create(
            {
                "name": contact.name,
                "login": contact.email,
                "partner_id": contact.id,
                "password": params["password"],
                "group_ids": [Command.set(env.ref("base.group_portal").ids)],
            }
        )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": company_partner.id,
                "invoice_date": today - timedelta(days=30),
                "invoice_date_due": today - timedelta(days=1),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": f"{key} service {n}",
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for n, amount in enumerate(amounts)
        ]
    )
    invoices.action_post()
    saved = _token(env, contact, vault, method)
    # Auto Pay stays off until its test turns it on (SQL), so that no other
    # run of the cron charges these invoices first.
    env["payment.portal.autopay"].create(
        {
            "partner_id": company_partner.id,
            "company_id": saved.company_id.id,
            "token_id": saved.id,
        }
    )
    return {
        "company": company_partner.id,
        "contact": contact.id,
        "login": contact.email,
        "invoices": invoices.ids,
        "total": sum(invoices.mapped("amount_residual")),
        "token": saved.id,
        "contact_record": contact,
    }


def _schedule(env, customer):
    """A scheduled payment of the customer's first invoice, due tomorrow:
    made due by its test (SQL), as Auto Pay is turned on."""
    invoice = env["account.move"].browse(customer["invoices"][0])
    return (
        env["payment.portal.schedule"]
        .create(
            {
                "partner_id": customer["company"],
                "company_id": env.company.id,
                "token_id": customer["token"],
                "amount": invoice.amount_residual,
                "date": fields.Date.today() + timedelta(days=1),
                "currency_id": invoice.currency_id.id,
                "invoice_ids": [Command.set(invoice.ids)],
            }
        )
        .id
    )


def main(env, params):
    assert env.company.currency_id.name == "USD", env.company.currency_id.name
    paya = env.ref("payment_portal_gateway.payment_provider_paya_connect")
    card = env.ref("payment.payment_method_card")
    ach = env.ref("payment.payment_method_ach_direct_debit")
    per_round = int(params["per_round"])
    rounds = [
        _customer(
            env,
            params,
            f"ONCE-R{n}",
            vault,
            card,
            [120.0 + 10 * n + k for k in range(per_round)],
            login=True,
        )
        for n, vault in enumerate(params["round_vaults"])
    ]
    fleet = []
    for n, vault in enumerate(params["fleet_vaults"]):
        c = _customer(env, params, f"ONCE-F{n}", vault, card, [150.0 + n, 160.5 + n])
        c["schedule"] = _schedule(env, c) if n % 2 == 0 else False
        fleet.append(c)
    postback = _customer(
        env,
        params,
        "ONCE-PB",
        params["ach_vaults"][0],
        ach,
        [210.0, 220.0, 230.0],
        login=True,
    )
    postback["returned_token"] = _token(
        env, postback["contact_record"], params["ach_vaults"][1], ach
    ).id
    credits = _customer(
        env,
        params,
        "ONCE-CR",
        params["credit_vault"],
        card,
        [30.0, 40.0, 80.0, 90.0],
        login=True,
    )
    surcharge = _customer(
        env,
        params,
        "ONCE-SC",
        params["surcharge_vaults"][0],
        card,
        [300.0, 400.0],
        login=True,
    )
    surcharge["debit_token"] = _token(
        env, surcharge["contact_record"], params["surcharge_vaults"][1], card
    ).id
    docs = runpy.run_path(str(Path(__file__).with_name("credit_docs.py")))
    company = env["res.partner"].browse(credits["company"])
    credits |= docs["describe"](
        docs["credit_note"](env, company, 50.0, "ONCE-CR refund")
        | docs["unapplied_payment"](env, company, 50.0)
    )
    for c in rounds + fleet + [postback, credits, surcharge]:
        del c["contact_record"]
    env.cr.commit()
    return {
        "rounds": rounds,
        "fleet": fleet,
        "postback": postback,
        "credits": credits,
        "surcharge": surcharge,
        "paya": paya.id,
        "card": card.id,
        "ach": ach.id,
        "crons": {
            "autopay": env.ref("payment_portal.cron_payment_portal_autopay").id,
            "schedule": env.ref("payment_portal.cron_payment_portal_schedule").id,
            "post_process": env.ref("payment.cron_post_process_payment_tx").id,
        },
    }
