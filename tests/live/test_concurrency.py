# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Exactly once, with truly parallel requests on the prefork server."""

from .server import parallel, transaction_params


def test_same_selection_paid_from_two_sessions_at_once(live):
    a = live.data["a"]
    demo = live.data["demo"]
    invoices = a["invoices"][1:]
    ids = ",".join(map(str, invoices))
    clients = [live.browser("a"), live.browser("colleague")]
    contexts = [live.checkout(client, invoices) for client in clients]

    def pay(client, context):
        def run():
            response = client.jsonrpc(
                context["transaction_route"],
                transaction_params(context, demo["provider"], demo["method"]),
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

    results = parallel([pay(c, ctx) for c, ctx in zip(clients, contexts, strict=True)])
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
