# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Exactly once on live servers: Auto Pay racing the customer's own payment,
two servers' crons on one database, Paya's postbacks delivered many times,
out of order and in parallel, two sessions applying the same credit, a
surcharged payment double-clicked and its postbacks replayed.
Charges are counted in the Paya simulator's ledger; transactions, payments
and mails in the database."""

import json
import random
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from . import scenario
from .exactly_once import (
    ACH_OK,
    ACH_RETURNED,
    CARD,
    COPIES,
    DEBIT_CARD,
    FLEET,
    INVOICES_PER_ROUND,
    ROUNDS,
    _assert_paid_once,
    _credit_holders,
    _credit_use,
    _hosted_page_payment,
    _ids,
    _invoice_txs,
    _mails,
    _messages,
    _pay_with_token,
    _poll_answer,
    _residuals,
    _rows,
    _run_cron,
    _server_errors,
    _signed_in,
    _vault,
)
from .server import LiveOdoo, parallel


@pytest.fixture(scope="module")
def once(live):
    sim = live.simulator
    params = {
        "password": scenario.PASSWORD,
        "round_vaults": [_vault(sim, "cc", CARD) for _round in ROUNDS],
        "fleet_vaults": [_vault(sim, "cc", CARD) for _n in range(FLEET)],
        "ach_vaults": [_vault(sim, "ach", ACH_OK), _vault(sim, "ach", ACH_RETURNED)],
        "credit_vault": _vault(sim, "cc", CARD),
        "surcharge_vaults": [_vault(sim, "cc", CARD), _vault(sim, "cc", DEBIT_CARD)],
    }
    return live.script("once_setup", {**params, "per_round": INVOICES_PER_ROUND})


def test_autopay_racing_the_customer_charges_once(live, once):
    admin = live.browser("admin")
    cron = once["crons"]["autopay"]
    figures = []
    for (cron_delay, portal_delay), customer in zip(
        ROUNDS, once["rounds"], strict=True
    ):
        invoices = customer["invoices"]
        client = _signed_in(live, customer["login"])
        context = live.checkout(client, invoices)
        live.sql(
            "UPDATE payment_portal_autopay SET state = 'on' "
            f"WHERE partner_id = {customer['company']}"
        )

        def autopay(delay=cron_delay):
            time.sleep(delay)
            return _run_cron(admin, cron)

        def by_hand(delay=portal_delay, client=client, context=context, c=customer):
            time.sleep(delay)
            return _pay_with_token(
                client, context, once["paya"], once["card"], c["token"]
            )

        try:
            cron_result, portal_result = parallel([autopay, by_hand])
            assert not isinstance(cron_result, Exception), cron_result
            assert not isinstance(portal_result, Exception), portal_result
            # What the race left for the next run (a charge interrupted
            # after its draft was committed, a customer skipped while the
            # rows were locked) is the next run's: it runs once more.
            left = live.sql(
                "SELECT count(*) FROM account_move WHERE amount_residual != 0 "
                f"AND id IN ({_ids(invoices)})"
            )
            next_run = _run_cron(admin, cron) if left != "0" else "not needed"
        finally:
            live.sql(
                "UPDATE payment_portal_autopay SET state = 'off' "
                f"WHERE partner_id = {customer['company']}"
            )
        done, txs = _assert_paid_once(live, invoices, customer["total"])
        winner = done[0][3]
        if "refused" in portal_result:
            assert winner == "autopay", (portal_result, txs)
        figures.append(
            f"{cron_delay:.2f}/{portal_delay:.2f}s->{winner}"
            f"(txs {len(txs)}, next run {next_run})"
        )
    errors = _server_errors(live.server.log_lines())
    assert not errors, errors[-5:]
    live.report(
        f"Auto Pay cron vs customer paying the same invoices: "
        f"{len(ROUNDS)} rounds x {INVOICES_PER_ROUND} invoices, each round one "
        f"done transaction, one payment, one Paya charge, one receipt: "
        f"{'; '.join(figures)}"
    )


# --- 2. Two servers, both running crons -----------------------------------


def test_two_servers_crons_charge_each_due_invoice_once(live, once):
    fleet = once["fleet"]
    companies = _ids(c["company"] for c in fleet)
    schedules = _ids(c["schedule"] for c in fleet if c["schedule"])
    invoices = [invoice for c in fleet for invoice in c["invoices"]]
    crons = [once["crons"]["autopay"], once["crons"]["schedule"]]
    second = LiveOdoo(live.db, db_options=live.cluster.odoo_args).start()
    servers = [live.server, second]
    marks = [len(server.log_lines()) for server in servers]

    def wake_crons():
        for cron in crons:
            live.sql(
                # to the second, as Odoo stores them: Odoo deletes the
                # triggers up to the current second once the job ran, so a
                # trigger with microseconds inserted in that same second
                # would stay (and the job run again) for ever
                "INSERT INTO ir_cron_trigger (cron_id, call_at) "
                f"VALUES ({cron}, date_trunc('second', now() at time zone 'UTC'))"
            )
        live.cluster.psql("postgres", f"SELECT pg_notify('cron_trigger', '{live.db}')")

    def still_to_do():
        return int(
            live.sql(
                "SELECT (SELECT count(*) FROM account_move WHERE amount_residual != 0 "
                f"AND id IN ({_ids(invoices)})) + (SELECT count(*) FROM "
                "payment_portal_schedule WHERE state IN ('scheduled', 'processing') "
                f"AND id IN ({schedules})) + (SELECT count(*) FROM ir_cron_trigger "
                f"WHERE cron_id IN ({_ids(crons)}))"
            )
        )

    started = time.monotonic()
    wakes = 1
    try:
        live.sql(
            "UPDATE payment_portal_schedule SET date = "
            f"(now() at time zone 'UTC')::date - 1 WHERE id IN ({schedules})"
        )
        live.sql(
            "UPDATE payment_portal_autopay SET state = 'on' "
            f"WHERE partner_id IN ({companies})"
        )
        wake_crons()
        last_wake = time.monotonic()
        while still_to_do():
            assert time.monotonic() - started < 240, (
                "crons did not finish",
                live.sql(
                    "SELECT concat_ws(' | ', (SELECT string_agg(id || ':' || "
                    "amount_residual || ':' || payment_state, ',') FROM account_move "
                    f"WHERE amount_residual != 0 AND id IN ({_ids(invoices)})), "
                    "(SELECT string_agg(id || ':' || state || ':' || date, ',') "
                    f"FROM payment_portal_schedule WHERE id IN ({schedules})), "
                    "(SELECT string_agg(cron_id || '@' || call_at, ',') FROM "
                    f"ir_cron_trigger WHERE cron_id IN ({_ids(crons)})), now())"
                ),
                _invoice_txs(live, invoices),
            )
            # A customer skipped while another run held its invoices is
            # charged by the next run: wake the crons again when idle.
            if time.monotonic() - last_wake > 10:
                wake_crons()
                wakes += 1
                last_wake = time.monotonic()
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        live.sql(
            "UPDATE payment_portal_autopay SET state = 'off' "
            f"WHERE partner_id IN ({companies})"
        )
        second.stop()
    total = sum(c["total"] for c in fleet)
    done, txs = _assert_paid_once(live, invoices, total)
    schedule_states = dict(
        _rows(
            live,
            "SELECT state, count(*) FROM payment_portal_schedule "
            f"WHERE id IN ({schedules}) GROUP BY state",
        )
    )
    assert set(schedule_states) <= {"done", "cancelled"}, schedule_states
    origins = {}
    for tx in done:
        origins[tx[3]] = origins.get(tx[3], 0) + 1
    assert origins.get("schedule", 0) == int(schedule_states.get("done", 0)), (
        origins,
        schedule_states,
    )
    runs = []
    for server, mark in zip(servers, marks, strict=True):
        lines = server.log_lines()[mark:]
        runs.append(
            {
                "autopay": sum(
                    "'Payment Portal: Auto Pay'" in x and "starting" in x for x in lines
                ),
                "schedule": sum(
                    "'Payment Portal: Scheduled Payments'" in x and "starting" in x
                    for x in lines
                ),
            }
        )
        errors = _server_errors(lines)
        assert not errors, errors[-5:]
    live.report(
        f"two servers' crons on one database: {len(fleet)} customers, "
        f"{len(invoices)} due invoices, {len(schedules.split(','))} scheduled "
        f"payments due; {len(done)} done transactions {origins} (failed/other "
        f"{len(txs) - len(done)}), one payment, one Paya charge and one receipt "
        f"each, schedules "
        f"{schedule_states}; job runs per server {runs}, {wakes} wake-ups, "
        f"{elapsed:.0f} s"
    )


# --- 3. Postbacks many times, out of order, in parallel --------------------


def test_postbacks_many_times_out_of_order_inparallel(live, once):
    customer = once["postback"]
    sim = live.simulator
    admin = live.browser("admin")
    client = _signed_in(live, customer["login"])
    paid = []
    for invoice, token in zip(
        customer["invoices"][:2],
        (customer["token"], customer["returned_token"]),
        strict=True,
    ):
        context = live.checkout(client, [invoice])
        result = _pay_with_token(client, context, once["paya"], once["ach"], token)
        assert "reference" in result, result
        tx_id, paya_id, state = _rows(
            live,
            "SELECT id, provider_reference, state FROM payment_transaction "
            f"WHERE reference = '{result['reference']}'",
        )[0]
        assert state == "pending", (result, state)
        paid.append(
            {
                "invoice": invoice,
                "tx": int(tx_id),
                "reference": result["reference"],
                "paya": paya_id,
                "pending": sim.record(paya_id),
            }
        )
    sim.advance_ach(ids={p["paya"] for p in paid})
    bodies = []
    for payment in paid:
        payment["final"] = sim.record(payment["paya"])
        for _copy in range(COPIES):
            for event, record in (("CREATE", "pending"), ("UPDATE", "final")):
                bodies.append(
                    {
                        "type": event,
                        "resource": "transaction",
                        "number_of_attempts": "1",
                        "data": json.dumps(payment[record]),
                    }
                )
    random.Random(7).shuffle(bodies)
    url = f"{live.server.url}/payment/paya_connect/postback"

    def deliver(body):
        return lambda: requests.post(url, data=body, timeout=120).status_code

    calls = [deliver(body) for body in bodies]
    # The post-processing cron and the customer's status page at the same
    # time, in the middle of the postbacks.
    middle = len(calls) // 2
    calls[middle:middle] = [
        lambda: _run_cron(admin, once["crons"]["post_process"]),
        lambda: _poll_answer(client),
    ]
    answers = parallel(calls)
    assert not any(isinstance(answer, Exception) for answer in answers), answers
    # The customer's status page polls again on "retry" only: any other
    # error is shown to the customer.
    assert answers[middle + 1] in ("polled", "retry"), answers[middle + 1]
    statuses = {}
    for answer in answers:
        statuses[answer] = statuses.get(answer, 0) + 1
    # Whatever was left for the post-processing cron: it runs once more.
    _run_cron(admin, once["crons"]["post_process"])

    ok, returned = paid
    states = dict(
        _rows(
            live,
            "SELECT id, state FROM payment_transaction "
            f"WHERE id IN ({ok['tx']}, {returned['tx']})",
        )
    )
    assert states == {str(ok["tx"]): "done", str(returned["tx"]): "error"}, states
    ok_messages = _messages(live, ok["invoice"], ok["reference"])
    returned_messages = _messages(live, returned["invoice"], returned["reference"])
    assert ok_messages.get("pending") == 1 and ok_messages.get("done") == 1, ok_messages
    assert (
        returned_messages.get("pending") == 1 and returned_messages.get("error") == 1
    ), returned_messages
    assert "done" not in returned_messages, returned_messages
    payments = dict(
        _rows(
            live,
            "SELECT payment_transaction_id, count(*) FROM account_payment "
            f"WHERE payment_transaction_id IN ({ok['tx']}, {returned['tx']}) "
            "GROUP BY 1",
        )
    )
    assert payments == {str(ok["tx"]): "1"}, payments
    ok_mails = _mails(live, ok["tx"])
    returned_mails = _mails(live, returned["tx"])
    assert ok_mails == {"pending": 1, "receipt": 1}, ok_mails
    assert returned_mails == {"pending": 1, "failure": 1}, returned_mails
    residuals = _rows(
        live,
        "SELECT amount_residual FROM account_move "
        f"WHERE id IN ({ok['invoice']}, {returned['invoice']}) ORDER BY id",
    )
    assert [float(r[0]) for r in residuals] == [0.0, 220.0], residuals
    ledger = [
        entry["kind"]
        for entry in list(sim.ledger)
        if entry["transaction_api_id"] in (ok["reference"], returned["reference"])
    ]
    assert sorted(ledger) == ["charge", "charge", "return"], ledger
    errors = _server_errors(live.server.log_lines())
    assert not errors, errors[-5:]
    live.report(
        f"postbacks: {len(bodies)} deliveries (settled/returned and stale "
        f"pending, {COPIES} copies each, shuffled, in parallel with the "
        f"post-processing cron and the status page), answers {statuses}; settled: "
        f"state changes {ok_messages}, 1 payment, mails {ok_mails}; returned: "
        f"state changes {returned_messages}, no payment, mails {returned_mails}"
    )


# --- 4. The customer's return at the instant of Paya's postback -----------


def test_customer_returns_while_the_postback_updates_the_payment(live, once):
    customer = once["postback"]
    sim = live.simulator
    client = _signed_in(live, customer["login"])
    invoice = customer["invoices"][2]
    context = live.checkout(client, [invoice])
    reference, back = _hosted_page_payment(client, context, once["paya"], once["card"])
    record = next(
        record
        for record in list(sim.transactions.values())
        if record["transaction_api_id"] == reference
    )
    body = {
        "type": "CREATE",
        "resource": "transaction",
        "number_of_attempts": "1",
        "data": json.dumps({k: v for k, v in record.items() if k[0] != "_"}),
    }
    url = f"{live.server.url}/payment/paya_connect/postback"
    # The first postback holds the transaction while Paya answers slowly;
    # the customer comes back during that second, with more copies.
    sim.add_fault("slow", path="/v2/transactions", method="GET", delay=1.5)
    mark = len(sim.requests)
    first = {}
    holder = threading.Thread(
        target=lambda: first.update(
            status=requests.post(url, data=body, timeout=60).status_code
        )
    )
    holder.start()
    deadline = time.monotonic() + 30
    while not any(
        method == "GET" and path == "/v2/transactions"
        for method, path, _headers in list(sim.requests)[mark:]
    ):
        assert time.monotonic() < deadline, "the postback never asked Paya"
        time.sleep(0.02)

    # Paya sends the customer to web.base.url: the same route on this server.
    back = urlsplit(back)
    back = f"{back.path}?{back.query}"

    def come_back():
        response = client.get(back, allow_redirects=False)
        return response.status_code, response.headers.get("Location", "")

    answers = parallel(
        [come_back]
        + [
            lambda: requests.post(url, data=body, timeout=60).status_code
            for _copy in range(COPIES)
        ]
    )
    holder.join(timeout=60)
    returned, postbacks = answers[0], answers[1:]
    assert not isinstance(returned, Exception), returned
    assert returned[0] == 303 and returned[1].endswith("/payment/status"), returned
    status_page = client.get("/payment/status")
    assert status_page.status_code == 200
    poll = client.jsonrpc("/payment/status/poll").json()
    assert poll.get("result", {}).get("state") == "done", poll
    tx_id, state = _rows(
        live,
        f"SELECT id, state FROM payment_transaction WHERE reference = '{reference}'",
    )[0]
    assert state == "done"
    done, _txs = _assert_paid_once(
        live,
        [invoice],
        float(live.sql(f"SELECT amount_total FROM account_move WHERE id = {invoice}")),
    )
    assert [tx[0] for tx in done] == [tx_id]
    messages = _messages(live, invoice, reference)
    assert messages.get("done") == 1 and "pending" not in messages, messages
    statuses = {}
    for answer in [first.get("status"), *postbacks]:
        statuses[answer] = statuses.get(answer, 0) + 1
    assert set(statuses) <= {200, 409}, statuses
    errors = _server_errors(live.server.log_lines())
    assert not errors, errors[-5:]
    live.report(
        f"customer's return during Paya's postback (held 1.5 s): return "
        f"{returned[0]} to /payment/status, postbacks {statuses}; one state change "
        f"{messages}, one payment, one Paya charge, one receipt"
    )


# --- 5. Two sessions of a customer applying the same credit at once --------


def _same_credit_race(live, customer, invoices, prepare, act):
    """Two sessions of ``customer``: each prepares its invoice (``prepare``:
    the page it is shown), then both ``act`` at the same instant. Returns
    the answers, what was prepared, the invoices' residuals before and the
    server log's length before."""
    sessions = [_signed_in(live, customer["login"]) for _invoice in invoices]
    prepared = [
        prepare(session, invoice)
        for session, invoice in zip(sessions, invoices, strict=True)
    ]
    before = _residuals(live, invoices)
    mark = len(live.server.log_lines())
    answers = parallel(
        [
            lambda s=session, p=page: act(s, p)
            for session, page in zip(sessions, prepared, strict=True)
        ]
    )
    assert not any(isinstance(answer, Exception) for answer in answers), answers
    return answers, prepared, before, mark


