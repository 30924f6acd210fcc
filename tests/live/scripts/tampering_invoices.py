# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_tampering.py's invoices, in ``odoo shell``: three invoices of the
``company`` (params), the last one paid, and the euro made active."""

from datetime import timedelta

from odoo import Command, fields


def main(env, params):
    partner = env["res.partner"].browse(int(params["company"]))
    today = fields.Date.today()
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=3),
                "invoice_date_due": today + timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {"name": f"tamper {n}", "price_unit": 40.0 + n, "tax_ids": []}
                    )
                ],
            }
            for n in range(3)
        ]
    )
    invoices.action_post()
    paid = invoices[2]
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.ids
    ).create({})._create_payments()
    eur = env.ref("base.EUR")
    eur.active = True
    env.cr.commit()
    return {
        "open": invoices[:2].ids,
        "paid": paid.id,
        "eur": eur.id,
        "residual": sum(invoices[:2].mapped("amount_residual")),
    }
