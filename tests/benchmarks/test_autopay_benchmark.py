# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay against Odoo's native way of charging saved payment methods.

One Auto Pay cron run over N customers with 5 due invoices each, through the
demo provider, against the same invoices paid the native way: the Register
Payment wizard with the customer's saved token, one payment per invoice
(``account_payment`` then creates and charges a transaction per payment).
Both run on copies of one scratch database, in fresh processes, committing
per customer; printed: invoices per second, the peak resident memory the
run added (sampled every 20 ms),
and the ratio (target: Auto Pay at least as fast as native). Auto Pay's
memory is read twice in the same run, once N/2 customers are committed and
at the end (target: flat as N grows). One run, not a run at N/2 and one at
N: the memory a fresh process has free before it starts varies by several
MB from one process to the next, more than what is measured.

N is 60 by default (setup/test); PAYMENT_PORTAL_BENCH_FULL=1 runs the
issue's 1,000 customers (5,000 invoices, several minutes), and
PAYMENT_PORTAL_BENCH_CUSTOMERS=N any other count.
"""

import os
import subprocess
from pathlib import Path

import pytest

from ..odoo_process import odoo_script
from .test_pay_invoices_benchmark import scratch_db

SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``
CUSTOMERS = int(
    os.environ.get("PAYMENT_PORTAL_BENCH_CUSTOMERS")
    or (1000 if os.environ.get("PAYMENT_PORTAL_BENCH_FULL") else 60)
)


@pytest.fixture(scope="module")
def autopay_db():
    with scratch_db(
        "pp_bench_ap",
        "payment_portal,payment_demo",
        "autopay_setup.py",
        {"customers": CUSTOMERS},
    ) as (name, _result):
        copies = []

        def copy():
            target = f"{name}_{len(copies)}"
            subprocess.run(["createdb", "-T", name, target], check=True)
            copies.append(target)
            return target

        yield copy
        for db in copies:
            subprocess.run(
                ["dropdb", "--if-exists", db], capture_output=True, check=False
            )


def _measure(db, limit, native):
    return odoo_script(
        db, SCRIPTS / "autopay_measure.py", {"limit": limit, "native": native}
    )


def test_autopay_run_vs_native_token_charges(autopay_db, capsys):
    ours = _measure(autopay_db(), CUSTOMERS, native=False)
    native = _measure(autopay_db(), CUSTOMERS, native=True)
    for result in (ours, native):
        assert result["invoices"] == 5 * CUSTOMERS
        assert result["paid"] == result["invoices"], result
    assert ours["transactions"] == CUSTOMERS, "one transaction per customer"
    assert native["transactions"] == 5 * CUSTOMERS, "one per invoice, natively"
    rate_ours = ours["invoices"] / ours["seconds"]
    rate_native = native["invoices"] / native["seconds"]
    growth = ours["memory_kb"] / max(ours["memory_half_kb"], 1) - 1
    with capsys.disabled():
        print(
            f"\n[benchmark] Auto Pay, {CUSTOMERS} customers x 5 invoices: "
            f"ours {rate_ours:.1f} invoices/s ({ours['seconds']:.1f} s), "
            f"native token charge per invoice {rate_native:.1f} invoices/s "
            f"({native['seconds']:.1f} s), speed ratio {rate_ours / rate_native:.2f} "
            f"(target >= 1); peak memory added: ours "
            f"{ours['memory_half_kb'] / 1024:.1f} MB after {CUSTOMERS // 2} "
            f"customers, {ours['memory_kb'] / 1024:.1f} MB after {CUSTOMERS} "
            f"(growth {growth:+.0%}, target flat); native "
            f"{native['memory_kb'] / 1024:.1f} MB"
        )
