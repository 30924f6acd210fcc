# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Who may see and do what, on every route the addons add or change, against
the live prefork server."""

import re

from .server import transaction_params

# Native routes whose behaviour the addons change through helpers (no route
# override of their own): checked with the others.
CHANGED_NATIVE = [
    {"rule": "/my/address/submit", "methods": ["POST"], "type": "http", "auth": "user"},
    {
        "rule": "/my/invoices/<int:invoice_id>",
        "methods": ["GET"],
        "type": "http",
        "auth": "public",
    },
    {"rule": "/my/account", "methods": ["GET"], "type": "http", "auth": "user"},
]

ROLES = (None, "a", "colleague", "b", "invoicing", "admin")

# Routes every check of the suite must find among the enumerated ones (the
# matrix, the fuzzing, the headers): the credit routes of issue 15, the
# statement of account's of issue 17.
REQUIRED = {
    "/pay/<int:customer_id>/<int:expiry>/<string:signature>",
    "/pay/<int:customer_id>/<int:expiry>/<string:signature>/checkout",
    (
        "/pay/<int:customer_id>/<int:expiry>/<string:signature>/transaction/"
        "<string:invoice_ids>"
    ),
    "/my/pay/checkout",
    "/my/pay/apply_credits",
    "/my/pay/transaction/<string:invoice_ids>",
    "/my/pay/transaction/<string:invoice_ids>/<string:credit_ids>",
    "/my/statement",
    "/my/statement/pdf",
    "/my/statement/monthly",
}


def _routes(live):
    routes = live.script("routes")
    missing = REQUIRED - {r["rule"] for r in routes}
    assert not missing, f"routes not enumerated: {missing}"
    seen = {(r["rule"], tuple(r["methods"])) for r in routes}
    return routes + [
        r for r in CHANGED_NATIVE if (r["rule"], tuple(r["methods"])) not in seen
    ]


def _fill(rule, owner, pay_link=None):
    """The route's URL with ``owner``'s record ids; a pay link's route with
    ``pay_link`` (customer id, expiry, signature), by default ``owner``'s
    own."""
    customer_id, expiry, signature = pay_link or owner["pay_link"]
    values = {
        "customer_id": customer_id,
        "expiry": expiry,
        "signature": signature,
        "invoice_id": owner["invoices"][0],
        "invoice_ids": "-".join(map(str, owner["invoices"])),
        "credit_ids": "-".join(map(str, owner["credits"])),
        # main's short payments route (.../<credit_ids>/<short_ids>): the
        # customers have none; an id of nobody's
        "short_ids": 0,
        "tx_id": owner["tx"],
        "token_id": owner["token"],
        "schedule_id": owner["schedule"],
        "contact_id": owner["billing"],
        "company_id": owner.get("company_id", 0),
        "page": 2,
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), rule)


def _secrets(owner):
    """What must never appear in a page served to someone else."""
    return [
        *owner["invoice_names"],
        *owner["credit_names"],
        owner["credit_invoice_name"],
        owner["tx_reference"],
        owner["billing_email"],
        owner["email"],
    ]


def _state(live, owner):
    """A fingerprint of everything of ``owner``'s that a request could
    change, or use: their contacts and logins, saved methods, schedules,
    transactions and invoices, their credits (what is left of each, the
    payments applying it), and anything of anyone's that refers to their
    saved method or invoices."""
    company = owner["company"]
    token = owner["token"]
    invoices = ",".join(map(str, owner["invoices"]))
    partners = f"SELECT id FROM res_partner WHERE commercial_partner_id = {company}"
    return live.sql(
        f"""SELECT concat_ws('|',
          (SELECT string_agg(concat_ws(',', id, active, email, type,
                  payment_portal_billing_email, payment_portal_statement_monthly,
                  write_date), ';' ORDER BY id)
             FROM res_partner WHERE commercial_partner_id = {company}),
          (SELECT string_agg(concat_ws(',', id, login, active, write_date), ';'
                  ORDER BY id) FROM res_users WHERE partner_id IN ({partners})),
          (SELECT string_agg(concat_ws(',', id, active, write_date), ';' ORDER BY id)
             FROM payment_token WHERE partner_id IN ({partners})),
          (SELECT string_agg(concat_ws(',', id, state, amount, write_date), ';'
                  ORDER BY id) FROM payment_portal_schedule
            WHERE partner_id = {company} OR token_id = {token}),
          (SELECT string_agg(concat_ws(',', id, state, amount, write_date), ';'
                  ORDER BY id) FROM payment_transaction
            WHERE partner_id IN ({partners}) OR token_id = {token}
               OR id IN (SELECT transaction_id FROM account_invoice_transaction_rel
                          WHERE invoice_id IN ({invoices}))),
          (SELECT string_agg(concat_ws(',', id, payment_state, amount_residual,
                  write_date), ';' ORDER BY id)
             FROM account_move WHERE commercial_partner_id = {company}),
          (SELECT string_agg(concat_ws(',', l.id, l.amount_residual, l.reconciled,
                  (SELECT count(*) FROM payment_portal_transaction_credit_rel r
                    WHERE r.line_id = l.id)), ';' ORDER BY l.id)
             FROM account_move_line l
             JOIN account_account acc ON acc.id = l.account_id
            WHERE l.partner_id IN ({partners})
              AND acc.account_type = 'asset_receivable'),
          (SELECT string_agg(concat_ws(',', company_id, state, token_id), ';'
                  ORDER BY company_id) FROM payment_portal_autopay
            WHERE partner_id = {company}
              AND (state != 'off' OR token_id IS NOT NULL))
        )"""
    )


def test_authorization_matrix(live, capsys):
    """Every route × every role, with customer B's ids and access tokens:
    nobody but B gets B's data, and nothing changes."""
    routes = _routes(live)
    b = live.data["b"]
    clients = {role: live.browser(role) for role in ROLES if role != "b"}
    before = _state(live, b)
    checked = 0
    failures = []
    for route in routes:
        if route["rule"].startswith(("/payment/paya_connect/", "/web/")):
            continue  # provider callbacks and sign-in: their own tests
        # B's ids, and for pay links B's customer with a forged signature
        # (B's own link is B's: see _check_pay_links)
        forged = [b["pay_link"][0], b["pay_link"][1], "0" * 64]
        url = _fill(route["rule"], {**b, "company_id": live.data["company"]}, forged)
        for role, client in clients.items():
            for method in route["methods"]:
                if route["type"] == "jsonrpc":
                    response = client.jsonrpc(
                        url,
                        {
                            "token_id": b["token"],
                            "partner_id": b["contact"],
                            "invoice_id": b["invoices"][0],
                            "credit_ids": b["credits"],
                            "access_token": "",
                            "amount": 1.0,
                            "total": -1.0,
                        },
                    )
                elif method == "GET":
                    response = client.get(
                        url,
                        params={
                            "invoice_id": b["invoices"][0],
                            "invoice_ids": ",".join(map(str, b["invoices"])),
                            "credit_ids": ",".join(map(str, b["credits"])),
                        },
                    )
                else:
                    csrf = client.csrf("/web/login")
                    response = client.post(
                        url,
                        data={
                            "csrf_token": csrf,
                            "invoice_ids": ",".join(map(str, b["invoices"])),
                            "credit_ids": ",".join(map(str, b["credits"])),
                            "total": "-1",
                            "token_id": b["token"],
                            "partner_id": b["contact"],
                            # Their own email: a form of their own stays as
                            # it was (the other tests sign in with it).
                            "email": live.data[role]["login"] if role else "",
                            "amount": "1",
                        },
                    )
                checked += 1
                # Staff read any invoice through Odoo's own invoice list and
                # page, by their access rights (whether B's invoices are on
                # the list's first page depends on what other tests made);
                # every other page is the customer's own.
                staff_may_read = role in ("invoicing", "admin") and (
                    route["rule"] == "/my/invoices"
                    or route["rule"].startswith(("/my/invoices/", "/my/invoices?"))
                )
                leaked = [
                    secret
                    for secret in _secrets(b)
                    if secret in response.text and not staff_may_read
                ]
                if response.status_code >= 500:
                    failures.append(f"{method} {url} as {role}: {response.status_code}")
                if leaked:
                    failures.append(f"{method} {url} as {role}: leaks {leaked}")
    checked += _check_signed_links(live, routes, clients, failures)
    checked += _check_pay_links(live, routes, clients, failures)
    after = _state(live, b)
    with capsys.disabled():
        live.report(
            f"authorization matrix: {len(routes)} routes x "
            f"{len(clients)} roles, {checked} requests with customer B's ids"
        )
    assert not failures, "\n".join(failures)
    assert before == after, "a request changed customer B's data"


