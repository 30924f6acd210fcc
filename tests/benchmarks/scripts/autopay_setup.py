# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_autopay_benchmark.py's data, in ``odoo shell``: ``customers``
(params) on Auto Pay with a demo token and 5 due invoices each, committed by
hundreds; returns how many invoices are posted."""

from datetime import timedelta

from odoo import Command, fields


def _chunk(env, provider, method, start, stop):
    today = fields.Date.today()
    customers = env["res.partner"].create(
        [
            {
                "name": f"Autopay Customer {i}",
                "is_company": True,
                "email": f"ap{i}@bench.example.com",
            }
            for i in range(start, stop)
        ]
    )
    tokens = env["payment.token"].create(
        [
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "partner_id": customer.id,
                "payment_details": "4242",
                "provider_ref": f"bench-{customer.id}",
                "demo_simulated_state": "done",
            }
            for customer in customers
        ]
    )
    env["payment.portal.autopay"].create(
        [
            {
                "partner_id": customer.id,
                "company_id": token.company_id.id,
                "state": "on",
                "token_id": token.id,
            }
            for customer, token in zip(customers, tokens, strict=True)
        ]
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today - timedelta(days=30),
                "invoice_date_due": today - timedelta(days=1),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Service", "price_unit": 50.0 + n, "tax_ids": []}
                    )
                ],
            }
            for customer in customers
            for n in range(5)
        ]
    )
    moves.action_post()


def main(env, params):
    count = int(params["customers"])
    provider = env.ref("payment.payment_provider_demo")
    provider.write({"state": "test"})
    method = env.ref("payment_demo.payment_method_demo")
    for chunk in range(0, count, 100):
        _chunk(env, provider, method, chunk, min(chunk + 100, count))
        env.cr.commit()
    return {
        "invoices": env["account.move"].search_count(
            [
                ("partner_id.name", "=like", "Autopay Customer %"),
                ("state", "=", "posted"),
            ]
        )
    }
