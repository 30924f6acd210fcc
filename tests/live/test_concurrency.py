# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Exactly once, with truly parallel requests on the prefork server."""

import threading
from urllib.parse import urlencode

from lxml import html


def _payment_context(page):
    form = html.fromstring(page).xpath('//form[@id="o_payment_form"]')[0]
    return {
        key[5:].replace("-", "_"): value
        for key, value in form.items()
        if key.startswith("data-")
    }


def _parallel(functions):
    """Run the functions at the same instant, one thread each."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_same_selection_paid_from_two_sessions_at_once(live):
    a = live.data["a"]
    demo = live.data["demo"]
    invoices = a["invoices"][1:]
    ids = ",".join(map(str, invoices))
    clients = [live.browser("a"), live.browser("colleague")]
    contexts = []
    for client in clients:
        total = live.sql(
            f"SELECT sum(amount_residual) FROM account_move WHERE id IN ({ids})"
        )
        page = client.get(
            "/my/pay/checkout?" + urlencode({"invoice_ids": ids, "total": total})
        )
        assert page.status_code == 200, page.text[:500]
        contexts.append(_payment_context(page.text))

    def pay(client, context):
        def run():
            response = client.jsonrpc(
                context["transaction_route"],
                {
                    "provider_id": demo["provider"],
                    "payment_method_id": demo["method"],
                    "token_id": None,
                    "amount": float(context["amount"]),
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": context["landing_route"],
                    "access_token": context["access_token"],
                    "payment_reference": context.get("payment_reference"),
                },
            ).json()
            if "error" in response:
                return {"refused": response["error"]["data"]["message"]}
            reference = response["result"]["reference"]
            client.jsonrpc(
                "/payment/demo/simulate_payment",
                {
                    "reference": reference,
                    "payment_details": "4242",
                    "simulated_state": "done",
                },
            )
            return {"reference": reference}

        return run

    results = _parallel([pay(c, ctx) for c, ctx in zip(clients, contexts, strict=True)])
    assert not any(isinstance(result, Exception) for result in results), results
    done = live.sql(
        "SELECT count(DISTINCT tx.id) FROM payment_transaction tx "
        "JOIN account_invoice_transaction_rel rel ON rel.transaction_id = tx.id "
        f"WHERE rel.invoice_id IN ({ids}) AND tx.state = 'done'"
    )
    assert done == "1", (done, results)
    refused_or_cancelled = [
        result
        for result in results
        if "refused" in result
        or live.sql(
            "SELECT state FROM payment_transaction "
            f"WHERE reference = '{result['reference']}'"
        )
        == "cancel"
    ]
    assert len(refused_or_cancelled) == 1, results
    live.report(f"same selection from two sessions at once: {results}")
