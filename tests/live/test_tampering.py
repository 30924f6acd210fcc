# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Amount, currency, invoice ids, saved-method ids and schedule fields
changed by the customer's browser in every request that carries them:
refused with a clear message, nothing created or changed."""

from urllib.parse import urlencode

import pytest
from lxml import html

from .server import transaction_params


@pytest.fixture(scope="module")
def tamper(live):
    return live.script("tampering_invoices", {"company": live.data["a"]["company"]})


def _money_state(live):
    return live.sql(
        """SELECT concat_ws('|', (SELECT count(*) FROM payment_transaction),
                  (SELECT count(*) FROM account_payment),
                  (SELECT count(*) FROM payment_portal_schedule),
                  (SELECT string_agg(concat_ws(',', id, state, amount, date,
                          token_id, write_date), ';' ORDER BY id)
                     FROM payment_portal_schedule),
                  (SELECT string_agg(concat_ws(',', partner_id, company_id, state,
                          token_id), ';' ORDER BY partner_id, company_id)
                     FROM payment_portal_autopay
                    WHERE state != 'off' OR token_id IS NOT NULL))"""
    )


def _refused(response):
    """A JSON-RPC refusal with a message for the customer."""
    body = response.json()
    error = body.get("error")
    assert error, body
    assert error["data"]["name"].startswith(("odoo.exceptions.", "werkzeug.")), error
    assert error["data"]["message"].strip(), error
    return error["data"]["message"]


def test_tampered_payment_requests(live, tamper):
    b, demo = live.data["b"], live.data["demo"]
    client = live.browser("a")
    ids = tamper["open"]
    context = live.checkout(client, ids, f"{tamper['residual']:.2f}")
    valid = transaction_params(context, demo["provider"], demo["method"])
    route = context["transaction_route"]
    amount = valid["amount"]
    cases = {
        "amount a cent lower": (route, {"amount": amount - 0.01}),
        "amount higher": (route, {"amount": amount + 100}),
        "amount zero": (route, {"amount": 0}),
        "amount negative": (route, {"amount": -amount}),
        "amount as text": (route, {"amount": "all of it"}),
        "no amount": (route, {"amount": None}),
        "another currency": (route, {"currency_id": tamper["eur"]}),
        "another customer's invoice added": (
            f"/my/pay/transaction/{'-'.join(map(str, [*ids, b['invoices'][2]]))}",
            {},
        ),
        "a paid invoice added": (
            f"/my/pay/transaction/{'-'.join(map(str, [*ids, tamper['paid']]))}",
            {},
        ),
        "an invoice removed": (f"/my/pay/transaction/{ids[0]}", {}),
        "an unknown invoice": (f"/my/pay/transaction/{ids[0]}-999999999", {}),
        "another selection's signature": (route, {"access_token": "0" * 64}),
        "another customer's saved method": (
            route,
            {"flow": "token", "token_id": b["token"], "payment_method_id": None},
        ),
        "a disabled provider": (route, {"provider_id": 999999}),
        "Pay Now above the amount due": (
            f"/invoice/transaction/{ids[0]}",
            {"amount": amount * 10},
        ),
        "Pay Now of another customer's invoice": (
            f"/invoice/transaction/{b['invoices'][2]}",
            {"amount": 1.0},
        ),
    }
    before = _money_state(live)
    messages = {}
    for name, (url, change) in cases.items():
        messages[name] = _refused(client.jsonrpc(url, {**valid, **change}))
        assert _money_state(live) == before, name
    # The checkout page itself, with a total that is not the amount due.
    page = client.get(
        "/my/pay/checkout?"
        + urlencode({"invoice_ids": ",".join(map(str, ids)), "total": "0.01"}),
        allow_redirects=True,
    )
    assert page.status_code == 200
    assert 'id="o_payment_form"' not in page.text
    # And the untampered request goes through: the refusals were refusals.
    ok = client.jsonrpc(route, valid).json()
    assert "result" in ok, ok
    live.report(
        f"tampering (payments): {len(cases)} tampered transaction requests "
        "refused with a message, nothing created; the untampered one accepted"
    )
    assert len(set(messages.values())) >= 3, messages


def _form_error(response):
    tree = html.fromstring(response.text)
    errors = tree.xpath('//*[contains(@class, "o_payment_portal_error")]')
    return errors[0].text_content().strip() if errors else None


def test_tampered_schedule_and_autopay_forms(live, tamper):
    a, b = live.data["a"], live.data["b"]
    client = live.browser("a")
    csrf = client.csrf("/my")
    invoice = tamper["open"][0]
    valid = {
        "csrf_token": csrf,
        "token_id": str(a["token"]),
        "invoice_ids": str(invoice),
        "amount": "10.00",
        "date": "2099-01-01",
    }
    cases = {
        "another customer's saved method": {"token_id": str(b["token"])},
        "no saved method": {"token_id": ""},
        "another customer's invoice": {"invoice_ids": str(b["invoices"][2])},
        "a paid invoice": {"invoice_ids": str(tamper["paid"])},
        "amount above the amount due": {"amount": "100000"},
        "amount negative": {"amount": "-5"},
        "amount as text": {"amount": "ten"},
        "date in the past": {"date": "2001-01-01"},
        "date not a date": {"date": "2026-02-30"},
    }
    before = _money_state(live)
    for name, change in cases.items():
        response = client.post("/my/pay/schedule", data={**valid, **change})
        assert response.status_code == 200, (name, response.status_code)
        assert _form_error(response), name
        assert _money_state(live) == before, name
        edited = client.post(
            f"/my/pay/scheduled/{a['schedule']}/edit", data={**valid, **change}
        )
        assert edited.status_code == 200 and _form_error(edited), name
        assert _money_state(live) == before, name
    # Another customer's schedule, installments and Auto Pay: not found.
    refused = [
        client.post(f"/my/pay/scheduled/{b['schedule']}/edit", data=valid),
        client.post(f"/my/pay/scheduled/{b['schedule']}/cancel", data=valid),
        client.post(
            "/my/pay/installments",
            data={**valid, "invoice_id": b["invoices"][2], "dates": "2099-01-01"},
        ),
        client.post(
            "/my/payment_profiles/autopay",
            data={"csrf_token": csrf, "token_id": b["token"], "enabled": "1"},
        ),
        client.post(
            f"/my/payment_profiles/{b['token']}/delete", data={"csrf_token": csrf}
        ),
    ]
    assert [r.status_code for r in refused] == [404] * len(refused)
    assert _money_state(live) == before
    live.report(
        f"tampering (forms): {len(cases)} tampered schedule fields x create/edit "
        f"refused with a message, {len(refused)} requests on another customer's "
        "schedule, invoice or saved method not found; nothing changed"
    )


def _credit_state(live, tamper):
    """Reconciliations, credits held by transactions, and what is left of
    the test's invoices and credits."""
    lines = ",".join(map(str, tamper["credits"]))
    moves = ",".join(map(str, tamper["credit_invoices"]))
    return _money_state(live) + live.sql(
        f"""SELECT concat_ws('|', (SELECT count(*) FROM account_partial_reconcile),
                  (SELECT count(*) FROM payment_portal_transaction_credit_rel),
                  (SELECT string_agg(concat_ws(',', id, amount_residual, reconciled),
                          ';' ORDER BY id) FROM account_move_line
                    WHERE id IN ({lines})),
                  (SELECT string_agg(concat_ws(',', id, amount_residual), ';'
                          ORDER BY id) FROM account_move WHERE id IN ({moves})))"""
    )


