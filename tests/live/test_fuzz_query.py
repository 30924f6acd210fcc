# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The query strings of every GET page the addons render or change, fed by
hypothesis to the live prefork server, as customer A and as a visitor
(issue 13: a scanner found HTTP 500s there that test_fuzz.py, which fuzzes
JSON and form routes, did not reach).

Each query string mixes the route's own parameter names (read from its
endpoint and the methods it overrides), the names the other routes read and
random ones, with values holding NUL and other control characters, huge
values, wrong types (text for numbers, negative numbers, floats, lists),
repeated keys and odd encodings (invalid UTF-8 escapes, truncated escapes).
Every answer is a page, a redirect or a 4xx, never a 5xx or a traceback;
no answer shows anything of customer B; nobody's data changes.

Huge values stay under 60 kB: Python's HTTP server refuses a request line
past 64 kB before Odoo reads it, and Odoo 19's request handler then fails to
answer its 414 (it reads headers the request does not have yet), a fault
of Odoo's server, outside the addons, that a reverse proxy hides by refusing
such lines first. The number of examples per route and client is
``PAYMENT_PORTAL_LIVE_FUZZ_EXAMPLES`` (default 25), as in test_fuzz.py."""

import re
import time
from collections import Counter
from urllib.parse import quote

import requests
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from .test_fuzz import EXAMPLES, ID_KEYS, OTHER_KEYS, SPECIAL, Watch, own_record_ids
from .test_security import _secrets

# The native portal pages whose behaviour the addons change (their home
# cards, invoice pages, Pay Now routes, payment methods, account and
# address rules): fuzzed with the addons' own pages.
NATIVE = (
    "/my",
    "/my/home",
    "/my/invoices",
    "/my/invoices/<int:invoice_id>",
    "/my/invoices/overdue",
    "/my/payment_method",
    "/my/account",
    "/my/addresses",
    "/my/address",
)

# What Odoo's payment form pages pass on to the form's hooks.
PAYMENT_FORM_KEYS = (
    "company_id",
    "currency_id",
    "website_id",
    "is_validation",
    "force_tokenization",
    "report",
    "is_donation",
    "donation_options",
    "tx_id",
    "payment_token",
)
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
WRONG_TYPES = [
    "abc",
    "-1",
    "-99999999999",
    "1.5",
    "-0.0",
    "1e309",
    "0x1f",
    "[1, 2]",
    '{"a": 1}',
    "null",
    "False",
    " ",
    "1,2,abc",
    "1-2-3",
]
# Already percent-encoded: invalid or truncated UTF-8, stray escapes.
ODD_ENCODINGS = [
    "%ff",
    "%fe%ff",
    "%c3%28",
    "%ed%a0%80",
    "%f4%90%80%80",
    "%e2%82",
    "%",
    "%zz",
    "%2",
    "%2500",
    "%00",
    "%C0%80",
    "+",
    "%26%3D",
]
HUGE = ["9" * 60_000, "a" * 60_000, "%00" * 20_000, "-1," * 20_000]
MAX_QUERY = 63_000  # bytes: below the HTTP server's request-line limit


def _strategies(route, own_ids, foreign_ids):
    # ids are per table: never one that is also the customer's own
    foreign_ids = [i for i in foreign_ids if i not in own_ids]

    def not_own(value):
        return not any(
            len(digits) < 12 and int(digits) in own_ids
            for digits in re.findall(r"\d+", value)
        )

    text = st.one_of(st.text(max_size=30), st.sampled_from(SPECIAL))
    controlled = st.tuples(text, st.sampled_from(CONTROL), text).map("".join)
    encoded = st.one_of(
        text.filter(not_own),
        controlled.filter(not_own),
        st.sampled_from(WRONG_TYPES),
        st.sampled_from([str(i) for i in foreign_ids]),
    ).map(lambda value: quote(value, safe=""))
    value = st.one_of(
        encoded,
        st.sampled_from(ODD_ENCODINGS),
        # a huge value now and then (each one is 60 kB on the wire)
        st.integers(0, 7).flatmap(
            lambda n: st.sampled_from(HUGE) if n == 0 else encoded
        ),
    )
    names = sorted({*route["params"], *ID_KEYS, *OTHER_KEYS, *PAYMENT_FORM_KEYS})
    key = st.one_of(
        st.sampled_from(names).map(lambda name: quote(name, safe="")),
        st.sampled_from(names).map(lambda name: quote(name + "[]", safe="")),
        text.map(lambda name: quote(name, safe="")),
        controlled.map(lambda name: quote(name, safe="")),
        st.sampled_from(ODD_ENCODINGS),
    )
    pair = st.tuples(key, value)
    # Repeated keys: some pairs are drawn again with another value.
    pairs = st.lists(pair, max_size=8).flatmap(
        lambda drawn: st.lists(
            st.tuples(st.sampled_from([k for k, _v in drawn] or ["page"]), value),
            max_size=2,
        ).map(lambda again: drawn + again)
    )
    return {
        "query": pairs.map(
            lambda items: "&".join(f"{k}={v}" for k, v in items)[:MAX_QUERY]
        ),
        "path_int": st.one_of(
            st.sampled_from(foreign_ids),
            st.integers(min_value=0, max_value=10**20).filter(
                lambda n: n not in own_ids
            ),
        ),
        "path_text": text.filter(not_own),
    }


def _fill_path(rule, path_int, path_text):
    def replace(match):
        if match.group(1) == "int":
            return str(path_int)
        return quote(path_text, safe="") or "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, rule)


def _get_as_is(client, url):
    """GET ``url`` exactly as written: requests re-quotes a URL with an
    invalid escape (every ``%`` becomes ``%25``), which would hide the odd
    encodings from the server and make the huge values grow past 64 kB."""
    prepared = client.session.prepare_request(
        requests.Request("GET", client.base_url + url)
    )
    prepared.url = client.base_url + url
    return client.session.send(prepared, allow_redirects=False, timeout=60)


def _check(response, secrets):
    """What is wrong with ``response``, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    body = response.text
    if "Traceback" in body:
        return "a traceback in the page"
    leaked = [secret for secret in secrets if secret in body]
    if leaked:
        return f"customer B's data in the page: {leaked}"
    return None


