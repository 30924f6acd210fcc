# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Settling invoices and credit notes in one payment against Odoo's native
way, on the same data (see test_pay_invoices_benchmark.py for the method).

Ours: the portal's path, one transaction applying the credit notes and
charging the rest (post-processing reconciles the credits, then the
payment). Native: staff apply each credit note from an invoice's form (the
*Outstanding credits* widget), then Register Payment (group payment) for the
rest. Two sizes, 50 invoices + 12 credit notes and the issue's 200 + 50, to
show how the cost grows (target: ours at most native's time, ratio <= 1.0).
"""

from pathlib import Path

import pytest

from ..odoo_process import odoo_script
from .test_pay_invoices_benchmark import PASSWORD, _report, scratch_db

SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``
ROUNDS = 6


@pytest.fixture(scope="module")
def credits_db():
    # Bench Co with 200 invoices already (a customer's history).
    with scratch_db(
        "pp_bench_cr",
        "payment_portal,payment_demo",
        "pay_invoices_setup.py",
        {"password": PASSWORD, "chunks": 2},
    ) as (name, _customer):
        yield name


@pytest.mark.parametrize("invoices, credits", [(50, 12), (200, 50)])
def test_settle_with_credits_vs_native(credits_db, capsys, invoices, credits):
    result = odoo_script(
        credits_db,
        SCRIPTS / "credits_pay.py",
        {"rounds": ROUNDS, "invoices": invoices, "credits": credits},
    )
    assert result["checks"] == [True] * (2 * ROUNDS)
    _report(
        capsys,
        f"settle {invoices} invoices and {credits} credit notes in one payment",
        result["ours"],
        result["native"],
        1.0,
    )