def _check_signed_links(live, routes, clients, failures):
    """The payment page's signed link (emails) with B's token, A's token, a
    wrong and an empty one: only B's token opens B's payment, and only to a
    visitor without a session; nobody else sees anything of B's."""
    a, b = live.data["a"], live.data["b"]
    tokens = {
        "B's token": b["payment_token"],
        "A's token": a["payment_token"],
        "a wrong token": "0" * len(b["payment_token"]),
        "an empty token": "",
    }
    checked = 0
    for route in routes:
        if "<int:tx_id>" not in route["rule"] or "GET" not in route["methods"]:
            continue
        url = _fill(route["rule"], b)
        for role, client in clients.items():
            for label, token in tokens.items():
                response = client.get(url, params={"access_token": token})
                checked += 1
                where = f"GET {url} with {label} as {role}"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                if role is None and label == "B's token":
                    if b["tx_reference"] not in response.text:
                        failures.append(f"{where}: the signed link does not open")
                    continue
                leaked = [s for s in _secrets(b) if s in response.text]
                if leaked:
                    failures.append(f"{where}: leaks {leaked}")
    assert checked, "the payment page has no signed link to check"
    return checked


def test_owner_sees_own_records(live):
    """The matrix's control: with the same ids, B sees B's records (so a
    refusal above is a refusal, not a wrong id)."""
    b = live.data["b"]
    client = live.browser("b")
    pages = {
        f"/my/payments/{b['tx']}": b["tx_reference"],
        "/my/pay?filterby=all": b["invoice_names"][0],
        "/my/pay?filterby=unpaid": f'data-credit-id="{b["credits"][0]}"',
        f"/my/invoices/{b['invoices'][0]}": b["invoice_names"][0],
        "/my/billing_emails": b["billing_email"],
        "/my/pay/scheduled": f"/my/pay/scheduled/{b['schedule']}/edit",
        "/my/payment_profiles": f'data-token-id="{b["token"]}"',
        "/my/statement?kind=activity&date_from=2000-01-01": b["invoice_names"][0],
        "/my/statement": b["credit_names"][0],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.text, url
    # Public links with B's access token open B's invoice, without signing in.
    anonymous = live.browser()
    url = f"/my/invoices/{b['invoices'][0]}?access_token={b['access_tokens'][0]}"
    assert b["invoice_names"][0] in anonymous.get(url).text
    # The signed link of B's payment emails opens B's payment, without signing in.
    url = f"/my/payments/{b['tx']}?access_token={b['payment_token']}"
    response = anonymous.get(url, allow_redirects=False)
    assert response.status_code == 200, response.status_code
    assert b["tx_reference"] in response.text


def test_state_changing_routes_need_csrf_and_session(live):
    """Every POST form route: without a CSRF token (signed in) or without a
    session (with a token from another session), refused; the customer's
    own data unchanged."""
    a = live.data["a"]
    routes = [
        route
        for route in _routes(live)
        if route["type"] == "http"
        and "POST" in route["methods"]
        and not route["rule"].startswith(("/payment/paya_connect/", "/web/"))
    ]
    signed_in = live.browser("a")
    stranger = live.browser()
    foreign_csrf = live.browser("colleague").csrf("/my")
    before = _state(live, a)
    checked = 0
    for route in routes:
        url = _fill(route["rule"], {**a, "company_id": live.data["company"]})
        data = {
            "invoice_ids": ",".join(map(str, a["invoices"])),
            "token_id": a["token"],
            "email": "attacker@evil.example.com",
            "amount": "1",
            "date": "2030-01-01",
        }
        for client, csrf in ((signed_in, None), (stranger, foreign_csrf)):
            payload = dict(data, csrf_token=csrf) if csrf else data
            response = client.post(url, data=payload, allow_redirects=False)
            checked += 1
            assert response.status_code in (303, 400, 403, 404), (
                route["rule"],
                response.status_code,
            )
            if response.status_code == 303:
                assert "/web/login" in response.headers["Location"], route["rule"]
    assert _state(live, a) == before, "a forged request changed customer A's data"
    live.report(f"CSRF and session: {len(routes)} POST routes, {checked} requests")


def test_credits_of_another_customer(live):
    """B never sees nor applies A's credits, even with A's credits in place
    of B's own of the same amounts (a credit note, an unapplied payment) in
    a form or route B was given; a visitor is sent to sign in. Nothing of
    A's or B's changes."""
    a, b = live.data["a"], live.data["b"]
    client = live.browser("b")
    before = _state(live, a), _state(live, b)
    theirs = ",".join(map(str, a["credits"]))
    # A's credits asked for on B's selection page: not shown.
    page = client.get(f"/my/pay?filterby=unpaid&credit_ids={theirs}").text
    assert f'data-credit-id="{b["credits"][0]}"' in page  # the control
    marks = [f'data-credit-id="{i}"' for i in a["credits"]]
    shown = [s for s in [*_secrets(a), *marks] if s in page]
    assert not shown, shown
    # B's checkout with A's credits: back to the selection, with a message.
    refused = {}
    invoice = b["credit_invoice"]  # 120: B's credit note covers it, B's payment not
    page = live.checkout_page(client, [invoice], "-30.00", a["credits"][:1])
    refused["checkout"] = live.selection_error(page.text)
    assert "o_payment_portal_apply_credits_form" not in page.text
    # B's own Apply Credits form (B's credit note covers the invoice), with
    # A's credit note of the same amount in its place.
    form = live.apply_credits_form(client, [invoice], b["credits"][:1])
    swapped = client.post(
        "/my/pay/apply_credits", data={**form, "credit_ids": str(a["credits"][0])}
    )
    refused["apply, A's credit"] = live.selection_error(swapped.text)
    added = client.post(
        "/my/pay/apply_credits",
        data={**form, "credit_ids": f"{form['credit_ids']},{theirs}"},
    )
    refused["apply, A's credits added"] = live.selection_error(added.text)
    # B's own payment form (B's unapplied payment), with A's in its place.
    context = live.checkout(client, [invoice], credit_ids=b["credits"][1:])
    demo = live.data["demo"]
    params = transaction_params(context, demo["provider"], demo["method"])
    for name, route in {
        "transaction, A's credit": f"/my/pay/transaction/{invoice}/{a['credits'][1]}",
        "transaction, A's credits added": f"{context['transaction_route']}-"
        + "-".join(map(str, a["credits"])),
    }.items():
        error = client.jsonrpc(route, params).json().get("error")
        refused[name] = error and error["data"]["message"]
    leaked = [
        (name, s)
        for name, message in refused.items()
        for s in _secrets(a)
        if message and s in message
    ]
    assert all(refused.values()), refused
    assert not leaked, leaked
    # A visitor: sent to sign in, or refused.
    visitor = live.browser()
    checkout = visitor.get(
        f"/my/pay/checkout?invoice_ids={invoice}&credit_ids={theirs}",
        allow_redirects=False,
    )
    assert checkout.status_code == 303, checkout.status_code
    assert "/web/login" in checkout.headers["Location"]
    posted = visitor.post("/my/pay/apply_credits", data=form, allow_redirects=False)
    assert posted.status_code in (303, 400, 403), posted.status_code
    if posted.status_code == 303:
        assert "/web/login" in posted.headers["Location"]
    error = visitor.jsonrpc(context["transaction_route"], params).json().get("error")
    assert error and error["data"]["name"] == "odoo.http.SessionExpiredException", error
    assert (_state(live, a), _state(live, b)) == before, "a credit request changed data"
    live.report(
        f"credits of another customer: {len(refused)} requests of B with A's "
        "credits refused with a message (none shown, none applied); a visitor "
        "sent to sign in; nothing changed"
    )


def _check_pay_links(live, routes, clients, failures):
    """The pay link pages with B's link, A's signature on B's customer, A's
    link, an expired and a forged one: B's link opens B's invoices (to
    anyone who has it, as an emailed link does), nothing else shows any of
    B's."""
    a, b = live.data["a"], live.data["b"]
    customer, expiry, _signature = b["pay_link"]
    # The matrix's forged links of B's customer locked B's links from this
    # address (the rate limit, counted across workers); forgotten for what
    # follows.
    locked = live.browser().get(
        _fill("/pay/<int:customer_id>/<int:expiry>/<string:signature>", b)
    )
    if locked.status_code != 429 or 'data-kind="busy"' not in locked.text:
        failures.append(
            f"B's link after the matrix's forged ones: {locked.status_code}, "
            "not refused for a while"
        )
    links = {
        "B's link": b["pay_link"],
        "A's signature on B's customer": [customer, expiry, a["pay_link"][2]],
        "A's link": a["pay_link"],
        "B's link made longer": [customer, str(int(expiry) + 86400), b["pay_link"][2]],
        "a forged signature": [customer, expiry, "f" * 64],
    }
    checked = 0
    for route in routes:
        if not route["rule"].startswith("/pay/") or route["type"] != "http":
            continue
        for role, client in clients.items():
            for label, link in links.items():
                url = _fill(route["rule"], b, link)
                if label == "B's link":
                    # the invalid ones of this check lock it too, by design
                    live.sql(
                        "DELETE FROM payment_portal_login_failure "
                        "WHERE source LIKE 'pay_link:%'"
                    )
                response = client.get(url, params={"invoice_ids": b["invoices"][0]})
                checked += 1
                where = f"GET {url} with {label} as {role}"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                if label == "B's link":
                    # the page of B's invoices (the list, or the checkout of
                    # the first one), not a refusal
                    if "o_payment_portal_guest_error" in response.text or not any(
                        name in response.text for name in b["invoice_names"]
                    ):
                        failures.append(
                            f"{where}: B's own link does not open "
                            f"({response.status_code})"
                        )
                    continue
                leaked = [s for s in _secrets(b) if s in response.text]
                if leaked:
                    failures.append(f"{where}: leaks {leaked}")
    assert checked, "no pay link page to check"
    return checked
