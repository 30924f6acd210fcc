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

import pytest
import requests

from odoo.tools import config

from ..odoo_process import odoo_shell, run_odoo

ROUNDS = 5
PAY_ROUNDS = 8
PASSWORD = "Bench-Portal-2026"

SETUP = """
import json
from datetime import timedelta
from odoo import fields, Command
env.ref("payment.payment_provider_demo").write({"state": "test"})
customer = env["res.partner"].create({"name": "Bench Co", "is_company": True})
buyer = env["res.partner"].create(
    {"name": "Bea Bench", "parent_id": customer.id, "email": "bea@bench.example.com"})
env["res.users"].with_context(no_reset_password=True).create({
    "login": "bea@bench.example.com", "password": "%(password)s",
    "partner_id": buyer.id,
    "group_ids": [Command.set([env.ref("base.group_portal").id])]})
today = fields.Date.today()
def invoices(count, partner):
    moves = env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": today,
        "invoice_date_due": today + timedelta(days=30 - i %% 60),
        "invoice_line_ids": [Command.create(
            {"name": "Supplies", "price_unit": 10.0 + i, "tax_ids": []})],
    } for i in range(count)])
    moves.action_post()
    env.cr.commit()
    return moves
for _chunk in range(20):
    invoices(100, customer)
env.cr.commit()
print("RESULT=" + json.dumps({"customer": customer.id}))
""" % {"password": PASSWORD}

PAY = """
import json, statistics, time
from datetime import timedelta
from odoo import fields, Command
provider = env.ref("payment.payment_provider_demo")
method = env.ref("payment_demo.payment_method_demo")
customer = env["res.partner"].search([("name", "=", "Bench Co")])
buyer = customer.child_ids
company = env.company
today = fields.Date.today()
def invoices(count):
    moves = env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": customer.id, "invoice_date": today,
        "invoice_date_due": today, "invoice_line_ids": [Command.create(
            {"name": "Supplies", "price_unit": 10.0 + i, "tax_ids": []})],
    } for i in range(count)])
    moves.action_post()
    env.cr.commit()
    return moves
def ours(moves):
    amount = moves._payment_portal_prepare_payment()
    tx = env["payment.transaction"].sudo().create({
        "provider_id": provider.id, "payment_method_id": method.id, "amount": amount,
        "currency_id": moves.currency_id.id, "partner_id": buyer[:1].id,
        "reference": env["payment.transaction"]._compute_reference(
            "demo", prefix=company.get_next_batch_payment_communication()),
        "operation": "online_direct", "invoice_ids": [Command.set(moves.ids)],
        "payment_portal_origin": "portal"})
    tx._set_done()
    tx._post_process()
    env.flush_all()
    return tx.payment_id
def native(moves):
    payments = env["account.payment.register"].with_context(
        active_model="account.move", active_ids=moves.ids,
    ).create({"group_payment": True, "journal_id": provider.journal_id.id})
    payments = payments._create_payments()
    env.flush_all()
    return payments
timings = {"ours": [], "native": []}
checks = []
for _round in range(%(rounds)d):
    # Alternate who goes first: the database grows as rounds go by.
    order = (("ours", ours), ("native", native))
    for name, pay in order if _round %% 2 == 0 else order[::-1]:
        moves = invoices(200)
        started = time.perf_counter()
        payment = pay(moves)
        timings[name].append(time.perf_counter() - started)
        env.cr.commit()
        checks.append(len(payment) == 1 and payment.reconciled_invoice_ids == moves
            and all(m.payment_state in ("paid", "in_payment") for m in moves))
print("RESULT=" + json.dumps({
    "ours": statistics.median(timings["ours"]),
    "native": statistics.median(timings["native"]),
    "checks": checks}))
""" % {"rounds": PAY_ROUNDS}


def _report(capsys, title, ours, native, target):
    ratio = ours / native
    with capsys.disabled():
        print(
            f"\n[benchmark] {title}: ours {ours * 1000:.0f} ms,"
            f" native {native * 1000:.0f} ms, ratio {ratio:.2f} (target <= {target})"
        )


@pytest.fixture(scope="module")
def bench_db():
    name = f"pp_bench_{uuid.uuid4().hex[:8]}"
    run_odoo(
        "-d",
        name,
        "-i",
        "payment_portal,payment_portal_gateway,website,payment_demo",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )
    odoo_shell(name, SETUP)
    # As autovacuum does on a live database after such a bulk load.
    subprocess.run(["psql", "-q", "-d", name, "-c", "ANALYZE"], check=True)
    yield name
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)


@pytest.fixture(scope="module")
def server(bench_db):
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
            bench_db,
            f"--db-filter=^{bench_db}$",
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


def _median_get(session, url):
    session.get(url, timeout=60)  # warm up
    samples = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(samples), response.text


PORTAL_SWITCH = """
import json
env["res.company"].search([]).write({"payment_portal_enabled": %(enabled)s})
env.cr.commit()
print("RESULT=" + json.dumps(True))
"""


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
    odoo_shell(bench_db, PORTAL_SWITCH % {"enabled": False})
    try:
        native, native_page = _median_get(session, f"{server}/my/invoices")
    finally:
        odoo_shell(bench_db, PORTAL_SWITCH % {"enabled": True})
    assert "o_payment_portal_invoice_row" not in native_page
    assert ours_page.count("o_payment_portal_invoice_row") == 80
    assert native_page.count("/my/invoices/") >= 80
    _report(capsys, "invoice page, 2,000 invoices, 80 rows", ours, native, 1.5)


def test_pay_200_invoices_vs_native_register_payment(bench_db, capsys):
    result = odoo_shell(bench_db, PAY)
    assert result["checks"] == [True] * (2 * PAY_ROUNDS)
    _report(
        capsys, "pay 200 invoices in one payment", result["ours"], result["native"], 1.2
    )