def _apply_refused(live, response):
    """The Apply Credits form refused: the selection again, with a message."""
    assert response.status_code == 200, response.status_code
    assert "Your credits were applied" not in response.text
    message = live.selection_error(response.text)
    assert message, response.text[:2000]
    return message


def test_tampered_credit_requests(live, tamper):
    """Credits of another customer, a credit used meanwhile, a tampered
    total, credits dropped from or added to the route or the form: refused
    with a message, no transaction, no reconciliation."""
    a, b, demo = live.data["a"], live.data["b"], live.data["demo"]
    client = live.browser("a")
    p1, p2, x = tamper["credit_invoices"]  # 40, 70, 25
    c1, c2, used = tamper["credits"]  # 30 (credit note), 20 (payment), 25
    theirs = b["credits"][0]

    def params(context, **change):
        return {
            **transaction_params(context, demo["provider"], demo["method"]),
            **change,
        }

    # P1 + P2 with C1 + C2: 110 - 50 = 60 to pay.
    context = live.checkout(client, [p1, p2], credit_ids=[c1, c2])
    assert float(context["amount"]) == 60.0, context
    route, base = context["transaction_route"], f"/my/pay/transaction/{p1}-{p2}"
    assert route == f"{base}/{c1}-{c2}", route
    plain = live.checkout(client, [p1, p2])  # no credits: 110
    stale = live.checkout(client, [p1], credit_ids=[used])  # 40 - 25
    x_form = live.apply_credits_form(client, [x], [used])  # 25 - 25
    form = live.apply_credits_form(client, [p1], [c1, c2])  # 40 - 50
    cases = {
        "another customer's credit added": (f"{route}-{theirs}", params(context)),
        "another customer's credit instead": (f"{base}/{theirs}", params(context)),
        "a credit dropped from the route": (f"{base}/{c1}", params(context)),
        "the credits dropped from the route": (base, params(context)),
        "the credits dropped, their amount added": (
            base,
            params(context, amount=110.0),
        ),
        "a credit added to the route": (f"{base}/{c1}", params(plain)),
        "a credit added, its amount taken off": (
            f"{base}/{c1}",
            params(plain, amount=80.0),
        ),
        "total without the credits": (route, params(context, amount=110.0)),
        "total a cent lower": (route, params(context, amount=59.99)),
        "total zero": (route, params(context, amount=0)),
        "total negative": (route, params(context, amount=-10.0)),
        "credits covering the invoice, charged anyway": (
            f"/my/pay/transaction/{p1}/{c1}-{c2}",
            params(context, amount=-10.0),
        ),
    }
    before = _credit_state(live, tamper)
    messages = {}
    for name, (url, values) in cases.items():
        messages[name] = _refused(client.jsonrpc(url, values))
        assert _credit_state(live, tamper) == before, name
    overrides = {
        "another customer's credit added": {"credit_ids": f"{c1},{c2},{theirs}"},
        "another customer's credit instead": {"credit_ids": f"{c1},{theirs}"},
        "a credit dropped": {"credit_ids": str(c1)},
        "a credit added": {"credit_ids": f"{c1},{c2},{a['credits'][1]}"},
        "an invoice added": {"invoice_ids": f"{p1},{p2}"},
        "total lower": {"total": "-100.00"},
        "total zero": {"total": "0"},
        "total as text": {"total": "all of it"},
        "another selection's signature": {"access_token": "0" * 64},
    }
    for name, change in overrides.items():
        response = client.post("/my/pay/apply_credits", data={**form, **change})
        messages[f"apply: {name}"] = _apply_refused(live, response)
        assert _credit_state(live, tamper) == before, name
    # A credit used meanwhile: the customer's Apply Credits of X uses it up
    # (the control: the untampered form goes through)...
    applied = client.post("/my/pay/apply_credits", data=x_form)
    assert "Your credits were applied" in applied.text, applied.text[:2000]
    assert live.sql(f"SELECT amount_residual FROM account_move WHERE id = {x}") in (
        "0.00",
        "0",
    )
    before = _credit_state(live, tamper)
    # ... then the payment signed with it, the same form again, and the
    # form of P1 with it added: refused.
    used_cases = {
        "payment with a credit used meanwhile": _refused(
            client.jsonrpc(stale["transaction_route"], params(stale))
        ),
        "apply: a credit used meanwhile, again": _apply_refused(
            live, client.post("/my/pay/apply_credits", data=x_form)
        ),
        "apply: a credit used meanwhile, added": _apply_refused(
            live,
            client.post(
                "/my/pay/apply_credits",
                data={**form, "credit_ids": f"{c1},{c2},{used}"},
            ),
        ),
    }
    messages |= used_cases
    assert _credit_state(live, tamper) == before
    # The untampered payment and Apply Credits go through: the refusals
    # were refusals.
    ok = client.jsonrpc(route, params(context)).json()
    assert "result" in ok, ok
    applied = client.post("/my/pay/apply_credits", data=form)
    assert "Your credits were applied" in applied.text, applied.text[:2000]
    live.report(
        f"tampering (credits): {len(cases)} transaction requests and "
        f"{len(overrides)} Apply Credits forms tampered, {len(used_cases)} with a "
        "credit used meanwhile: refused with a message, no transaction, no "
        "reconciliation; the untampered ones accepted"
    )
    assert len(set(messages.values())) >= 3, messages