def _lock_conflicts(log):
    """How many requests met a lock held by the other: Odoo retried them
    ("SERIALIZATION_FAILURE, 4 tries left, try again in ...")."""
    return sum("tries left, try again" in line for line in log)


def test_two_sessions_apply_the_same_credit_once(live, once):
    """Both sessions Apply Credits with the same credit note (50) to another
    invoice (30, 40: either, not both) at the same instant."""
    customer = once["credits"]
    invoices = customer["invoices"][:2]
    credit = customer["credits"][0]
    answers, _forms, before, mark = _same_credit_race(
        live,
        customer,
        invoices,
        lambda session, invoice: live.apply_credits_form(session, [invoice], [credit]),
        lambda session, form: session.post("/my/pay/apply_credits", data=form),
    )
    applied = ["Your credits were applied" in answer.text for answer in answers]
    assert sorted(applied) == [False, True], applied
    winner = applied.index(True)
    message = live.selection_error(answers[1 - winner].text)
    assert message, answers[1 - winner].text[:2000]
    after = _residuals(live, invoices)
    assert after[winner] == 0.0 and after[1 - winner] == before[1 - winner], after
    used, amount = _credit_use(live, credit)
    assert used == before[winner] <= amount, (used, amount)
    assert not _credit_holders(live, credit)
    log = live.server.log_lines()[mark:]
    errors = _server_errors(log)
    assert not errors, errors[-5:]
    live.report(
        f"two sessions applying the same credit ({amount:.2f}) to invoices of "
        f"{before[0]:.2f} and {before[1]:.2f} at once: one applied "
        f"({used:.2f} of the credit used), the other refused: {message!r} "
        f"({_lock_conflicts(log)} lock conflicts retried)"
    )


