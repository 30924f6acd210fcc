# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The scenario of test_faults.py: its customers (scripts/faults_configure.py,
run in ``odoo shell``), the ``Faults``
context, its fixtures and helpers (processes, sockets, the ledger check)."""

import os
import re
import time
from collections import defaultdict

import requests

from .scenario import PASSWORD
from .server import transaction_params

CARD = "4111111111111111"
AUTOPAY_CUSTOMERS = 8
PAYERS = 4

# --- helpers ---------------------------------------------------------------


class Faults:
    """The module's view of the live server, the simulator and the DB."""

    def __init__(self, live, data, ledger_start):
        self.live = live
        self.sim = live.simulator
        self.data = data
        self.ledger_start = ledger_start

    # -- SQL --
    def sql(self, query):
        return self.live.sql(query)

    def rows(self, query):
        out = self.sql(query)
        return [line.split("|") for line in out.splitlines()] if out else []

    def tx(self, reference):
        row = self.rows(
            "SELECT id, state, coalesce(state_message, ''), amount, "
            "coalesce(payment_id, 0), is_post_processed "
            f"FROM payment_transaction WHERE reference = '{reference}'"
        )
        if not row:
            return None
        tx_id, state, message, amount, payment, post = row[0]
        return {
            "id": int(tx_id),
            "state": state,
            "message": message,
            "amount": float(amount),
            "payment": int(payment),
            "post_processed": post == "t",
        }

    def payments_of(self, tx_id):
        return int(
            self.sql(
                "SELECT count(*) FROM account_payment "
                f"WHERE payment_transaction_id = {tx_id}"
            )
        )

    # -- simulator --
    def my_ledger(self):
        with self.sim.lock:
            return list(self.sim.ledger[self.ledger_start :])

    def charges(self, reference):
        return [
            entry
            for entry in self.my_ledger()
            if entry["transaction_api_id"] == reference and entry["kind"] == "charge"
        ]

    def clear_faults(self):
        with self.sim.lock:
            self.sim.faults.clear()

    # -- crons --
    def run_cron(self, name, timeout=180):
        """Make the cron due and wake the cron worker (NOTIFY, as
        ir.cron._trigger does); wait until a run that started after this
        call (it sees what the test committed) is fully done."""
        cron_id = self.data["crons"][name]
        mark = len(self.live.server.log_lines())
        self.wake_cron(cron_id)
        started = re.compile(rf"ir_cron: Job '.*' \({cron_id}\) starting")
        finished = re.compile(rf"ir_cron: Job '.*' \({cron_id}\) (fully done|failed)")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.live.server.log_lines()[mark:]
            first = next(
                (n for n, line in enumerate(lines) if started.search(line)), None
            )
            if first is not None:
                for line in lines[first:]:
                    match = finished.search(line)
                    if match:
                        assert match.group(1) == "fully done", line
                        return
            self.live.cluster.psql("postgres", f"NOTIFY cron_trigger, '{self.live.db}'")
            time.sleep(1)
        raise AssertionError(f"cron {name} did not run in {timeout} s")

    def wake_cron(self, cron_id):
        self.sql(
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'utc') "
            f"- interval '1 second' WHERE id = {cron_id}"
        )
        self.live.cluster.psql("postgres", f"NOTIFY cron_trigger, '{self.live.db}'")

    def cron_worker(self):
        """The server's cron worker: the child that lowered its priority
        (WorkerCron.start does os.nice(10))."""
        workers = [pid for pid in self.live.server.children() if _niceness(pid) >= 10]
        assert len(workers) == 1, workers
        return workers[0]

    # -- portal --
    def browser(self, login):
        client = self.live.browser()
        assert client.login(login, PASSWORD), login
        return client

    def start_payment(self, client, invoice_ids, **params):
        """Checkout of ``invoice_ids`` and the JSON transaction route; returns
        (JSON-RPC answer, checkout context)."""
        context = self.live.checkout(client, invoice_ids)
        answer = client.jsonrpc(
            context["transaction_route"],
            {
                **transaction_params(context, self.data["provider"], self.data["card"]),
                **params,
            },
        )
        return answer, context

    def pay_by_token(self, client, invoice_ids, token):
        answer, _context = self.start_payment(
            client, invoice_ids, token_id=token, flow="token"
        )
        return answer


def _niceness(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields_ = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields_[16])  # field 19 of proc(5), after pid and comm


def _assert_clean(response):
    """What the customer gets is a page or a JSON answer, never a server
    error or a traceback."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text, response.text[:2000]


def _ensure_server_healthy(live):
    try:
        healthy = requests.get(f"{live.server.url}/web/login", timeout=10).ok
    except requests.RequestException:
        healthy = False
    if not healthy:
        live.server.stop()
        live.server.start()


def _pid_of_local_port(pids, port):
    """The process among ``pids`` owning the TCP socket whose local port is
    ``port`` (the worker behind a PostgreSQL backend's client_port: all
    workers connect with the master's application_name)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as sockets:
            for line in sockets.readlines()[1:]:
                parts = line.split()
                if int(parts[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{parts[9]}]")
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return pid
            except OSError:
                continue
    return None


def _safe(function):
    try:
        return function()
    except AssertionError:
        return None


def _ignore(function):
    try:
        return function()
    except requests.RequestException as error:
        return error


# --- 6. PostgreSQL stopped while customers pay ---------------------------------


def _assert_ledger_agrees(f, contacts):
    """Per transaction_api_id, the simulator's net money equals Odoo's done
    transactions, each with exactly one payment; no charge of ours is
    unknown to Odoo."""
    net = defaultdict(float)
    count = defaultdict(int)
    for entry in f.my_ledger():
        sign = 1 if entry["kind"] == "charge" else -1
        net[entry["transaction_api_id"]] += sign * float(entry["amount"])
        count[entry["transaction_api_id"]] += 1
    rows = f.rows(
        "SELECT tx.reference, tx.state, tx.amount, count(p.id) "
        "FROM payment_transaction tx LEFT JOIN account_payment p "
        "ON p.payment_transaction_id = tx.id "
        f"WHERE tx.provider_id = {f.data['provider']} AND tx.id > {f.tx_start} "
        "GROUP BY tx.id"
    )
    odoo = {ref: (state, float(amount), int(n)) for ref, state, amount, n in rows}
    unknown = [ref for ref in net if ref not in odoo]
    assert not unknown, f"charged at Paya, unknown to Odoo: {unknown}"
    for ref, (state, amount, payments) in odoo.items():
        if state == "done":
            assert payments == 1, (ref, payments)
            assert count[ref] == 1 and abs(abs(net[ref]) - abs(amount)) < 0.005, (
                ref,
                net[ref],
                amount,
            )
        else:
            assert ref not in net, (ref, state, net[ref])
            assert payments == 0, (ref, state)
    _ = contacts
    return odoo


# --- final: the whole module's money ----------------------------------------
