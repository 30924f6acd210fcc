# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The scenario of test_exactly_once.py: its customers (scripts/once_setup.py,
run in ``odoo shell``), the
simulator's vaults and the helpers that count charges, payments and mails."""

import re
import time
from html import unescape
from urllib.parse import urlencode, urljoin

import requests

from . import scenario
from .final_checks import LOCK_CONFLICTS, expected_error
from .server import Browser, transaction_params

CARD = "4111111111111111"
DEBIT_CARD = "4556773060150333"  # TestData.md's Visa Debit Classic
ACH_OK = "2079951060953"
ACH_RETURNED = "1234562101"  # ends in 2101: returned R01
ROUTING = "072000326"
# Test 1: (cron delay, portal delay) in seconds, one customer per round.
ROUNDS = [(0.0, 0.0), (0.0, 0.15), (0.15, 0.0), (0.05, 0.0)]
INVOICES_PER_ROUND = 3
FLEET = 8  # test 2: customers, half with a scheduled payment due too
COPIES = 6  # test 3: copies of each postback


def _vault(simulator, method, number):
    values = {
        "payment_method": method,
        "account_number": number,
        "account_holder_name": "Once Buyer",
        "location_id": simulator.location_id,
    }
    if method == "cc":
        values["exp_date"] = "1230"
    else:
        values |= {"routing": ROUTING, "account_type": "checking"}
    vault = simulator.create_vault(values)
    return {"id": vault["id"], "last_four": vault["last_four"]}


# --- helpers -------------------------------------------------------------


def _rows(live, query):
    out = live.sql(query)
    return [line.split("|") for line in out.splitlines()] if out else []


def _ids(values):
    return ",".join(str(value) for value in values)


def _signed_in(live, login):
    client = Browser(live.server.url)
    assert client.login(login, scenario.PASSWORD), f"{login} cannot sign in"
    return client


def _run_cron(admin, cron_id):
    """Run a cron now in an HTTP worker, as the scheduler would."""
    answer = admin.jsonrpc(
        "/web/dataset/call_kw/ir.cron/method_direct_trigger",
        {
            "model": "ir.cron",
            "method": "method_direct_trigger",
            "args": [[cron_id]],
            "kwargs": {},
        },
    ).json()
    if "error" in answer:
        return "error: " + answer["error"]["data"]["message"]
    return "ran"


def _pay_with_token(client, context, provider, method, token):
    """The customer pays the checkout with a saved method, as the payment
    form does (the charge is sent within the request), then the status page
    polls (post-processing: the payment, the mail)."""
    answer = client.jsonrpc(
        context["transaction_route"],
        transaction_params(context, provider, method, flow="token", token=token),
    ).json()
    if "error" in answer:
        return {"refused": answer["error"]["data"]["message"]}
    reference = answer["result"]["reference"]
    for _attempt in range(5):
        poll = client.jsonrpc("/payment/status/poll").json()
        if "result" in poll:
            break
        time.sleep(0.5)
    return {"reference": reference, "poll": poll.get("result") or poll.get("error")}


def _invoice_txs(live, invoice_ids):
    """(id, reference, state, origin, payment count) of every transaction of
    these invoices."""
    return _rows(
        live,
        "SELECT tx.id, tx.reference, tx.state, "
        "coalesce(tx.payment_portal_origin, ''), (SELECT count(*) FROM "
        "account_payment p WHERE p.payment_transaction_id = tx.id) "
        "FROM payment_transaction tx WHERE tx.id IN (SELECT transaction_id FROM "
        f"account_invoice_transaction_rel WHERE invoice_id IN ({_ids(invoice_ids)})) "
        "ORDER BY tx.id",
    )


def _assert_paid_once(live, invoice_ids, total):
    """Each invoice: one done transaction, nothing left to pay; each done
    transaction: one payment and one charge at Paya; nothing else charged.
    Returns the done transactions."""
    ids = _ids(invoice_ids)
    per_invoice = _rows(
        live,
        "SELECT m.id, m.amount_residual, (SELECT count(*) FROM "
        "account_invoice_transaction_rel rel JOIN payment_transaction tx ON "
        "tx.id = rel.transaction_id WHERE rel.invoice_id = m.id AND tx.state = 'done') "
        f"FROM account_move m WHERE m.id IN ({ids}) ORDER BY m.id",
    )
    assert len(per_invoice) == len(invoice_ids)
    for invoice_id, residual, done in per_invoice:
        assert done == "1", (invoice_id, done, _invoice_txs(live, invoice_ids))
        assert float(residual) == 0.0, (invoice_id, residual)
    txs = _invoice_txs(live, invoice_ids)
    done = [tx for tx in txs if tx[2] == "done"]
    for tx in txs:
        assert tx[4] == ("1" if tx[2] == "done" else "0"), ("payments", tx, txs)
    references = {tx[1]: tx[2] for tx in txs}
    charges = [
        entry
        for entry in list(live.simulator.ledger)
        if entry["kind"] == "charge" and entry["transaction_api_id"] in references
    ]
    charged = sorted(entry["transaction_api_id"] for entry in charges)
    assert charged == sorted(tx[1] for tx in done), ("ledger", charges, txs)
    assert round(sum(float(entry["amount"]) for entry in charges), 2) == round(
        total, 2
    ), charges
    for tx in done:
        assert _mails(live, tx[0]) == {"receipt": 1}, ("mails", tx, _mails(live, tx[0]))
    return done, txs


