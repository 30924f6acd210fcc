# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Sign-in and activation against the live prefork server: activation and
reset links work once, expire and only ever serve their own contact; new
links are rate limited per contact, even when asked for at the same
instant; the lockout after wrong passwords holds across the workers."""

import base64
import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from . import scenario
from .server import Browser, parallel

INVALID = "This link is no longer valid"
LINK = re.compile(r'href="([^"]*/web/(?:signup|reset_password)\?[^"]*)"')


@pytest.fixture(scope="module")
def people(live):
    return live.script("signin_people", {"password": scenario.PASSWORD})


@pytest.fixture(scope="module")
def admin(live):
    """Staff, signed in once for the module (before any lockout)."""
    return live.browser("admin")


def _call(client, model, method, *args):
    """A model method over JSON-RPC, as the back office calls it: the
    result, or the error message."""
    response = client.jsonrpc(
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": list(args), "kwargs": {}},
    ).json()
    if "error" in response:
        return {"error": response["error"]["data"]["message"]}
    return {"result": response["result"]}


def _set_param(live, admin, key, value):
    """Set a system parameter through the server (the workers' caches are
    told); returns the previous value (``False`` when unset)."""
    previous = live.sql(f"SELECT value FROM ir_config_parameter WHERE key = '{key}'")
    assert "error" not in _call(admin, "ir.config_parameter", "set_param", key, value)
    return previous or False


def _link_mails(live, partner_id):
    """The activation/reset mails queued for a contact, oldest first."""
    bodies = live.sql(
        "SELECT string_agg(m.body_html, '<!--next-->' ORDER BY m.id) FROM mail_mail m "
        "JOIN mail_mail_res_partner_rel rel ON rel.mail_mail_id = m.id "
        f"WHERE rel.res_partner_id = {partner_id}"
    )
    links = []
    for body in (bodies or "").split("<!--next-->"):
        found = LINK.findall(body)
        if found:
            assert len(found) == 1, found
            link = urlsplit(html.unescape(found[0]))
            links.append(f"{link.path}?{link.query}")
    return links


def _password_hash(live, user_id):
    return live.sql(f"SELECT password FROM res_users WHERE id = {user_id}")


def _uid(client):
    """Who the session is signed in as (``None``: nobody)."""
    response = client.jsonrpc("/web/session/get_session_info").json()
    return response.get("result", {}).get("uid")


def _csrf(text):
    match = re.search(r'name="csrf_token" value="([^"]+)"', text)
    return match and match.group(1)


def _use_link(client, link, login, password):
    """Open the emailed link and post its form, as a browser does: the page
    first shown and the page after posting."""
    page = client.get(link)
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    posted = client.post(
        urlsplit(link).path,
        data={
            "csrf_token": _csrf(page.text) or client.csrf(),
            "token": query["token"],
            "redirect": query.get("redirect", ""),
            "login": login,
            "name": "Someone",
            "password": password,
            "confirm_password": password,
        },
    )
    return page, posted


def _expires_in_hours(link):
    """The validity left in a link's token (Odoo signs its expiry in it)."""
    token = parse_qs(urlsplit(link).query)["token"][0]
    raw = base64.urlsafe_b64decode(token + "===")
    return (int.from_bytes(raw[1:9], "little") - time.time()) / 3600


