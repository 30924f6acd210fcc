# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Faults on the live server: Paya Connect timing out, failing or answering
garbage during token charges, refunds and hosted-page returns; an Odoo
worker killed (SIGKILL) in the middle of an Auto Pay batch and of a
payment's post-processing; PostgreSQL stopped while customers pay.

Whatever happens, once things work again (and the crons ran) the
simulator's ledger and Odoo's payments agree: every charge Paya made is a
done transaction of Odoo with exactly one payment, every invoice is paid
once or not at all, and nothing stays stuck."""

import os
import signal
import subprocess
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode, urljoin, urlsplit

import psycopg2
import pytest
import requests
from lxml import html

from .faults import (
    AUTOPAY_CUSTOMERS,
    CARD,
    PAYERS,
    Faults,
    _assert_clean,
    _assert_ledger_agrees,
    _ensure_server_healthy,
    _ignore,
    _pid_of_local_port,
    _safe,
)
from .pgcluster import ROLE
from .scenario import PASSWORD


@pytest.fixture(scope="module")
def faults(live):
    sim = live.simulator
    vaults = [
        sim.create_vault(
            {
                "payment_method": "cc",
                "account_number": CARD,
                "exp_date": "1230",
                "account_holder_name": "Fault Buyer",
                "location_id": sim.location_id,
            }
        )["id"]
        for _n in range(1 + AUTOPAY_CUSTOMERS + PAYERS)
    ]
    ledger_start = len(sim.ledger)
    tx_start = int(live.sql("SELECT coalesce(max(id), 0) FROM payment_transaction"))
    data = live.script(
        "faults_configure",
        {
            "vaults": vaults,
            "password": PASSWORD,
            "autopay": AUTOPAY_CUSTOMERS,
            "payers": PAYERS,
        },
    )
    context = Faults(live, data, ledger_start)
    context.tx_start = tx_start
    yield context
    context.clear_faults()
    _ensure_server_healthy(live)
    # Paya out of the way of the other modules (nothing of ours is pending).
    live.sql(
        "UPDATE payment_portal_autopay SET state = 'off' "
        f"WHERE partner_id IN ({','.join(str(c['company']) for c in data['autopay'])})"
    )


@pytest.fixture
def clean_faults(faults):
    yield faults
    faults.clear_faults()


# --- 1. Paya faults during token charges ------------------------------------


CHARGE_FAULTS = {
    # mode: charged at Paya?
    "timeout": True,
    "error500_after": True,
    "malformed": True,
    "error500": False,
    "timeout_before": False,
    "reset": False,
}


def test_token_charge_faults_end_right_once_paya_answers(clean_faults):
    f = clean_faults
    shopper = f.data["shopper"]
    client = f.browser(shopper["login"])
    results = {}
    for index, (mode, charged) in enumerate(CHARGE_FAULTS.items()):
        f.sim.add_fault(mode, delay=4)
        invoice = shopper["invoices"][index]
        answer = f.pay_by_token(client, [invoice], shopper["token"])
        _assert_clean(answer)
        body = answer.json()
        assert "error" not in body, (mode, body)
        reference = body["result"]["reference"]
        tx = f.tx(reference)
        assert tx["state"] == "pending", (mode, tx)
        # What the customer reads after the payment form: a clear message.
        status = client.get("/payment/status")
        _assert_clean(status)
        assert "Paya Connect did not confirm the request" in status.text, mode
        poll = client.jsonrpc("/payment/status/poll")
        _assert_clean(poll)
        assert poll.json()["result"]["state"] == "pending", (mode, poll.text[:300])
        landing = client.get(f"/my/payments/{tx['id']}")
        _assert_clean(landing)
        assert len(f.charges(reference)) == (1 if charged else 0), mode
        results[mode] = (reference, charged)
    # Paya answers again. The cron concludes "never charged" only after a
    # grace of 30 minutes: those requests are made older.
    refs = ",".join(f"'{ref}'" for ref, _charged in results.values())
    f.sql(
        "UPDATE payment_transaction SET last_state_change = "
        "last_state_change - interval '31 minutes' "
        f"WHERE reference IN ({refs})"
    )
    f.run_cron("poll")
    f.run_cron("post_process")
    summary = {}
    for mode, (reference, charged) in results.items():
        tx = f.tx(reference)
        assert tx["state"] == ("done" if charged else "error"), (mode, tx)
        assert len(f.charges(reference)) == (1 if charged else 0), mode
        assert f.payments_of(tx["id"]) == (1 if charged else 0), (mode, tx)
        assert tx["post_processed"], (mode, tx)
        summary[mode] = tx["state"]
    paid = f.sql(
        "SELECT count(*) FROM account_move WHERE payment_state IN "
        "('paid', 'in_payment') AND id IN "
        f"({','.join(map(str, shopper['invoices'][: len(results)]))})"
    )
    assert int(paid) == sum(CHARGE_FAULTS.values())
    f.live.report(
        f"token charges under {len(results)} Paya faults: {summary}; "
        f"{paid} invoices paid once, ledger = Odoo payments"
    )


# --- 2. a refund from the backend under a fault --------------------------------


def _admin_refund(f, tx_id, amount):
    admin = f.live.browser("admin")
    return admin.jsonrpc(
        "/web/dataset/call_kw/payment.transaction/action_refund",
        {
            "model": "payment.transaction",
            "method": "action_refund",
            "args": [[tx_id]],
            "kwargs": {"amount_to_refund": amount},
        },
    )


def test_backend_refund_under_faults_is_refunded_once(clean_faults):
    f = clean_faults
    shopper = f.data["shopper"]
    client = f.browser(shopper["login"])
    invoice = shopper["invoices"][6]
    reference = f.pay_by_token(client, [invoice], shopper["token"]).json()["result"][
        "reference"
    ]
    # The customer's status page post-processes it: its payment exists, as
    # the refund button of the backend expects (Odoo creates no payment for
    # a transaction refunded before its post-processing).
    _assert_clean(client.jsonrpc("/payment/status/poll"))
    source = f.tx(reference)
    assert source["state"] == "done" and source["payment"], source
    f.sim.settle_batch()  # settled: a refund, not a void
    outcomes = {}
    for mode, amount in (("timeout", 20.0), ("error500", 15.0), ("malformed", 10.0)):
        f.sim.add_fault(mode, delay=4)
        answer = _admin_refund(f, source["id"], amount)
        _assert_clean(answer)
        assert "error" not in answer.json(), (mode, answer.text[:500])
        refund_ref = f.sql(
            "SELECT reference FROM payment_transaction "
            f"WHERE source_transaction_id = {source['id']} ORDER BY id DESC LIMIT 1"
        )
        refund = f.tx(refund_ref)
        assert refund["state"] == "pending", (mode, refund)
        outcomes[mode] = (refund_ref, mode != "error500")
    refs = ",".join(f"'{ref}'" for ref, _ in outcomes.values())
    f.sql(
        "UPDATE payment_transaction SET last_state_change = "
        "last_state_change - interval '31 minutes' "
        f"WHERE reference IN ({refs})"
    )
    f.run_cron("poll")
    f.run_cron("post_process")
    refunded = 0.0
    for mode, (refund_ref, refunded_at_paya) in outcomes.items():
        refund = f.tx(refund_ref)
        ledger = [
            e
            for e in f.my_ledger()
            if e["transaction_api_id"] == refund_ref and e["kind"] == "refund"
        ]
        assert len(ledger) == (1 if refunded_at_paya else 0), (mode, ledger)
        assert refund["state"] == ("done" if refunded_at_paya else "error"), refund
        assert f.payments_of(refund["id"]) == (1 if refunded_at_paya else 0), mode
        if refunded_at_paya:
            refunded += float(ledger[0]["amount"])
            assert abs(refund["amount"] + float(ledger[0]["amount"])) < 0.005
    f.live.report(
        f"backend refunds under timeout/500/malformed: "
        f"{ {m: f.tx(r)['state'] for m, (r, _) in outcomes.items()} }, "
        f"{refunded:.2f} refunded once each at Paya and in Odoo"
    )


# --- 3. the hosted page's return while Paya is down ------------------------------


def test_hosted_page_return_while_paya_is_down(clean_faults):
    f = clean_faults
    shopper = f.data["shopper"]
    client = f.browser(shopper["login"])
    invoice = shopper["invoices"][7]
    answer, _context = f.start_payment(client, [invoice], flow="redirect")
    result = answer.json()["result"]
    reference = result["reference"]
    form = html.fromstring(result["redirect_form_html"]).xpath("//form")[0]
    inputs = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    page_url = form.get("action") + "?" + urlencode(inputs)
    page = requests.get(page_url, timeout=10)
    assert page.status_code == 200, page.text[:300]
    hidden = {
        i.get("name"): i.get("value")
        for i in html.fromstring(page.text).xpath('//input[@type="hidden"]')
    }
    submitted = requests.post(
        urljoin(page_url, "/hostedpaymentpage"),
        data={
            **hidden,
            "account_holder_name": "Fault Buyer",
            "account_number": CARD,
            "exp_date": "1230",
            "cvv": "999",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert submitted.status_code == 302, submitted.text[:300]
    assert len(f.charges(reference)) == 1
    back = urlsplit(submitted.headers["Location"])
    f.sim.add_fault("error500", method="GET", count=3)
    returned = client.get(f"{back.path}?{back.query}", allow_redirects=False)
    assert returned.status_code == 303, returned.status_code
    status = client.get("/payment/status")
    _assert_clean(status)
    assert f.tx(reference)["state"] == "draft", "nothing decided while Paya is down"
    f.clear_faults()
    f.sql(
        "UPDATE payment_transaction SET create_date = create_date - "
        f"interval '5 minutes' WHERE reference = '{reference}'"
    )
    f.run_cron("poll")
    f.run_cron("post_process")
    tx = f.tx(reference)
    assert tx["state"] == "done", tx
    assert f.payments_of(tx["id"]) == 1
    f.live.report(
        "hosted page paid, return while Paya answered 500: draft, "
        "then done by the poll cron with 1 charge and 1 payment"
    )


# --- 4. the cron worker killed in the middle of an Auto Pay batch ---------------


def test_autopay_batch_survives_a_killed_cron_worker(clean_faults):
    f = clean_faults
    customers = f.data["autopay"]
    companies = ",".join(str(c["company"]) for c in customers)
    invoices = [c["invoices"][0] for c in customers]
    invoice_list = ",".join(map(str, invoices))
    f.sql(
        "UPDATE payment_portal_autopay SET state = 'on', "
        "token_id = t.id FROM payment_token t "
        "WHERE t.partner_id IN (SELECT id FROM res_partner c "
        "WHERE c.parent_id = payment_portal_autopay.partner_id) "
        f"AND payment_portal_autopay.partner_id IN ({companies})"
    )
    # Every charge takes 1.5 s at Paya: the batch lasts long enough to be
    # killed in the middle of a charge.
    f.sim.add_fault("slow", count=len(customers), delay=1.5)
    start = len(f.my_ledger())
    worker = f.cron_worker()
    cron_id = f.data["crons"]["autopay"]
    f.sql(
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'utc') - "
        f"interval '1 second' WHERE id = {cron_id}"
    )
    deadline = time.monotonic() + 120
    while len(f.my_ledger()) - start < 3:
        assert time.monotonic() < deadline, "Auto Pay did not start"
        f.live.cluster.psql("postgres", f"NOTIFY cron_trigger, '{f.live.db}'")
        time.sleep(0.3)
    time.sleep(0.7)  # the next charge is at Paya, its answer not yet back
    os.kill(worker, signal.SIGKILL)
    killed_at = len(f.my_ledger()) - start
    time.sleep(2)  # the charge in flight completes at Paya
    in_flight = len(f.my_ledger()) - start - killed_at
    drafts = f.sql(
        "SELECT count(*) FROM payment_transaction WHERE state = 'draft' "
        "AND payment_portal_origin = 'autopay' "
        "AND partner_id IN (SELECT id FROM res_partner "
        f"WHERE parent_id IN ({companies}))"
    )
    deadline = time.monotonic() + 30
    while _safe(f.cron_worker) in (None, worker):
        assert time.monotonic() < deadline, "prefork did not respawn the cron worker"
        time.sleep(0.5)
    f.run_cron("autopay")
    f.run_cron("post_process")
    txs = f.rows(
        "SELECT tx.reference, tx.state, tx.amount, count(p.id) "
        "FROM payment_transaction tx LEFT JOIN account_payment p "
        "ON p.payment_transaction_id = tx.id "
        "WHERE tx.payment_portal_origin = 'autopay' AND tx.partner_id IN "
        f"(SELECT id FROM res_partner WHERE parent_id IN ({companies})) "
        "GROUP BY tx.id"
    )
    done = [row for row in txs if row[1] == "done"]
    assert len(done) == len(customers), txs
    assert all(row[3] == "1" for row in done), txs
    assert not [row for row in txs if row[1] in ("draft", "pending")], txs
    for reference, state, amount, _payments in txs:
        charges = f.charges(reference)
        assert len(charges) == (1 if state == "done" else 0), (reference, charges)
        if charges:
            assert abs(float(charges[0]["amount"]) - float(amount)) < 0.005
    paid = f.rows(
        "SELECT m.id, m.payment_state, count(DISTINCT tx.id) FROM account_move m "
        "LEFT JOIN account_invoice_transaction_rel r ON r.invoice_id = m.id "
        "LEFT JOIN payment_transaction tx ON tx.id = r.transaction_id "
        f"AND tx.state = 'done' WHERE m.id IN ({invoice_list}) GROUP BY m.id"
    )
    assert all(row[1] in ("paid", "in_payment") and row[2] == "1" for row in paid), paid
    f.live.report(
        f"Auto Pay of {len(customers)} customers, cron worker SIGKILLed "
        f"after {killed_at} charges ({in_flight} in flight, {drafts} draft left): "
        f"rerun paid {len(paid)} invoices once each, {len(done)} charges = "
        f"{len(done)} payments"
    )


# --- 5. an HTTP worker killed during a payment's post-processing ---------------


def _connect(live):
    return psycopg2.connect(
        host=live.cluster.host,
        port=live.cluster.port,
        user=ROLE,
        dbname=live.db,
    )


def test_post_processing_survives_a_killed_http_worker(clean_faults):
    f = clean_faults
    shopper = f.data["shopper"]
    client = f.browser(shopper["login"])
    invoice = shopper["invoices"][8]
    reference = f.pay_by_token(client, [invoice], shopper["token"]).json()["result"][
        "reference"
    ]
    tx = f.tx(reference)
    assert tx["state"] == "done" and not tx["post_processed"], tx
    # Another transaction holds the invoice: the post-processing stops in
    # its middle (payment created, not yet reconciled), where it is killed.
    blocker = _connect(f.live)
    try:
        with blocker.cursor() as cr:
            cr.execute(
                "SELECT id FROM account_move WHERE id = %s FOR UPDATE", [invoice]
            )
        poll = threading.Thread(
            target=lambda: _ignore(lambda: client.jsonrpc("/payment/status/poll"))
        )
        poll.start()
        deadline = time.monotonic() + 60
        worker = None
        while worker is None:
            assert time.monotonic() < deadline, "the post-processing did not start"
            port = f.sql(
                "SELECT client_port FROM pg_stat_activity "
                f"WHERE datname = '{f.live.db}' AND wait_event_type = 'Lock'"
            )
            if port:
                worker = _pid_of_local_port(f.live.server.children(), int(port))
            time.sleep(0.2)
        os.kill(worker, signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()
    poll.join(timeout=30)
    tx = f.tx(reference)
    assert not tx["post_processed"] and f.payments_of(tx["id"]) == 0, tx
    f.run_cron("post_process")
    tx = f.tx(reference)
    assert tx["post_processed"] and f.payments_of(tx["id"]) == 1, tx
    assert len(f.charges(reference)) == 1
    state = f.sql(f"SELECT payment_state FROM account_move WHERE id = {invoice}")
    assert state in ("paid", "in_payment"), state
    again = client.jsonrpc("/payment/status/poll")
    _assert_clean(again)
    assert again.json()["result"]["state"] == "done"
    f.live.report(
        f"HTTP worker {worker} SIGKILLed mid post-processing: nothing "
        "half-written, the post-processing cron made 1 payment, invoice paid"
    )


def test_postgresql_crash_while_customers_pay(clean_faults):
    f = clean_faults
    payers = f.data["payers"]
    clients = [f.browser(payer["login"]) for payer in payers]
    outcomes = defaultdict(list)
    # The charges are slow at Paya: PostgreSQL goes down while they are out.
    f.sim.add_fault("slow", count=len(payers), delay=2)
    sent = len(f.sim.requests)

    def pay(index):
        payer, client = payers[index], clients[index]
        for invoice in payer["invoices"][:2]:
            try:
                answer = f.pay_by_token(client, [invoice], payer["token"])
                body = answer.json() if answer.status_code == 200 else {}
                if "result" in body:
                    outcomes[index].append(("started", body["result"]["reference"]))
                else:
                    outcomes[index].append(("refused", answer.status_code))
            except (
                requests.RequestException,
                ValueError,
                AssertionError,
                subprocess.CalledProcessError,
            ) as error:
                outcomes[index].append(("failed", type(error).__name__))

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(len(payers))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while (
        sum(
            1
            for method, path, _h in f.sim.requests[sent:]
            if method == "POST" and path == "/v2/transactions"
        )
        < 2
    ):
        assert time.monotonic() < deadline, "no charge started"
        time.sleep(0.1)
    # Their drafts were committed before the charges were sent; the test
    # cluster runs with synchronous_commit=off, so give its WAL writer
    # (200 ms) the time a production server's commit takes at once.
    time.sleep(0.5)
    f.live.cluster.stop("immediate")
    during = _ignore(lambda: requests.get(f"{f.live.server.url}/web/login", timeout=30))
    time.sleep(3)
    f.live.cluster.start()
    for thread in threads:
        thread.join(timeout=120)
    # Odoo's prefork master checks the registry before respawning a worker
    # (the cron worker dies with its LISTEN connection): with PostgreSQL
    # down, the master itself exits. A supervisor (systemd) restarts it.
    master_exited = f.live.server.process.poll() is not None
    if master_exited:
        f.live.server.start()
    # The server serves again: its connection pool reconnects.
    deadline = time.monotonic() + 60
    while True:
        answer = _ignore(
            lambda: requests.get(f"{f.live.server.url}/web/login", timeout=30)
        )
        if isinstance(answer, requests.Response) and answer.ok:
            break
        assert time.monotonic() < deadline, answer
        time.sleep(1)
    # Whatever happened, the crons bring Odoo and Paya to agree.
    contacts = ",".join(str(p["contact"]) for p in payers)
    left = f.rows(
        "SELECT reference, state FROM payment_transaction WHERE state IN "
        f"('draft', 'pending') AND partner_id IN ({contacts})"
    )
    charged_unknown = [ref for ref, _state in left if f.charges(ref)]
    assert charged_unknown, "no charge was in flight when PostgreSQL stopped"
    f.sql(
        "UPDATE payment_transaction SET last_state_change = last_state_change - "
        "interval '31 minutes', create_date = create_date - interval '31 minutes' "
        "WHERE state IN ('draft', 'pending') AND partner_id IN "
        f"({','.join(str(p['contact']) for p in payers)})"
    )
    f.run_cron("poll")
    f.run_cron("post_process")
    resolved = {ref: f.tx(ref)["state"] for ref, _state in left}
    assert all(resolved[ref] == "done" for ref in charged_unknown), resolved
    # The customers pay again after the recovery.
    f.clear_faults()
    recovered = 0
    for payer, client in zip(payers, clients, strict=True):
        left = f.sql(
            "SELECT id FROM account_move WHERE payment_state = 'not_paid' AND id IN "
            f"({','.join(map(str, payer['invoices']))}) ORDER BY id LIMIT 1"
        )
        if left:
            answer = f.pay_by_token(client, [int(left)], payer["token"])
            assert "result" in answer.json(), answer.text[:500]
            poll = client.jsonrpc("/payment/status/poll")
            _assert_clean(poll)
            assert poll.json()["result"]["state"] == "done", poll.text[:500]
            recovered += 1
    _assert_ledger_agrees(f, [p["contact"] for p in payers])
    failed = sum(
        1 for runs in outcomes.values() for kind, _x in runs if kind != "started"
    )
    f.live.report(
        f"PostgreSQL stopped (immediate) while {len(payers)} customers "
        f"paid: {failed} attempts failed, {len(left)} transactions left "
        f"draft/pending, {len(charged_unknown)} of them charged at Paya without "
        f"Odoo knowing -> {sorted(resolved.values())} by the poll cron; "
        f"{recovered} paid again after; request during the outage: "
        f"{getattr(during, 'status_code', type(during).__name__)}; Odoo master "
        f"{'exited, restarted' if master_exited else 'survived'}; "
        "ledger = Odoo payments"
    )


def test_zz_ledger_equals_odoo_payments(faults):
    odoo = _assert_ledger_agrees(faults, [])
    _ensure_server_healthy(faults.live)
    stuck = faults.sql(
        "SELECT count(*) FROM payment_transaction "
        "WHERE state IN ('draft', 'pending') "
        f"AND provider_id = {faults.data['provider']} AND id > {faults.tx_start}"
    )
    assert stuck == "0", f"{stuck} Paya transactions still draft or pending"
    done = [ref for ref, (state, _a, _p) in odoo.items() if state == "done"]
    faults.live.report(
        f"Paya ledger of the fault module = Odoo: {len(done)} done "
        f"transactions with 1 payment each, {len(odoo) - len(done)} without money, "
        f"{stuck} left pending"
    )