def test_two_sessions_pay_with_the_same_credit_once(live, once):
    """Both sessions pay another invoice (80, 90) with the same unapplied
    payment (50) and the saved card, at the same instant: one charge of the
    net amount, the credit held by one transaction and used once."""
    customer = once["credits"]
    invoices = customer["invoices"][2:]
    credit = customer["credits"][1]
    answers, contexts, before, mark = _same_credit_race(
        live,
        customer,
        invoices,
        lambda session, invoice: live.checkout(session, [invoice], credit_ids=[credit]),
        lambda session, context: _pay_with_token(
            session, context, once["paya"], once["card"], customer["token"]
        ),
    )
    refused = ["refused" in answer for answer in answers]
    assert sorted(refused) == [False, True], answers
    winner = refused.index(False)
    message = answers[1 - winner]["refused"]
    assert "credit" in message.lower(), message
    net = float(contexts[winner]["amount"])
    assert net == before[winner] - 50.0, (net, before)
    done, _txs = _assert_paid_once(live, [invoices[winner]], net)
    assert _residuals(live, invoices)[1 - winner] == before[1 - winner]
    assert not _invoice_txs(live, [invoices[1 - winner]])
    used, amount = _credit_use(live, credit)
    assert used == amount, (used, amount)
    holders = _credit_holders(live, credit)
    assert [tx_id for tx_id, _state in holders] == [done[0][0]], holders
    log = live.server.log_lines()[mark:]
    errors = _server_errors(log)
    assert not errors, errors[-5:]
    live.report(
        f"two sessions paying with the same credit ({amount:.2f}) at once: one "
        f"transaction charged {net:.2f} (one payment, one Paya charge, one "
        f"receipt) and used the credit ({used:.2f}), the other refused: "
        f"{message!r} ({_lock_conflicts(log)} lock conflicts retried)"
    )