def test_activation_link_works_once(live, people, admin):
    """Staff send an activation link; the customer sets a password through
    the emailed link and is signed in; the same link again is refused with
    a clear page and changes nothing."""
    invitee = people["invitee"]
    sent = _call(
        admin, "res.partner", "action_portal_send_activation", [invitee["partner"]]
    )
    assert "error" not in sent, sent
    links = _link_mails(live, invitee["partner"])
    assert len(links) == 1 and "/web/signup?" in links[0], links
    validity = _expires_in_hours(links[0])
    user_id = int(
        live.sql(f"SELECT id FROM res_users WHERE partner_id = {invitee['partner']}")
    )
    assert not _password_hash(live, user_id), "no password before activation"

    customer = live.browser()
    page, posted = _use_link(customer, links[0], invitee["email"], "Invitee-Pass-1")
    assert 'name="confirm_password"' in page.text
    assert posted.status_code == 200 and urlsplit(posted.url).path == "/my", posted.url
    assert _uid(customer) == user_id, "signed in as the invitee"
    first_hash = _password_hash(live, user_id)
    assert first_hash

    again = live.browser()
    page, posted = _use_link(again, links[0], invitee["email"], "Someone-Else-2")
    assert INVALID in page.text and 'name="confirm_password"' not in page.text
    assert INVALID in posted.text
    assert _uid(again) is None
    assert _password_hash(live, user_id) == first_hash, "password unchanged"
    live.report(
        f"activation link: valid {validity:.1f} h when sent, used once "
        f"(signed in as user {user_id} on /my), second use refused, password unchanged"
    )


def test_expired_activation_link_is_refused(live, people, admin):
    """Odoo signs a link's expiry into its token (no date in the database):
    a link issued already past its validity is refused and sets nothing."""
    late = people["late"]
    previous = _set_param(live, admin, "auth_signup.signup.validity.hours", "-1")
    try:
        sent = _call(
            admin, "res.partner", "action_portal_send_activation", [late["partner"]]
        )
        assert "error" not in sent, sent
    finally:
        _set_param(live, admin, "auth_signup.signup.validity.hours", previous)
    (link,) = _link_mails(live, late["partner"])
    validity = _expires_in_hours(link)
    assert validity < 0
    user_id = int(
        live.sql(f"SELECT id FROM res_users WHERE partner_id = {late['partner']}")
    )
    client = live.browser()
    page, posted = _use_link(client, link, late["email"], "Late-Pass-1")
    assert INVALID in page.text and 'name="confirm_password"' not in page.text
    assert INVALID in posted.text
    assert _uid(client) is None
    assert not _password_hash(live, user_id), "no password set"
    assert (
        live.sql(f"SELECT count(*) FROM res_users_log WHERE create_uid = {user_id}")
        == "0"
    )
    live.report(
        f"expired link ({-validity:.2f} h past its expiry): page and form "
        "refused, no password, never signed in"
    )


def test_link_of_one_contact_never_serves_another(live, people, admin):
    """The intruder's own activation link, posted with the login of another
    customer (the holder): the holder's password and login stay, the
    session is never the holder's."""
    intruder, holder = people["intruder"], people["holder"]
    sent = _call(
        admin, "res.partner", "action_portal_send_activation", [intruder["partner"]]
    )
    assert "error" not in sent, sent
    (link,) = _link_mails(live, intruder["partner"])
    holder_state = (
        "SELECT concat_ws('|', login, password) FROM res_users "
        f"WHERE id = {holder['user']}"
    )
    holder_before = live.sql(holder_state)
    client = live.browser()
    _page, _posted = _use_link(client, link, holder["email"], "Hijack-Pass-1")
    uid = _uid(client)
    intruder_user = int(
        live.sql(f"SELECT id FROM res_users WHERE partner_id = {intruder['partner']}")
    )
    assert uid in (None, intruder_user), uid
    assert uid != holder["user"]
    holder_after = live.sql(holder_state)
    assert holder_after == holder_before, "the holder's login or password changed"
    # The holder still signs in with their own password (and this success
    # forgets the failed sign-in Odoo's signup form tried with that login).
    assert live.browser().login(holder["email"], scenario.PASSWORD)
    # The link was the intruder's: it is spent now.
    page, _posted = _use_link(live.browser(), link, holder["email"], "Hijack-Pass-2")
    assert INVALID in page.text
    assert live.sql(holder_state) == holder_before
    live.report(
        f"intruder's link posted with the holder's login: session uid {uid} "
        f"(intruder {intruder_user}), holder {holder['user']} unchanged and still "
        "signs in"
    )


