# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The live database's people and documents (scenario.py), in ``odoo shell``:
each customer has invoices, a credit note and an unapplied payment (credits
the selection page offers), a saved method, a schedule, a payment.

params: ``password`` (every user's), ``base_url`` (the live server's)."""

import runpy
from datetime import timedelta
from pathlib import Path

from odoo import Command, fields

CREDITS = Path(__file__).with_name("credit_docs.py")


def _customer(env, params, key, name, domain):
    today = fields.Date.today()
    company = env.company
    demo = env.ref("payment.payment_provider_demo")
    method = env.ref("payment_demo.payment_method_demo")
    portal = env.ref("base.group_portal")
    Partner = env["res.partner"]
    company_partner = Partner.create(
        {"name": name, "is_company": True, "email": f"ap@{domain}", "ref": key}
    )
    contact = Partner.create(
        {
            "name": f"{name} Buyer",
            "parent_id": company_partner.id,
            "email": f"buyer@{domain}",
        }
    )
    user = env["res.users"].create(
        {
            "name": contact.name,
            "login": contact.email,
            "partner_id": contact.id,
            "password": params["password"],
            "group_ids": [Command.set(portal.ids)],
        }
    )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": company_partner.id,
                "invoice_date": today - timedelta(days=20),
                "invoice_date_due": today + timedelta(days=10 * n),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": f"{key} service {n}",
                            "price_unit": 100.0 + n,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for n in range(3)
        ]
    )
    invoices.action_post()
    for invoice in invoices:
        invoice._portal_ensure_token()
    token = env["payment.token"].create(
        {
            "provider_id": demo.id,
            "payment_method_id": method.id,
            "partner_id": contact.id,
            "payment_details": key[-4:],
            "provider_ref": f"live-{key}",
            "demo_simulated_state": "done",
        }
    )
    schedule = env["payment.portal.schedule"].create(
        {
            "partner_id": company_partner.id,
            "company_id": company.id,
            "token_id": token.id,
            "amount": 50.0,
            "date": today + timedelta(days=5),
            "currency_id": invoices[0].currency_id.id,
            "invoice_ids": [Command.set(invoices[:1].ids)],
        }
    )
    billing = Partner.create(
        {
            "name": f"{name} Payables",
            "parent_id": company_partner.id,
            "type": "invoice",
            "email": f"payables@{domain}",
            "payment_portal_billing_email": True,
        }
    )
    tx = (
        env["payment.transaction"]
        .sudo()
        .create(
            {
                "provider_id": demo.id,
                "payment_method_id": method.id,
                "reference": f"LIVE-{key}",
                "amount": invoices[0].amount_residual,
                "currency_id": invoices[0].currency_id.id,
                "partner_id": contact.id,
                "invoice_ids": [Command.set(invoices[:1].ids)],
                "payment_portal_origin": "portal",
            }
        )
    )
    tx._set_done()
    tx._post_process()
    docs = runpy.run_path(str(CREDITS))
    credit_note = docs["credit_note"](env, company_partner, 150.0, f"{key} refund")
    payment = docs["unapplied_payment"](env, company_partner, 40.0)
    # An invoice of 120 that no test pays: with the credit note, the Apply
    # Credits page; with the unapplied payment, the payment form (80).
    credit_invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": company_partner.id,
            "invoice_date": today,
            "invoice_line_ids": [
                Command.create(
                    {"name": f"{key} credits", "price_unit": 120.0, "tax_ids": []}
                )
            ],
        }
    )
    credit_invoice.action_post()
    # as the invoices: a staff list of them would add it (a change of B's data)
    for move in credit_note.move_id | credit_invoice:
        move._portal_ensure_token()
    pay_link, _expiry = company_partner._payment_portal_pay_link(invoices)
    return {
        **docs["describe"](credit_note | payment),
        # (customer id, expiry, signature) of a pay link of the customer
        "pay_link": pay_link.split("/pay/", 1)[1].split("/"),
        "credit_invoice": credit_invoice.id,
        "credit_invoice_name": credit_invoice.name,
        "company": company_partner.id,
        "contact": contact.id,
        "user": user.id,
        "login": user.login,
        "invoices": invoices.ids,
        "invoice_names": invoices.mapped("name"),
        "access_tokens": invoices.mapped("access_token"),
        "token": token.id,
        "token_digits": key[-4:],
        "schedule": schedule.id,
        "billing": billing.id,
        "billing_email": billing.email,
        "tx": tx.id,
        "tx_reference": tx.reference,
        "email": contact.email,
        "payment_token": tx._payment_portal_access_token(),
    }


def main(env, params):
    password = params["password"]
    # the links Odoo builds (the gateway's return URL, mails) point at this server
    ICP = env["ir.config_parameter"].sudo()
    ICP.set_param("web.base.url", params["base_url"])
    ICP.set_param("web.base.url.freeze", "True")
    company = env.company
    company.write({"payment_portal_frame_origins": "https://www.partner.example.com"})
    demo = env.ref("payment.payment_provider_demo")
    demo.write({"state": "test", "is_published": True, "allow_tokenization": True})
    demo.journal_id  # noqa: B018 (as the provider form does: its payment method line, now)
    method = env.ref("payment_demo.payment_method_demo")
    portal = env.ref("base.group_portal")
    Partner = env["res.partner"]
    a = _customer(env, params, "HARBOR-1001", "Harbor Supplies", "harbor.example.com")
    b = _customer(env, params, "RIVAL-2002", "Rival Corp", "rival.example.com")
    colleague = Partner.create(
        {
            "name": "Colin Colleague",
            "parent_id": a["company"],
            "email": "colin@harbor.example.com",
        }
    )
    colleague_user = env["res.users"].create(
        {
            "name": colleague.name,
            "login": colleague.email,
            "partner_id": colleague.id,
            "password": password,
            "group_ids": [Command.set(portal.ids)],
        }
    )
    invoicing = env["res.users"].create(
        {
            "name": "Ivy Invoicing",
            "login": "ivy@vendor.example.com",
            "password": password,
            "group_ids": [Command.set(env.ref("account.group_account_invoice").ids)],
        }
    )
    env.ref("base.user_admin").password = password
    # test_security looks for B's invoice and credit names in A's pages: none
    # may hold another (INV/2026/00012 in RINV/2026/00012)
    for mine, theirs in ((a, b), (b, a)):
        names = [
            *theirs["invoice_names"],
            *theirs["credit_names"],
            theirs["credit_invoice_name"],
        ]
        clash = [(n, m) for n in names for m in mine["credit_names"] if n in m]
        assert not clash, clash
    env.cr.commit()
    return {
        "a": a,
        "b": b,
        "company": company.id,
        "demo": {"provider": demo.id, "method": method.id},
        "colleague": {"login": colleague_user.login, "contact": colleague.id},
        "invoicing": {"login": invoicing.login},
        "admin": {"login": "admin"},
    }