def _fuzzer(route, strategies, clients, secrets, failures, counter):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    # wapiti's two reports, on every page
    @example(query="search=ab%00&filterby=all&sortby=amount", path_int=0, path_text="x")
    @example(query="provider_id=%3Benv%3B&partner_id=46", path_int=0, path_text="x")
    @given(
        query=strategies["query"],
        path_int=strategies["path_int"],
        path_text=strategies["path_text"],
    )
    def fuzz(query, path_int, path_text):
        url = _fill_path(route["rule"], path_int, path_text) + "?" + query
        for name, client in clients.items():
            try:
                response = _get_as_is(client, url)
            except requests.ConnectionError as error:
                counter.append("no answer")
                problem = f"no answer ({error})"
            else:
                counter.append(response.status_code)
                problem = _check(response, secrets)
            if problem:
                failures.append(f"GET {url[:300]} as {name}: {problem}")
                raise AssertionError(failures[-1])

    return fuzz


def test_fuzz_query_strings_of_every_page(live):
    a, b = live.data["a"], live.data["b"]
    routes = live.script("get_routes", {"native": NATIVE})
    found = {route["rule"] for route in routes}
    assert set(NATIVE) <= found, f"native pages not found: {set(NATIVE) - found}"
    assert "/my/pay" in found and "/my/payments/<int:tx_id>" in found
    assert "/my/pay/checkout" in found  # with credits (issue 15)
    foreign = sorted(
        {
            *b["invoices"],
            *b["credits"],
            b["token"],
            b["schedule"],
            b["billing"],
            b["tx"],
            b["contact"],
        }
    )
    own = own_record_ids(live, a["company"])
    clients = {"customer A": live.browser("a"), "a visitor": live.browser()}
    secrets = _secrets(b)
    watch = Watch(live, a, b)
    tried, failures = [], []
    started = time.monotonic()

    for route in routes:
        strategies = _strategies(route, own, foreign)
        fuzz = _fuzzer(route, strategies, clients, secrets, failures, tried)
        try:
            fuzz()
        except AssertionError:
            pass  # recorded; the other routes are still fuzzed

    answers = ", ".join(
        f"{status}: {count}"
        for status, count in sorted(Counter(map(str, tried)).items())
    )
    live.report(
        f"query-string fuzzing: {len(routes)} GET pages, {len(tried)} generated "
        f"requests ({EXAMPLES} examples per page, as customer A and as a visitor) "
        f"in {time.monotonic() - started:.0f} s, {len(failures)} server errors "
        f"(answers {answers})"
    )
    watch.assert_unchanged(failures, log_tail=100)