def test_reset_link_works_once(live, people, admin):
    resetter = people["resetter"]
    sent = _call(
        admin, "res.partner", "action_portal_reset_password", [resetter["partner"]]
    )
    assert "error" not in sent, sent
    (link,) = _link_mails(live, resetter["partner"])
    assert "/web/reset_password?" in link
    validity = _expires_in_hours(link)
    before = _password_hash(live, resetter["user"])
    page, posted = _use_link(live.browser(), link, resetter["email"], "Reset-Pass-1")
    assert 'name="confirm_password"' in page.text
    assert "reset successfully" in posted.text, posted.text[-2000:]
    after = _password_hash(live, resetter["user"])
    assert after != before

    page, posted = _use_link(live.browser(), link, resetter["email"], "Reset-Pass-2")
    assert INVALID in page.text and INVALID in posted.text
    assert _password_hash(live, resetter["user"]) == after, "second use changed it"
    assert live.browser().login(resetter["email"], "Reset-Pass-1")
    live.report(
        f"reset link: valid {validity:.1f} h when sent, used once "
        "(new password signs in), second use refused"
    )


def test_new_link_requests_are_rate_limited_per_contact(live, people, admin):
    """The public "send me a new link" form: one mail per contact within the
    cooldown, asked again and again or from several sessions at the same
    instant; staff resending within the cooldown get a clear refusal."""
    bursts = [people["burst1"], people["burst2"]]
    for person in bursts:
        sent = _call(
            admin, "res.partner", "action_portal_send_activation", [person["partner"]]
        )
        assert "error" not in sent, sent
    ids = ",".join(str(person["partner"]) for person in bursts)

    def past_cooldown():
        live.sql(
            "UPDATE res_partner SET portal_link_sent_date = "
            f"now() at time zone 'utc' - interval '1 hour' WHERE id IN ({ids})"
        )

    def counts():
        return [len(_link_mails(live, person["partner"])) for person in bursts]

    def request(client, csrf, email):
        def run():
            response = client.post(
                "/portal/activation/request", data={"csrf_token": csrf, "email": email}
            )
            return response.status_code, "a new link is on its way" in response.text

        return run

    log_start = len(live.server.log_lines())
    # One session asking five times in a row.
    start = counts()
    past_cooldown()
    client = live.browser()
    csrf = client.csrf()
    sequential = [request(client, csrf, bursts[0]["email"])() for _ in range(5)]
    assert all(result == (200, True) for result in sequential), sequential
    after_sequential = counts()
    assert after_sequential == [start[0] + 1, start[1]], (start, after_sequential)

    # Twelve sessions at the same instant, six per contact.
    past_cooldown()
    clients = [live.browser() for _ in range(12)]
    calls = [
        request(c, c.csrf(), bursts[index % 2]["email"])
        for index, c in enumerate(clients)
    ]
    results = parallel(calls)
    assert all(result == (200, True) for result in results), results
    after_parallel = counts()
    assert after_parallel == [after_sequential[0] + 1, after_sequential[1] + 1], (
        after_sequential,
        after_parallel,
    )

    # Staff resending within the cooldown: refused, with the reason.
    refused = _call(
        admin, "res.partner", "action_portal_resend_activation", [bursts[0]["partner"]]
    )
    assert "already emailed" in refused.get("error", ""), refused
    assert counts() == after_parallel
    lines = live.server.log_lines()[log_start:]
    assert not [line for line in lines if " ERROR " in line], "errors in the log"
    retries = sum("SERIALIZATION_FAILURE" in line for line in lines)
    # The newest link of each contact works.
    for person in bursts:
        link = _link_mails(live, person["partner"])[-1]
        page = live.browser().get(link)
        assert 'name="confirm_password"' in page.text
    live.report(
        f"new-link requests: 5 in a row -> +1 mail; 12 at once for 2 "
        f"contacts -> +1 each ({start} -> {after_sequential} -> {after_parallel}, "
        f"{retries} serialization retries, no ERROR); "
        f"staff resend refused: {refused['error'][:60]}..."
    )


