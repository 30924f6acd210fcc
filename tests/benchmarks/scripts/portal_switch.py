# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_pay_invoices_benchmark.py, in ``odoo shell``: the portal on or off
(``enabled``, params) for every company."""


def main(env, params):
    env["res.company"].search([]).write(
        {"payment_portal_enabled": bool(params["enabled"])}
    )
    env.cr.commit()
    return True