def _server_errors(lines):
    """ERROR lines, but the expected lock conflicts (the failed query is
    logged on one line, PostgreSQL's message on the next)."""
    return [
        line
        for index, line in enumerate(lines)
        if " ERROR " in line and not expected_error(lines, index, LOCK_CONFLICTS)
    ]


# --- 1. Auto Pay while the customer pays by hand ---------------------------


def _messages(live, invoice_id, reference):
    rows = _rows(
        live,
        "SELECT CASE WHEN body LIKE '%is pending%' THEN 'pending' "
        "WHEN body LIKE '%has been confirmed%' THEN 'done' "
        "WHEN body LIKE '%encountered an error%' THEN 'error' ELSE 'other' END, "
        "count(*) FROM mail_message WHERE model = 'account.move' "
        f"AND res_id = {invoice_id} AND body LIKE '%{reference}%' GROUP BY 1",
    )
    return {kind: int(count) for kind, count in rows}


def _mails(live, tx_id):
    rows = _rows(
        live,
        "SELECT CASE WHEN m.subject LIKE '%payment received%' THEN 'receipt' "
        "WHEN m.subject LIKE '%pending%' THEN 'pending' "
        "WHEN m.subject LIKE '%payment failed%' THEN 'failure' ELSE m.subject END, "
        "count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id "
        f"WHERE m.model = 'payment.transaction' AND m.res_id = {tx_id} GROUP BY 1",
    )
    return {kind: int(count) for kind, count in rows}


def _poll_answer(client):
    answer = client.jsonrpc("/payment/status/poll").json()
    if "error" in answer:
        return answer["error"]["data"]["message"]
    return "polled"


def _hosted_page_payment(client, context, provider, method):
    """Start a redirect payment and pay on Paya's hosted page: returns the
    reference and the URL Paya sends the customer back to (not followed)."""
    answer = client.jsonrpc(
        context["transaction_route"],
        transaction_params(context, provider, method, flow="redirect"),
    ).json()
    processing = answer["result"]
    form = processing["redirect_form_html"]
    action = unescape(re.search(r'action="([^"]+)"', form).group(1))
    inputs = {
        name: unescape(value)
        for name, value in re.findall(r'name="([^"]+)"\s+value="([^"]*)"', form)
    }
    page_url = action + "?" + urlencode(inputs)
    page = requests.get(page_url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    hidden = {
        name: unescape(value)
        for name, value in re.findall(
            r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text
        )
    }
    submitted = requests.post(
        urljoin(page_url, "/hostedpaymentpage"),
        data={
            **hidden,
            "account_holder_name": "Once Buyer",
            "account_number": CARD,
            "exp_date": "1230",
            "cvv": "999",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert submitted.status_code == 302, submitted.text[:500]
    return processing["reference"], submitted.headers["Location"]


# --- 5. Two sessions applying the same credit ------------------------------


def _credit_use(live, line_id):
    """(what the credit's reconciliations took off it, its amount): the
    first may never exceed the second."""
    used, amount = _rows(
        live,
        "SELECT (SELECT coalesce(sum(amount), 0) FROM account_partial_reconcile "
        f"WHERE credit_move_id = {line_id} OR debit_move_id = {line_id}), "
        f"-balance FROM account_move_line WHERE id = {line_id}",
    )[0]
    return float(used), float(amount)


def _credit_holders(live, line_id):
    """(id, state) of the transactions applying the credit, but those
    cancelled or failed: at most one."""
    return _rows(
        live,
        "SELECT tx.id, tx.state FROM payment_transaction tx JOIN "
        "payment_portal_transaction_credit_rel rel ON rel.transaction_id = tx.id "
        f"WHERE rel.line_id = {line_id} AND tx.state NOT IN ('cancel', 'error')",
    )


def _residuals(live, invoice_ids):
    return [
        float(r[0])
        for r in _rows(
            live,
            "SELECT amount_residual FROM account_move "
            f"WHERE id IN ({_ids(invoice_ids)}) ORDER BY id",
        )
    ]
