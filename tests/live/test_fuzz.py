# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Every JSON and form route the addons add or change, fed with generated
input (hypothesis), against the live prefork server: never a server error,
never a change of anybody's data.

Record ids in the generated input are never the signed-in customer's own
(another customer's, absent, out of range or not numbers at all), so any
change of state is a bug, not the customer using the portal. The number of
examples per route is ``PAYMENT_PORTAL_LIVE_FUZZ_EXAMPLES`` (default 25)."""

import json
import os
import re
import time
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .test_security import _routes, _state

EXAMPLES = int(os.environ.get("PAYMENT_PORTAL_LIVE_FUZZ_EXAMPLES", "25"))

# Errors a JSON route may answer with: refusals, not crashes.
CLIENT_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.AccessDenied",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
    "odoo.http.SessionExpiredException",
    "werkzeug.exceptions.BadRequest",
    "werkzeug.exceptions.Forbidden",
    "werkzeug.exceptions.NotFound",
    "werkzeug.exceptions.Unauthorized",
    "werkzeug.exceptions.UnprocessableEntity",
}

# Parameters the routes read (record ids first: always present, never the
# customer's own).
ID_KEYS = ("invoice_ids", "invoice_id", "credit_ids", "token_id", "partner_id")
OTHER_KEYS = (
    "amount",
    "total",
    "date",
    "email",
    "name",
    "enabled",
    "filterby",
    "sortby",
    "search",
    "page",
    "message",
    "error",
    "access_token",
    "report_type",
    "download",
    "payment_reference",
    "currency_id",
    "provider_id",
    "payment_method_id",
    "flow",
    "tokenization_requested",
    "landing_route",
    "is_validation",
    "payment_portal_autopay",
    "login",
    "password",
    "confirm_password",
    "token",
    "redirect",
    "type",
    "resource",
    "data",
    "number_of_attempts",
    "reason_id",
    "reason_text",
    "kind",
    "date_from",
    "date_to",
    "monthly",
)
SPECIAL = [
    "",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "2026-02-30",
    "1900-01-01",
    "9" * 40,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "%00",
    "../../etc/passwd",
    "1,2,3",
    "[]",
    "{}",
    "true",
]
EMAIL = re.compile(r"\S+@\S+\.\S+")


def own_record_ids(live, company):
    """Every id of ``company``'s records, in every table a route takes an id
    of: ids are per table, so a "foreign" id sampled for one route may be one
    of the customer's own in another, and then acting on it is legitimate."""
    partners = f"SELECT id FROM res_partner WHERE commercial_partner_id = {company}"
    tables = {
        "res_partner": f"id IN ({partners})",
        "res_users": f"partner_id IN ({partners})",
        "account_move": f"commercial_partner_id = {company}",
        # credit_ids: the customer's credits are lines of its moves
        "account_move_line": f"partner_id IN ({partners})",
        "payment_token": f"partner_id IN ({partners})",
        "payment_transaction": f"partner_id IN ({partners})",
        "payment_portal_schedule": f"partner_id = {company}",
        "payment_portal_autopay": f"partner_id = {company}",
    }
    own = live.sql(
        " UNION ".join(f"SELECT id FROM {t} WHERE {w}" for t, w in tables.items())
    )
    return {int(i) for i in own.split()}


def _strategies(foreign_ids, own_ids):
    """``own_ids``: every id of the signed-in customer's records, never
    generated where a record id is read (it would be the customer acting on
    their own data, legitimately)."""

    # Ids are per table: another customer's token may have the id of the
    # customer's own schedule. Such an id would be the customer acting on
    # their own record (found when the demo data shifted the ids).
    foreign_ids = [i for i in foreign_ids if i not in own_ids]

    def not_own(value):
        return not any(int(d) in own_ids for d in re.findall(r"\d+", json.dumps(value)))

    text = st.one_of(st.text(max_size=40), st.sampled_from(SPECIAL))
    junk_int = st.integers(min_value=-(2**63), max_value=2**70).filter(
        lambda n: n not in own_ids
    )
    junk_id = st.one_of(
        st.sampled_from([str(i) for i in foreign_ids]),
        junk_int.map(str),
        text.filter(lambda value: value and not value.strip().isdigit()).filter(
            not_own
        ),
    )
    json_scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),  # JSON has neither
        text,
    )
    json_value = st.recursive(
        json_scalar,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=6), children, max_size=3)
        ),
        max_leaves=6,
    )
    json_id = st.one_of(
        st.sampled_from(foreign_ids),
        junk_int,
        json_value.filter(not_own),
    )

    def params(value, ident):
        others = st.dictionaries(
            st.sampled_from(OTHER_KEYS), value, max_size=len(OTHER_KEYS)
        ).map(
            # never a real address: a form would legitimately save it
            lambda values: {
                key: val
                for key, val in values.items()
                if not (key in ("email", "login") and _is_email(val))
            }
        )
        ids = st.fixed_dictionaries(dict.fromkeys(ID_KEYS, ident))
        return st.tuples(ids, others).map(lambda pair: {**pair[0], **pair[1]})

    return {
        "form": params(text, junk_id),
        "json": params(json_value, json_id),
        "path_int": st.one_of(
            st.sampled_from(foreign_ids),
            st.integers(min_value=0, max_value=10**20).filter(
                lambda n: n not in own_ids
            ),
        ),
        # path ids: the transaction routes' "3-5" and "3-5/9-12"
        "path_text": st.one_of(
            text.filter(not_own),
            st.lists(
                st.sampled_from([str(i) for i in foreign_ids]), min_size=1, max_size=3
            ).map("-".join),
        ),
    }


