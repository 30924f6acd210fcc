# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_load.py's customers, in ``odoo shell``: ``count`` portal customers
with ``invoices`` open invoices each; returns their logins and invoices.

params: ``password``, ``count``, ``invoices``."""

from datetime import timedelta

from odoo import Command, fields


def main(env, params):
    password = params["password"]
    today = fields.Date.today()
    portal = env.ref("base.group_portal")
    customers = []
    for n in range(int(params["count"])):
        company = env["res.partner"].create(
            {
                "name": f"Load Customer {n:03d}",
                "is_company": True,
                "email": f"ap@load{n:03d}.example.com",
            }
        )
        contact = env["res.partner"].create(
            {
                "name": f"Load Buyer {n:03d}",
                "parent_id": company.id,
                "email": f"buyer@load{n:03d}.example.com",
            }
        )
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": contact.name,
                "login": contact.email,
                "partner_id": contact.id,
                "password": password,
                "group_ids": [Command.set(portal.ids)],
            }
        )
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": company.id,
                    "invoice_date": today - timedelta(days=10),
                    "invoice_date_due": today + timedelta(days=20),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "load",
                                "price_unit": 10.0 + n + i / 100,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for i in range(int(params["invoices"]))
            ]
        )
        invoices.action_post()
        customers.append(
            {
                "login": contact.email,
                "password": password,
                "company": company.id,
                "invoices": [[m.id, m.amount_residual] for m in invoices],
            }
        )
    env.cr.commit()
    return customers
