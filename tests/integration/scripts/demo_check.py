# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_module_lifecycle.py, in ``odoo shell``: the demo's customers, their
portal logins and the payment states of their posted invoices."""

from datetime import date

EMAILS = [
    "billing@northwind.example.com",
    "ap@globex.example.com",
    "accounts@initech.example.com",
]


def main(env, params):
    Move = env["account.move"]
    customers = env["res.partner"].search(
        [("is_company", "=", True), ("email", "in", EMAILS)]
    )
    result = {}
    for customer in customers:
        invoices = Move.search(
            [
                ("partner_id", "=", customer.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        logins = env["res.users"].search(
            [("partner_id", "child_of", customer.id), ("share", "=", True)]
        )
        result[customer.name] = {
            "logins": logins.mapped("login"),
            "portal": all(user._is_portal() for user in logins),
            "states": sorted(set(invoices.mapped("payment_state"))),
            "overdue": bool(
                invoices.filtered(
                    lambda m: (
                        m.payment_state != "paid" and m.invoice_date_due < date.today()
                    )
                )
            ),
        }
    return result
