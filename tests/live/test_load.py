# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Load: simulated customers (locust) browse invoices, pay them on the Paya
simulator's hosted page and look at their history, against the prefork
server. Fails on any error or any disagreement between the simulator's
ledger and Odoo's payments, never on a time.

``PAYMENT_PORTAL_LOAD_USERS`` (default 50) and
``PAYMENT_PORTAL_LOAD_SECONDS`` (default 60: the full run; ``setup/test``
shortens it unless given ``--full-load``). Locust runs from its own
virtual environment (``PAYMENT_PORTAL_LOCUST``, set up by ``setup/test``),
so its gevent does not meet Odoo's."""

import csv
import json
import os
import subprocess
import tempfile
import threading
import time

import pytest

USERS = int(os.environ.get("PAYMENT_PORTAL_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("PAYMENT_PORTAL_LOAD_SECONDS", "60"))
LOCUST = os.environ.get(
    "PAYMENT_PORTAL_LOCUST",
    os.path.expanduser("~/.cache/payment_portal/locust-venv/bin/locust"),
)


def _memory(pids):
    """Resident and peak resident memory (kB) of each process."""
    figures = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                values = dict(line.split(":", 1) for line in status.read().splitlines())
        except OSError:
            continue
        if "VmRSS" not in values:  # a worker that just exited (zombie)
            continue
        figures[pid] = (
            int(values["VmRSS"].split()[0]),
            int(values["VmHWM"].split()[0]),
        )
    return figures


def test_load(live):
    if not os.path.exists(LOCUST):
        pytest.fail(
            f"locust is not installed at {LOCUST}: run setup/test (it installs it) "
            "or set PAYMENT_PORTAL_LOCUST"
        )
    from . import scenario

    paya = live.paya()
    customers = live.script(
        "load_customers",
        {"password": scenario.PASSWORD, "count": USERS, "invoices": 12},
    )
    workdir = tempfile.mkdtemp(prefix="pp_load_")
    data_path = os.path.join(workdir, "data.json")
    with open(data_path, "w", encoding="utf-8") as data_file:
        json.dump(
            {
                "customers": customers,
                "provider": paya["provider"],
                "card": paya["card"],
            },
            data_file,
        )
    peak = {}
    sampling = threading.Event()

    def sample():
        while not sampling.is_set():
            for pid, (rss, _hwm) in _memory(live.server.children()).items():
                peak[pid] = max(peak.get(pid, 0), rss)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    result = subprocess.run(
        [
            LOCUST,
            "-f",
            os.path.join(os.path.dirname(__file__), "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(max(USERS // 5, 1)),
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "60",
            "--host",
            live.server.url,
            "--csv",
            os.path.join(workdir, "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "PAYMENT_PORTAL_LOAD_DATA": data_path},
        capture_output=True,
        text=True,
        timeout=SECONDS + 300,
        check=False,
    )
    elapsed = time.monotonic() - started
    sampling.set()
    sampler.join()
    hwm = {pid: figures[1] for pid, figures in _memory(live.server.children()).items()}
    with open(os.path.join(workdir, "load_stats.csv"), encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    with open(os.path.join(workdir, "load_failures.csv"), encoding="utf-8") as fails:
        failures = list(csv.DictReader(fails))

    # The ledgers: every card charge at the simulator is one done transaction
    # of the same amount in Odoo, and the reverse; every invoice paid once.
    companies = ",".join(str(c["company"]) for c in customers)
    done = live.sql(
        "SELECT string_agg(tx.reference || '=' || tx.amount::numeric(12,2), ' ' "
        "ORDER BY tx.reference) FROM payment_transaction tx "
        "JOIN res_partner p ON p.id = tx.partner_id "
        f"WHERE p.commercial_partner_id IN ({companies}) AND tx.state = 'done' "
        f"AND tx.provider_id = {paya['provider']}"
    )
    odoo_ledger = dict(item.split("=") for item in (done or "").split())
    references = set(odoo_ledger)
    # every transaction of these customers, whatever its state
    attempted = set(
        live.sql(
            "SELECT string_agg(tx.reference, ' ') FROM payment_transaction tx "
            "JOIN res_partner p ON p.id = tx.partner_id "
            f"WHERE p.commercial_partner_id IN ({companies}) "
            f"AND tx.provider_id = {paya['provider']}"
        ).split()
    )
    sim_ledger = {}
    for entry in live.simulator.ledger:
        if entry["transaction_api_id"] in attempted:
            sim_ledger.setdefault(entry["transaction_api_id"], []).append(entry)
    mismatches = []
    for reference, amount in odoo_ledger.items():
        sales = [e for e in sim_ledger.get(reference, []) if e["kind"] == "charge"]
        if len(sales) != 1 or f"{float(sales[0]['amount']):.2f}" != amount:
            mismatches.append(f"{reference}: Odoo {amount}, simulator {sales}")
    for reference, entries in sim_ledger.items():
        if reference not in odoo_ledger:
            mismatches.append(f"{reference}: at the simulator only: {entries}")
    twice = live.sql(
        "SELECT count(*) FROM (SELECT rel.invoice_id"
        " FROM account_invoice_transaction_rel rel"
        " JOIN payment_transaction tx ON tx.id = rel.transaction_id"
        " JOIN account_move m ON m.id = rel.invoice_id"
        f" WHERE m.commercial_partner_id IN ({companies}) AND tx.state = 'done'"
        " GROUP BY rel.invoice_id HAVING count(*) > 1) twice"
    )
    unpaid = live.sql(
        "SELECT count(*) FROM account_move m JOIN account_invoice_transaction_rel rel"
        " ON rel.invoice_id = m.id JOIN payment_transaction tx"
        " ON tx.id = rel.transaction_id"
        f" WHERE m.commercial_partner_id IN ({companies}) AND tx.state = 'done'"
        " AND m.payment_state NOT IN ('paid', 'in_payment')"
    )
    payments = live.sql(
        "SELECT count(*) FROM account_payment ap JOIN payment_transaction tx"
        " ON tx.id = ap.payment_transaction_id"
        f" WHERE tx.provider_id = {paya['provider']}"
        f" AND tx.reference IN ({','.join(repr(r) for r in references) or 'NULL'})"
    )
    workers_mb = ", ".join(f"{kb / 1024:.0f}" for kb in sorted(peak.values()))
    hwm_mb = ", ".join(f"{kb / 1024:.0f}" for kb in sorted(hwm.values()))
    live.report(
        f"load: {USERS} customers for {SECONDS} s (locust, {elapsed:.0f} s with "
        f"ramp-up and stop): {total['Request Count']} requests, "
        f"{float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, "
        f"p95 {total['95%']} ms, p99 {total['99%']} ms, "
        f"{total['Failure Count']} failures; {len(odoo_ledger)} card payments "
        f"({payments} Odoo payments) = {len(sim_ledger)} simulator charges, "
        f"{len(mismatches)} ledger mismatches, {twice} invoices paid twice; "
        f"workers' peak RSS sampled {workers_mb} MB (VmHWM {hwm_mb} MB)"
    )
    payment_rows = {
        name: row["Request Count"] for name, row in rows.items() if "paya" in name
    }
    assert result.returncode == 0 and not failures, (
        result.stdout[-3000:] + result.stderr[-3000:] + json.dumps(failures[:10])
    )
    assert int(total["Failure Count"]) == 0
    assert odoo_ledger, f"no payment went through: {payment_rows}"
    assert not mismatches, "\n".join(mismatches[:20])
    assert twice == "0" and unpaid == "0"
    assert int(payments) == len(odoo_ledger)
