# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_pay_invoices_benchmark.py's data, in ``odoo shell``: Bench Co, its
portal buyer Bea (``password``, params) and 2,000 posted invoices (or
``chunks`` hundreds, params), committed by hundreds."""

from datetime import timedelta

from odoo import Command, fields


def _invoices(env, count, partner):
    today = fields.Date.today()
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_date_due": today + timedelta(days=30 - i % 60),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Supplies", "price_unit": 10.0 + i, "tax_ids": []}
                    )
                ],
            }
            for i in range(count)
        ]
    )
    moves.action_post()
    env.cr.commit()
    return moves


def main(env, params):
    env.ref("payment.payment_provider_demo").write({"state": "test"})
    customer = env["res.partner"].create({"name": "Bench Co", "is_company": True})
    buyer = env["res.partner"].create(
        {
            "name": "Bea Bench",
            "parent_id": customer.id,
            "email": "bea@bench.example.com",
        }
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": "bea@bench.example.com",
            "password": params["password"],
            "partner_id": buyer.id,
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    for _chunk in range(int(params.get("chunks", 20))):
        _invoices(env, 100, customer)
    env.cr.commit()
    return {"customer": customer.id}