def _form_login(base_url, login, password):
    """A sign-in over a fresh connection (a new session): the page's error
    message, or ``None`` when signed in."""
    client = Browser(base_url)
    response = client.post(
        "/web/login",
        data={"login": login, "password": password, "csrf_token": client.csrf()},
    )
    if "session_id" in client.session.cookies and "/web/login" not in response.url:
        return None
    match = re.search(
        r'<p class="alert alert-danger"[^>]*>\s*([^<]+?)\s*<', response.text
    )
    return match.group(1) if match else response.text[-500:]


def _rpc_login(live, login, password):
    """A sign-in over JSON-RPC (its failure rolls the request back)."""
    response = (
        Browser(live.server.url)
        .jsonrpc(
            "/web/session/authenticate",
            {"db": live.db, "login": login, "password": password},
        )
        .json()
    )
    if "error" in response:
        return response["error"]["data"]["message"]
    return None


def test_lockout_holds_across_workers(live, people, admin):
    """After ``base.login_cooldown_after`` wrong passwords (form and RPC,
    each on a fresh connection, served by either worker), the right password
    is refused on every further connection until the cooldown is over."""
    lock = people["lock"]
    after, duration = 4, 20
    previous = {
        "base.login_cooldown_after": _set_param(
            live, admin, "base.login_cooldown_after", str(after)
        ),
        "base.login_cooldown_duration": _set_param(
            live, admin, "base.login_cooldown_duration", str(duration)
        ),
    }
    live.sql("DELETE FROM payment_portal_login_failure")
    log_start = len(live.server.log_lines())
    try:
        wrong = [
            _form_login(live.server.url, lock["email"], "wrong-1"),
            _rpc_login(live, lock["email"], "wrong-2"),
            _form_login(live.server.url, lock["email"], "wrong-3"),
            _rpc_login(live, lock["email"], "wrong-4"),
        ]
        assert all(message for message in wrong), wrong
        counted = live.sql(
            "SELECT failures FROM payment_portal_login_failure "
            "WHERE source = '127.0.0.1'"
        )
        assert counted == str(after), (counted, wrong)

        started = time.monotonic()
        refused = [
            _form_login(live.server.url, lock["email"], scenario.PASSWORD)
            for _ in range(10)
        ]
        refused.append(_rpc_login(live, lock["email"], scenario.PASSWORD))
        elapsed = time.monotonic() - started
        assert elapsed < duration, f"too slow to test a {duration} s cooldown"
        assert all(
            message and "Too many login failures" in message for message in refused
        ), refused

        lines = live.server.log_lines()[log_start:]
        failed_pids = {
            line.split()[2]
            for line in lines
            if f"Login failed for login:{lock['email']}" in line
        }
        ignored_pids = {
            line.split()[2]
            for line in lines
            if "Login attempt ignored for 127.0.0.1" in line and lock["email"] in line
        }
        workers = failed_pids | ignored_pids
        assert not [line for line in lines if " ERROR " in line], "errors in the log"
        assert len(workers) >= 2, f"one worker served everything: {workers}"

        last_failure = live.sql(
            "SELECT extract(epoch FROM (now() at time zone 'utc') - last_failure) "
            "FROM payment_portal_login_failure WHERE source = '127.0.0.1'"
        )
        time.sleep(max(0.0, duration - float(last_failure)) + 1)
        assert _form_login(live.server.url, lock["email"], scenario.PASSWORD) is None
        left = live.sql("SELECT count(*) FROM payment_portal_login_failure")
        assert left == "0", "the success forgets the failures"
    finally:
        for key, value in previous.items():
            _set_param(live, admin, key, value)
        live.sql("DELETE FROM payment_portal_login_failure")
    live.report(
        f"lockout: {after} wrong passwords (2 form + 2 RPC) counted "
        f"{counted}; right password refused on {len(refused)}/{len(refused)} fresh "
        f"connections in {elapsed:.1f} s; workers involved: {len(workers)} "
        f"(failures on {sorted(failed_pids)}, refusals on {sorted(ignored_pids)}); "
        f"signs in again after the {duration} s cooldown"
    )
