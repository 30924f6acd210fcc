# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Benchmarks against Odoo's native equivalent on the same data.

They run on a scratch database of their own, with committed data, as a live
database has it: rows left uncommitted in a test transaction keep
PostgreSQL's statistics stale, and Odoo's reconciliation queries then get
plans no real database would. They print the ratios (past pytest's capture)
and assert only what holds on any machine: the same work was done.

1. GET /my/pay vs native GET /my/invoices for a customer with 2,000 invoices,
   80 rows a page each, through a real Odoo server (target: at most 1.5x);
   the native page with the portal off (on, /my/invoices leads to /my/pay).
2. Paying 200 invoices in one payment (transaction, post-processing,
   reconciliation, receipt) vs native Register Payment grouping 200 invoices
   (target: at most 1.2x).
"""

import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from odoo.tools import config

from ..odoo_process import odoo_script, run_odoo

SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``
ROUNDS = 5
PAY_ROUNDS = 8
PASSWORD = "Bench-Portal-2026"


def _report(capsys, title, ours, native, target):
    ratio = ours / native
    with capsys.disabled():
        print(
            f"\n[benchmark] {title}: ours {ours * 1000:.0f} ms,"
            f" native {native * 1000:.0f} ms, ratio {ratio:.2f} (target <= {target})"
        )


@contextmanager
def scratch_db(prefix, modules, script, params):
    """A database of its own with ``modules`` installed and the data that
    ``script`` (in ``odoo shell``, with ``params``) commits, analysed as
    autovacuum does on a live database after such a bulk load; yields its
    name and the script's result, and drops it."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        run_odoo(
            "-d",
            name,
            "-i",
            modules,
            "--stop-after-init",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        )
        result = odoo_script(name, SCRIPTS / script, params)
        subprocess.run(["psql", "-q", "-d", name, "-c", "ANALYZE"], check=True)
        yield name, result
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", name], capture_output=True, check=False
        )


@pytest.fixture(scope="module")
def bench_db():
    with scratch_db(
        "pp_bench",
        "payment_portal,payment_portal_gateway,website,payment_demo",
        "pay_invoices_setup.py",
        {"password": PASSWORD},
    ) as (name, _customer):
        yield name


@contextmanager
def serving(db):
    """A real Odoo server on ``db``, on a free port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    addons_path = ",".join(config["addons_path"])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={addons_path}",
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(bench_db):
    with serving(bench_db) as base:
        yield base


def _median_get(session, url):
    session.get(url, timeout=60)  # warm up
    samples = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(samples), response.text


def test_pay_page_vs_native_invoices_page(server, bench_db, capsys):
    session = requests.Session()
    login = session.get(f"{server}/web/login", timeout=30)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
    session.post(
        f"{server}/web/login",
        data={
            "login": "bea@bench.example.com",
            "password": PASSWORD,
            "csrf_token": csrf,
        },
        timeout=30,
    )
    ours, ours_page = _median_get(session, f"{server}/my/pay?filterby=all")
    # With the portal on, /my/invoices leads to /my/pay: Odoo's list is what
    # the customers of a company with the portal off see.
    odoo_script(bench_db, SCRIPTS / "portal_switch.py", {"enabled": False})
    try:
        native, native_page = _median_get(session, f"{server}/my/invoices")
    finally:
        odoo_script(bench_db, SCRIPTS / "portal_switch.py", {"enabled": True})
    assert "o_payment_portal_invoice_row" not in native_page
    assert ours_page.count("o_payment_portal_invoice_row") == 80
    assert native_page.count("/my/invoices/") >= 80
    _report(capsys, "invoice page, 2,000 invoices, 80 rows", ours, native, 1.5)


def test_pay_200_invoices_vs_native_register_payment(bench_db, capsys):
    result = odoo_script(
        bench_db, SCRIPTS / "pay_invoices_pay.py", {"rounds": PAY_ROUNDS}
    )
    assert result["checks"] == [True] * (2 * PAY_ROUNDS)
    _report(
        capsys, "pay 200 invoices in one payment", result["ours"], result["native"], 1.2
    )