# --- 6. A card surcharge: charged and booked once ---------------------------


def test_surcharged_payments_charge_the_fee_once(live, once):
    """The company surcharges 3 %: the customer double-clicks Pay with a
    saved credit card (300) and pays with a saved debit card (400) at the
    same instant; Paya's postbacks of both arrive many times, in parallel
    with the post-processing cron. One charge each, 309.00 and 400.00 (Paya
    takes the debit card's surcharge out), Odoo's payments equal to Paya's
    charges, one fee line of 9.00."""
    customer = once["surcharge"]
    sim = live.simulator
    admin = live.browser("admin")
    credit_invoice, debit_invoice = customer["invoices"]
    sim.configure_surcharge(3.0)
    live.script("fee_mode", {"mode": "surcharge"})
    try:
        mark = len(live.server.log_lines())
        sessions = [_signed_in(live, customer["login"]) for _n in range(3)]
        contexts = [
            live.checkout(sessions[0], [credit_invoice]),
            live.checkout(sessions[1], [credit_invoice]),
            live.checkout(sessions[2], [debit_invoice]),
        ]
        tokens = [customer["token"], customer["token"], customer["debit_token"]]
        answers = parallel(
            [
                (
                    lambda session=session, context=context, token=token: (
                        _pay_with_token(
                            session, context, once["paya"], once["card"], token
                        )
                    )
                )
                for session, context, token in zip(
                    sessions, contexts, tokens, strict=True
                )
            ]
        )
        assert not any(isinstance(a, Exception) for a in answers), answers
        references = [a["reference"] for a in answers if "reference" in a]
        bodies = [
            {
                "type": "CREATE",
                "resource": "transaction",
                "number_of_attempts": "1",
                "data": json.dumps(record),
            }
            for record in list(sim.transactions.values())
            if record["transaction_api_id"] in references
            for _copy in range(COPIES)
        ]
        url = f"{live.server.url}/payment/paya_connect/postback"
        calls = [
            (lambda body=body: requests.post(url, data=body, timeout=120).status_code)
            for body in bodies
        ]
        calls.insert(
            len(calls) // 2, lambda: _run_cron(admin, once["crons"]["post_process"])
        )
        delivered = parallel(calls)
        assert not any(isinstance(a, Exception) for a in delivered), delivered
        _run_cron(admin, once["crons"]["post_process"])
        credit_done, _txs = _assert_paid_once(live, [credit_invoice], 309.0)
        debit_done, _txs = _assert_paid_once(live, [debit_invoice], 400.0)
        booked = _rows(
            live,
            "SELECT tx.amount, tx.payment_portal_fee_amount, p.amount, "
            "(SELECT coalesce(sum(l.credit), 0) FROM account_move_line l "
            "JOIN res_company c ON c.payment_portal_fee_account_id = l.account_id "
            "WHERE l.move_id = p.move_id) "
            "FROM payment_transaction tx JOIN account_payment p "
            "ON p.payment_transaction_id = tx.id "
            f"WHERE tx.id IN ({credit_done[0][0]}, {debit_done[0][0]}) ORDER BY tx.id",
        )
        # (either may have been created first)
        assert sorted([float(v) for v in row] for row in booked) == [
            [309.0, 9.0, 309.0, 9.0],
            [400.0, 0.0, 400.0, 0.0],
        ], booked
        errors = _server_errors(live.server.log_lines()[mark:])
        assert not errors, errors[-5:]
    finally:
        live.script("fee_mode", {"mode": "none"})
        sim.surcharges.clear()
    refused = [a.get("refused") for a in answers if "refused" in a]
    live.report(
        f"surcharge 3 %: a double-clicked credit card payment of 300.00 charged "
        f"once, 309.00 (second click: {refused or 'superseded'}), a debit card "
        f"payment of 400.00 charged 400.00 (Paya took the surcharge out), "
        f"{len(bodies)} postbacks in parallel with the cron: payments equal to "
        f"Paya's charges, one fee line of 9.00"
    )
