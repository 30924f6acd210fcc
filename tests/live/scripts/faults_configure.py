# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_faults.py's customers, in ``odoo shell``: a shopper, ``autopay``
Auto Pay customers with a due invoice, ``payers`` portal payers, each with a
saved card (one of ``vaults``, the simulator's), and a 2 s Paya timeout.

params: ``vaults``, ``password``, ``autopay``, ``payers``."""

from datetime import timedelta

from odoo import Command, fields

CRONS = {
    "poll": "payment_portal_gateway.cron_paya_poll",
    "autopay": "payment_portal.cron_payment_portal_autopay",
    "post_process": "payment.cron_post_process_payment_tx",
}


def _customer(env, params, vaults, key, invoices, due_days, portal_user):
    today = fields.Date.today()
    usd = env.ref("base.USD")
    # the Paya provider on the simulator: configured by the live fixture
    paya = env.ref("payment_portal_gateway.payment_provider_paya_connect")
    card = env.ref("payment.payment_method_card")
    Partner = env["res.partner"]
    domain = f"{key.lower()}.example.com"
    company = Partner.create(
        {
            "name": f"Fault {key}",
            "is_company": True,
            "email": f"ap@{domain}",
            "ref": key,
        }
    )
    contact = Partner.create(
        {
            "name": f"Fault {key} Buyer",
            "parent_id": company.id,
            "email": f"buyer@{domain}",
        }
    )
    if portal_user:
        env["res.users"].create(
            {
                "name": contact.name,
                "login": contact.email,
                "partner_id": contact.id,
                "password": params["password"],
                "group_ids": [Command.set(env.ref("base.group_portal").ids)],
            }
        )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": company.id,
                "currency_id": usd.id,
                "invoice_date": today - timedelta(days=20),
                "invoice_date_due": today + timedelta(days=due_days),
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
            for n, amount in enumerate(invoices)
        ]
    )
    moves.action_post()
    token = env["payment.token"].create(
        {
            "provider_id": paya.id,
            "payment_method_id": card.id,
            "partner_id": contact.id,
            "payment_details": "1111",
            "provider_ref": next(vaults),
        }
    )
    return {
        "company": company.id,
        "contact": contact.id,
        "login": contact.email,
        "invoices": moves.ids,
        "token": token.id,
    }


def main(env, params):
    vaults = iter(params["vaults"])
    usd = env.ref("base.USD")
    assert env.company.currency_id == usd, env.company.currency_id.name
    env["ir.config_parameter"].set_param("payment_portal_gateway.paya_timeout", "2")
    paya = env.ref("payment_portal_gateway.payment_provider_paya_connect")
    card = env.ref("payment.payment_method_card")
    card.active = True

    def customer(*args):
        return _customer(env, params, vaults, *args)

    shopper = customer("SHOP-4004", [110.0 + n for n in range(12)], 10, True)
    autopay = [
        customer(f"AUTO-{5000 + n}", [60.0 + n], -1, False)
        for n in range(int(params["autopay"]))
    ]
    # Auto Pay stays off until its test turns it on (SQL).
    env["payment.portal.autopay"].create(
        [
            {
                "partner_id": c["company"],
                "company_id": paya.company_id.id,
                "token_id": c["token"],
            }
            for c in autopay
        ]
    )
    payers = [
        customer(f"PAYER-{6000 + n}", [70.0 + 10 * n + k for k in range(3)], 10, True)
        for n in range(int(params["payers"]))
    ]
    crons = {name: env.ref(xmlid).id for name, xmlid in CRONS.items()}
    env.cr.commit()
    return {
        "provider": paya.id,
        "card": card.id,
        "shopper": shopper,
        "autopay": autopay,
        "payers": payers,
        "crons": crons,
    }
