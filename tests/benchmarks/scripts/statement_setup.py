# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_statement_benchmark.py's data, in ``odoo shell``: for each of
``sizes`` (params), a customer "Statement <size>" with that many open
invoices (the lines of its statement), posted and committed by hundreds
(pay_invoices_setup.py's)."""

import runpy
from pathlib import Path

SETUP = runpy.run_path(str(Path(__file__).with_name("pay_invoices_setup.py")))


def main(env, params):
    customers = {}
    for size in params["sizes"]:
        customer = env["res.partner"].create(
            {"name": f"Statement {size}", "is_company": True}
        )
        for _chunk in range(int(size) // 100):
            SETUP["_invoices"](env, 100, customer)
        customers[str(size)] = customer.id
    env.cr.commit()
    return customers
