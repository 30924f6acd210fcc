# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_emails.py's customers and payments, in ``odoo shell``, and an SMTP
server for the mail queue.

params: ``smtp_port`` (the test's SMTP server), ``password``."""

from datetime import timedelta

from odoo import Command, fields

SMTP_NAME = "live suite SMTP (test_emails)"


class _Scenario:
    """The records every step uses."""

    def __init__(self, env):
        self.env = env
        self.today = fields.Date.today()
        self.demo = env.ref("payment.payment_provider_demo")
        self.method = env.ref("payment_demo.payment_method_demo")
        self.Tx = env["payment.transaction"].sudo()

    def invoices(self, company_partner, amounts, due_in_days):
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": company_partner.id,
                    "invoice_date": self.today - timedelta(days=20),
                    "invoice_date_due": self.today + timedelta(days=due_in_days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": f"mail service {amount}",
                                "price_unit": amount,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for amount in amounts
            ]
        )
        moves.action_post()
        return moves

    def token(self, contact, digits, state):
        return self.env["payment.token"].create(
            {
                "provider_id": self.demo.id,
                "payment_method_id": self.method.id,
                "partner_id": contact.id,
                "payment_details": digits,
                "provider_ref": f"mail-{contact.id}-{digits}",
                "demo_simulated_state": state,
            }
        )

    def portal_tx(self, contact, moves, key):
        return self.Tx.create(
            {
                "provider_id": self.demo.id,
                "payment_method_id": self.method.id,
                "reference": f"MAIL-{key}",
                "amount": sum(moves.mapped("amount_residual")),
                "currency_id": moves[0].currency_id.id,
                "partner_id": contact.id,
                "invoice_ids": [Command.set(moves.ids)],
                "payment_portal_origin": "portal",
            }
        )


def _mara(env, s, password, txs):
    """Mara signs in (she did once: her failure button reopens the
    selection); her payments go in ``txs``. Returns her user."""
    Partner = env["res.partner"]
    mailer = Partner.create(
        {
            "name": "Mailer Inc",
            "is_company": True,
            "email": "ap@mailer.example.com",
            "ref": "MAILER-3003",
        }
    )
    mara = Partner.create(
        {
            "name": "Mara Mailer",
            "parent_id": mailer.id,
            "email": "mara@mailer.example.com",
        }
    )
    mara_user = env["res.users"].create(
        {
            "name": mara.name,
            "login": mara.email,
            "partner_id": mara.id,
            "password": password,
            "group_ids": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    env["res.users.log"].with_user(mara_user).sudo().create({})
    Partner.create(
        {
            "name": "Mailer Payables",
            "parent_id": mailer.id,
            "type": "invoice",
            "email": "payables@mailer.example.com",
            "payment_portal_billing_email": True,
        }
    )
    # a card payment
    tx = s.portal_tx(mara, s.invoices(mailer, [310.0], 30), "card")
    tx._set_done()
    tx._post_process()
    txs["card"] = tx
    # ACH: pending, then settled
    tx = s.portal_tx(mara, s.invoices(mailer, [320.0, 321.0], 30), "ach-settled")
    tx._set_pending()
    tx._post_process()
    tx._set_done()
    tx._post_process()
    txs["ach_settled"] = tx
    # ACH: pending, then returned by the bank
    tx = s.portal_tx(mara, s.invoices(mailer, [330.0, 331.0], 30), "ach-returned")
    tx._set_pending()
    tx._post_process()
    tx._set_error("R01: insufficient funds (returned)")
    tx._post_process()
    txs["ach_returned"] = tx
    # a scheduled payment, run today
    saved = s.token(mara, "4242", "done")
    moves = s.invoices(mailer, [340.0], 30)
    schedule = env["payment.portal.schedule"].create(
        {
            "partner_id": mailer.id,
            "company_id": env.company.id,
            "token_id": saved.id,
            "amount": 340.0,
            "date": s.today,
            "currency_id": moves.currency_id.id,
            "invoice_ids": [Command.set(moves.ids)],
        }
    )
    schedule._payment_portal_run()
    txs["schedule"] = schedule.transaction_id
    # Auto Pay: the due invoice charged on the saved card
    s.invoices(mailer, [350.0], -1)
    mailer_autopay = env["payment.portal.autopay"].create(
        {
            "partner_id": mailer.id,
            "state": "on",
            "company_id": saved.company_id.id,
            "token_id": saved.id,
        }
    )
    mailer_autopay._payment_portal_run()
    txs["autopay"] = s.Tx.search(
        [("partner_id", "=", mara.id), ("payment_portal_origin", "=", "autopay")]
    )
    mailer_autopay.state = "off"
    return mara_user


def _nolan(env, s, txs):
    """Nolan has no login: his Auto Pay card is declined."""
    Partner = env["res.partner"]
    nologin = Partner.create(
        {"name": "No Login Ltd", "is_company": True, "email": "ap@nologin.example.com"}
    )
    nolan = Partner.create(
        {
            "name": "Nolan Nologin",
            "parent_id": nologin.id,
            "email": "nolan@nologin.example.com",
        }
    )
    declined = s.token(nolan, "0002", "error")
    s.invoices(nologin, [360.0], -1)
    nologin_autopay = env["payment.portal.autopay"].create(
        {
            "partner_id": nologin.id,
            "state": "on",
            "company_id": declined.company_id.id,
            "token_id": declined.id,
        }
    )
    nologin_autopay._payment_portal_run()
    txs["autopay_declined"] = s.Tx.search([("partner_id", "=", nolan.id)])
    nologin_autopay.state = "off"


def main(env, params):
    s = _Scenario(env)
    env["ir.mail_server"].create(
        {
            "name": SMTP_NAME,
            "smtp_host": "127.0.0.1",
            "smtp_port": params["smtp_port"],
            "smtp_encryption": "none",
            "sequence": 1,
        }
    )
    txs = {}
    mara_user = _mara(env, s, params["password"], txs)
    _nolan(env, s, txs)
    env.cr.commit()
    return {
        "txs": {
            key: {
                "id": tx.id,
                "reference": tx.reference,
                "state": tx.state,
                "invoices": tx.invoice_ids.ids,
                "url": tx._payment_portal_payment_url(),
            }
            for key, tx in txs.items()
        },
        "login": mara_user.login,
        "base_url": env["payment.transaction"].get_base_url(),
        "cron": env.ref("mail.ir_cron_mail_scheduler_action").id,
    }
