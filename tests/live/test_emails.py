# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The payment emails as a customer receives them: the live server's mail
queue delivers them to a real SMTP server (aiosmtpd) started by the test;
they are read as MIME, their links opened, their PDF receipt read."""

import email
import email.policy
import io
import logging
import re
import threading
import time
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

from odoo.tools.pdf import PdfReader

from . import scenario
from .server import free_port

# In the live database: a customer who signs in (with a billing contact
# without a login) and a customer without any login; their payments: a card
# payment, ACH pending then settled, ACH pending then returned, an Auto Pay
# charge, a scheduled payment, and an Auto Pay decline of the customer
# without a login (scripts/emails_setup.py, run in ``odoo shell``). The mail
# queue then sends through the test's server.

# Which mails each payment sends, in order.
EXPECTED = {
    "card": ["receipt"],
    "ach_settled": ["pending", "receipt"],
    "ach_returned": ["pending", "failure"],
    "schedule": ["receipt"],
    "autopay": ["receipt"],
    "autopay_declined": ["failure"],
}
SUBJECTS = {
    "receipt": "payment received",
    "pending": "payment submitted, pending",
    "failure": "payment failed",
}
HREF = re.compile(r'href="([^"]+)"')
URL = re.compile(r"https?://[^\s\]\)>\"']+")


class Inbox:
    """aiosmtpd's handler: keeps every message delivered."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (list(envelope.rcpt_tos), envelope.original_content or b"")
            )
        return "250 Message accepted for delivery"


def _kind(subject):
    return next((kind for kind, text in SUBJECTS.items() if text in subject), None)


def _wake_mail_cron(live, cron_id):
    live.sql(
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'utc') "
        f"- interval '1 second' WHERE id = {cron_id}"
    )
    live.cluster.psql("postgres", f"NOTIFY cron_trigger, '{live.db}'")


def _mail_states(live, tx_ids):
    out = live.sql(
        "SELECT mm.id, m.res_id, mm.state, m.subject FROM mail_mail mm "
        "JOIN mail_message m ON m.id = mm.mail_message_id "
        "WHERE m.model = 'payment.transaction' "
        f"AND m.res_id IN ({','.join(map(str, tx_ids))}) ORDER BY mm.id"
    )
    return [line.split("|", 3) for line in out.splitlines()] if out else []


def _deliver(live):
    """Create the payments (their mails queued), let the server's cron
    worker run Odoo's mail queue through a real SMTP server; returns the
    scenario's data, the queue's final states and what the server got."""
    inbox = Inbox()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's dialogue
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        data = live.script(
            "emails_setup", {"smtp_port": smtp.port, "password": scenario.PASSWORD}
        )
        states_of_txs = {key: tx["state"] for key, tx in data["txs"].items()}
        assert states_of_txs == {
            "card": "done",
            "ach_settled": "done",
            "ach_returned": "error",
            "schedule": "done",
            "autopay": "done",
            "autopay_declined": "error",
        }, states_of_txs
        tx_ids = [tx["id"] for tx in data["txs"].values()]
        # The cron worker runs Odoo's mail queue, as it does every hour.
        deadline = time.monotonic() + 180
        states = []
        while time.monotonic() < deadline:
            _wake_mail_cron(live, data["cron"])
            time.sleep(2)
            states = _mail_states(live, tx_ids)
            if states and all(state != "outgoing" for _, _, state, _ in states):
                break
        else:
            raise AssertionError(f"the mail queue did not run: {states}")
    finally:
        smtp.stop()
        live.script("emails_teardown")
    return data, states, list(inbox.messages)


def _received(txs, messages):
    """(payment key, kind of mail, recipients, parsed MIME message) of every
    message about one of the payments."""
    references = {tx["reference"]: key for key, tx in txs.items()}
    received = []
    for rcpts, raw in messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(message["Subject"])
        key = next((k for ref, k in references.items() if f"({ref})" in subject), None)
        if key:
            received.append((key, _kind(subject), rcpts, message))
    return received


def _check_receipt(tx, message):
    """The PDF receipt attached to a receipt: its size."""
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1, [a.get_filename() for a in attachments]
    pdf = attachments[0]
    assert pdf.get_content_type() == "application/pdf", pdf.get_content_type()
    name = pdf.get_filename()
    assert name == f"Receipt-{tx['reference'].replace('/', '-')}.pdf", name
    content = pdf.get_content()
    assert content.startswith(b"%PDF-"), content[:20]
    assert len(PdfReader(io.BytesIO(content), strict=False).pages) >= 1
    return len(content)