def _is_email(value):
    return isinstance(value, str) and bool(EMAIL.search(value))


def _fill_path(rule, path_values):
    def replace(match):
        converter = match.group(1)
        value = path_values[converter or "string"]
        if converter == "int":
            return str(value)
        return quote(str(value), safe="") or "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, rule)


def _global_counts(live):
    return live.sql(
        """SELECT concat_ws('|',
             (SELECT count(*) FROM payment_transaction),
             (SELECT count(*) FROM account_payment),
             (SELECT count(*) FROM account_partial_reconcile),
             (SELECT count(*) FROM payment_portal_transaction_credit_rel),
             (SELECT count(*) FROM payment_token WHERE active),
             (SELECT count(*) FROM payment_portal_schedule),
             (SELECT count(*) FROM res_partner WHERE active),
             (SELECT count(*) FROM res_users WHERE active),
             (SELECT string_agg(concat_ws(',', id, login, write_date), ';' ORDER BY id)
                FROM res_users))"""
    )


def _fuzzer(strategies, route, client, token, kind, failures, counter):
    """The hypothesis test of one route."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(
        params=strategies[kind],
        path_int=strategies["path_int"],
        path_text=strategies["path_text"],
    )
    def fuzz(params, path_int, path_text):
        url = _fill_path(route["rule"], {"int": path_int, "string": path_text})
        methods = ["POST"] if route["type"] == "jsonrpc" else route["methods"]
        for method in methods:
            counter.append(1)
            if route["type"] == "jsonrpc":
                response = client.jsonrpc(url, params)
            elif method == "GET":
                response = client.get(url, params=params, allow_redirects=False)
            else:
                response = client.post(
                    url,
                    data={**params, "csrf_token": token},
                    allow_redirects=False,
                )
            problem = None
            if response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
            elif route["type"] == "http" and "Traceback" in response.text:
                problem = "a traceback in the page"
            elif route["type"] == "jsonrpc" and response.status_code == 200:
                error = response.json().get("error")
                name = error and error.get("data", {}).get("name")
                if error and name not in CLIENT_ERRORS:
                    problem = f"server error {name}: {error['data'].get('message')}"
            if problem:
                failures.append(f"{method} {url} {params!r}: {problem}")
                raise AssertionError(failures[-1])

    return fuzz


class Watch:
    """What a fuzzing run must leave as it found: both customers' data, the
    global counts, and a server log without errors."""

    def __init__(self, live, a, b):
        self.live, self.a, self.b = live, a, b
        self.before = self._snapshot()
        self.log_start = len(live.server.log_lines())

    def _snapshot(self):
        return (
            _state(self.live, self.a),
            _state(self.live, self.b),
            _global_counts(self.live),
        )

    def new_log(self):
        return self.live.server.log_lines()[self.log_start :]

    def assert_unchanged(self, failures, log_tail):
        new_log = self.new_log()
        server_errors = [
            line
            for line in new_log
            if " ERROR " in line and "could not serialize access" not in line
        ]
        assert not failures, "\n".join(failures[:20] + new_log[-log_tail:])
        assert not server_errors, "\n".join(server_errors[:20])
        changed = [
            f"{whose}, before: {x}\n{whose}, after:  {y}"
            for whose, old, new in zip(
                ("customer A", "customer B", "global counts"),
                self.before,
                self._snapshot(),
                strict=True,
            )
            for x, y in zip(old.split("|"), new.split("|"), strict=False)
            if x != y
        ]
        assert not changed, "a generated request changed data:\n" + "\n".join(changed)


def test_fuzz_every_json_and_form_route(live):
    a, b = live.data["a"], live.data["b"]
    foreign = sorted(
        {
            *b["invoices"],
            *b["credits"],
            b["token"],
            b["schedule"],
            b["billing"],
            b["tx"],
            b["contact"],
            b["company"],
        }
    )
    strategies = _strategies(foreign, own_record_ids(live, a["company"]))
    routes = _routes(live)
    customer = live.browser("a")
    public = live.browser()
    csrf = customer.csrf("/my")
    public_csrf = public.csrf("/web/login")
    watch = Watch(live, a, b)
    tried = []
    failures = []
    started = time.monotonic()

    for route in routes:
        # Sign-in pages and provider callbacks are public: fuzzed anonymously.
        anonymous = route["auth"] in ("public", "none") and route["rule"].startswith(
            ("/web/", "/payment/paya_connect/", "/portal/activation/", "/pay/")
        )
        client, token = (public, public_csrf) if anonymous else (customer, csrf)
        kind = "json" if route["type"] == "jsonrpc" else "form"

        fuzz = _fuzzer(strategies, route, client, token, kind, failures, tried)
        try:
            fuzz()
        except AssertionError:
            pass  # recorded; the other routes are still fuzzed

    live.report(
        f"fuzzing: {len(routes)} routes, {len(tried)} generated requests "
        f"({EXAMPLES} examples per route) in {time.monotonic() - started:.0f} s, "
        f"{len(failures)} server errors"
    )
    # The fuzzer's forged pay links lock their customers' links from this
    # address for a while, as they should; forgotten for the next tests.
    live.sql("DELETE FROM payment_portal_login_failure WHERE source LIKE 'pay_link:%'")
    watch.assert_unchanged(failures, log_tail=200)