class LinkChecker:
    """Opens every link of the mails to the server once: with the
    customer's session and without one; a signed link opens the payment
    without a session, and not for a signed-in user of another company."""

    def __init__(self, live, base, login):
        self.base = base
        self.customer = live.browser()
        assert self.customer.login(login, scenario.PASSWORD)
        self.anonymous = live.browser()
        self.checked = set()
        self.problems = []

    def check(self, link, tx, own):
        """``own``: the payment is the signed-in customer's."""
        if link in self.checked:
            return
        self.checked.add(link)
        path = link[len(self.base) :]
        signed = "access_token=" in link
        clients = [("anonymous", self.anonymous)]
        if own:
            clients.append(("customer", self.customer))
        for who, client in clients:
            response = client.get(path)
            if response.status_code >= 400:
                self.problems.append(f"{link} as {who}: {response.status_code}")
            elif signed and tx["reference"] not in response.text:
                self.problems.append(f"{link} as {who}: not the payment's page")
        if not signed:
            return
        direct = self.anonymous.get(path, allow_redirects=False)
        if direct.status_code != 200:
            self.problems.append(f"{link} anonymous: {direct.status_code}")
        if not own:
            foreign = self.customer.get(path)
            if foreign.status_code != 404 or tx["reference"] in foreign.text:
                self.problems.append(f"{link} as another company: shown")


def test_payment_emails_over_smtp(live):
    data, states, messages = _deliver(live)
    txs = data["txs"]
    base = data["base_url"]

    # Every expected mail left the queue as sent.
    by_tx = {tx["id"]: key for key, tx in txs.items()}
    queued = {}
    for _mail_id, res_id, state, subject in states:
        assert state == "sent", (res_id, state, subject)
        queued.setdefault(by_tx[int(res_id)], []).append(_kind(subject))
    assert queued == EXPECTED, queued

    # What arrived: one message per recipient of each mail.
    received = _received(txs, messages)
    kinds = {(key, kind) for key, kind, _rcpts, _message in received}
    assert kinds == {(k, kind) for k, v in EXPECTED.items() for kind in v}, kinds
    assert any("payables@" in rcpts[0] for _k, _kind, rcpts, _m in received), (
        "the billing contact gets the payment mails too"
    )

    links = LinkChecker(live, base, data["login"])
    pdf_sizes = []
    for key, kind, _rcpts, message in received:
        tx = txs[key]
        html_part = message.get_body(("html",))
        text_part = message.get_body(("plain",))
        assert html_part is not None and text_part is not None, (key, kind)
        hrefs = [h.replace("&amp;", "&") for h in HREF.findall(html_part.get_content())]
        text_urls = URL.findall(text_part.get_content())
        relative = [h for h in hrefs if not h.startswith(("http", "mailto:"))]
        assert not relative, (key, kind, relative)
        ours = [h for h in hrefs if h.startswith(base + "/")]
        # The button to the payment's page, in both parts.
        assert tx["url"] in ours, (key, kind, ours)
        assert tx["url"] in text_urls, (key, kind, text_urls)
        if key == "ach_returned" and kind == "failure":
            ids = ",".join(map(str, sorted(tx["invoices"])))
            assert f"{base}/my/pay?select={ids}" in ours, ours
            assert f"{base}/my/pay?select={ids}" in text_urls, text_urls
        if key == "autopay_declined":
            assert not [h for h in ours if "/my/pay?" in h], ours
        # Mara's links with her session and without; Nolan has no login.
        for link in ours:
            links.check(link, tx, own=key != "autopay_declined")
        if kind == "receipt":
            pdf_sizes.append(_check_receipt(tx, message))
        else:
            assert not list(message.iter_attachments()), (key, kind)
    assert not links.problems, "\n".join(links.problems)
    hosts = {urlsplit(link).netloc for link in links.checked}
    assert hosts == {urlsplit(base).netloc}, hosts

    sent = sum(len(v) for v in EXPECTED.values())
    live.report(
        f"emails over SMTP (aiosmtpd): {sent} payment mails of 6 payments (card, "
        "ACH settled, ACH returned, scheduled, Auto Pay, Auto Pay declined) left "
        f"Odoo's queue as sent; {len(received)} SMTP messages (billing contacts "
        "included), each multipart with an HTML and a plain-text part; "
        f"{len(links.checked)} distinct links to the server, absolute on {base}, "
        "opened with and "
        "without the customer's session (signed links open without one, not for "
        f"another company): no 4xx/5xx; every receipt message ({len(pdf_sizes)}) "
        "carries its PDF receipt "
        f"({min(pdf_sizes)}-{max(pdf_sizes)} bytes, %PDF-, application/pdf)"
    )
