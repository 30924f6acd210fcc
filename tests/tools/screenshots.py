#!/usr/bin/env python3
# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Take the README's screenshots of the customer pages from a running demo.

    setup/run --port 8069                    # one shell: the demo server
    python3 tests/tools/screenshots.py       # another: the screenshots

Signs in as the demo customers (``requests``), then drives headless Chromium
through its DevTools protocol (``websocket-client``) in a 1280x900 window
and saves one PNG per page into ``payment_portal/static/description/``,
printing each file it saved. Exits non-zero when a page does not answer 200
or does not show what it should (an empty demo, a page that moved).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "payment_portal", "static", "description")
PASSWORD = "portal-demo"
ALICE = "alice@northwind.example.com"
BOB = "bob@globex.example.com"
WIDTH, HEIGHT = 1280, 900

# Ticks the first three payable invoices (as a customer clicks them, so the
# page's live total follows).
SELECT_THREE = """
(() => {
    const boxes = [...document.querySelectorAll("input.o_payment_portal_select")]
        .filter((box) => !box.disabled).slice(0, 3);
    boxes.forEach((box) => { if (!box.checked) box.click(); });
    return boxes.length;
})()
"""
# What the page shows: its text and the values of its fields.
PAGE_TEXT = """
document.body.innerText + " " +
    [...document.querySelectorAll("input")].map((input) => input.value).join(" ")
"""
CLICK_PAY = 'document.querySelector(".o_payment_portal_pay").click(); true'


class Portal:
    """A customer's HTTP session on the demo server."""

    def __init__(self, url, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        page = self.session.get(f"{self.url}/web/login", timeout=30).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.session.post(
            f"{self.url}/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
            timeout=30,
        )
        if "/web/login" in response.url:
            sys.exit(f"cannot sign in as {login} on {self.url}: is it the demo?")
        self.cookie = self.session.cookies["session_id"]

    def html(self, path):
        response = self.session.get(self.url + path, timeout=60)
        response.raise_for_status()
        return response.text


class Chromium:
    """Headless Chromium driven over the DevTools protocol."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="pp-screenshots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = None
        deadline = time.monotonic() + 30
        while port is None and time.monotonic() < deadline:
            line = self.process.stderr.readline()
            match = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if match:
                port = match.group(1)
            elif not line and self.process.poll() is not None:
                break
        if port is None:
            self.close()
            sys.exit(f"{binary} did not start its DevTools endpoint")
        pages = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        target = next(page for page in pages if page["type"] == "page")
        self.ws = websocket.create_connection(
            target["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.events = []
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message.get("method"))

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_loaded(self, timeout=30):
        """The page loaded and its interactions started (Odoo marks the body
        ``is-ready``), then a moment for fonts and images to be drawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(
                "document.readyState === 'complete' && "
                "document.body.getAttribute('is-ready') === 'true'"
            ):
                time.sleep(0.5)
                return
            time.sleep(0.2)
        raise RuntimeError(f"page not ready after {timeout} s")

    def set_cookie(self, url, value):
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=value, url=url)

    def open(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(0.3)
        self.wait_loaded()

    def wait_path(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate("location.pathname") == path:
                self.wait_loaded()
                return
            time.sleep(0.2)
        raise RuntimeError(f"the browser did not reach {path}")

    def screenshot(self, filename):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(filename, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        if getattr(self, "ws", None):
            self.ws.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def find_ids(alice):
    """The records the screenshots show, found on Alice's own pages."""
    history = alice.html("/my/payments")
    rows = re.findall(r"<tr>(.*?)</tr>", history, re.DOTALL)

    def payment(status):
        for row in rows:
            link = re.search(r'href="/my/payments/(\d+)"', row)
            if link and re.search(rf">\s*{status}\s*<", row):
                return int(link.group(1))
        sys.exit(f"no {status} payment in Alice's history: is this the demo data?")

    selection = alice.html("/my/pay?filterby=all")
    due = [
        (float(amount), int(invoice))
        for invoice, amount in re.findall(
            r'value="(\d+)"\s+data-amount="([\d.]+)"', selection
        )
    ]
    if not due:
        sys.exit("Alice has no payable invoice: is this the demo data?")
    return {
        "done": payment("Done"),
        "pending": payment("Pending"),
        "largest_due": max(due)[1],
    }


def shots(ids, company):
    """(file name, customer, path, expected text, script before the shot)."""
    return [
        ("portal_home.png", ALICE, "/my", "Alice", None),
        (
            "portal_pay_invoices.png",
            ALICE,
            "/my/pay?filterby=all",
            "Pay Selected",
            SELECT_THREE,
        ),
        ("portal_pay_checkout.png", ALICE, None, "", None),
        ("portal_payment_history.png", ALICE, "/my/payments", "Done", None),
        (
            "portal_payment_detail.png",
            ALICE,
            f"/my/payments/{ids['done']}",
            "4242",
            None,
        ),
        (
            "portal_payment_confirmation.png",
            ALICE,
            f"/my/payments/{ids['pending']}",
            "6789",
            None,
        ),
        ("portal_payment_profiles.png", ALICE, "/my/payment_profiles", "6789", None),
        ("portal_autopay_paused.png", BOB, "/my/payment_profiles", "0002", None),
        ("portal_scheduled.png", ALICE, "/my/pay/scheduled", "480.50", None),
        ("portal_schedule_form.png", ALICE, "/my/pay/schedule", "4242", None),
        (
            "portal_installments.png",
            ALICE,
            f"/my/pay/installments?invoice_id={ids['largest_due']}",
            "5,400.00",
            None,
        ),
        (
            "portal_billing_emails.png",
            ALICE,
            "/my/billing_emails",
            "payables@northwind.example.com",
            None,
        ),
        ("portal_landing.png", None, f"/payment_portal/landing/{company}", "", None),
        (
            "portal_link_expired.png",
            None,
            "/web/signup?token=an-expired-link",
            "new link",
            None,
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--out", default=OUT)
    parser.add_argument("--company", type=int, default=1, help="landing page's")
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or shutil.which("chromium-browser"),
    )
    args = parser.parse_args()
    if not args.chromium:
        sys.exit("Chromium not found: install it or pass --chromium PATH")
    url = args.url.rstrip("/")
    sessions = {login: Portal(url, login, PASSWORD) for login in (ALICE, BOB)}
    ids = find_ids(sessions[ALICE])
    os.makedirs(args.out, exist_ok=True)
    browser = Chromium(args.chromium)
    started = time.monotonic()
    failures = []
    try:
        for name, login, path, expected, script in shots(ids, args.company):
            if path:
                if login:
                    browser.set_cookie(url, sessions[login].cookie)
                else:
                    browser.call("Network.clearBrowserCookies")
                browser.open(url + path)
                if script and not browser.evaluate(script):
                    failures.append(f"{name}: nothing to select on {path}")
            else:  # the checkout: pay the selection of the previous shot
                browser.evaluate(CLICK_PAY)
                browser.wait_path("/my/pay/checkout")
            text = browser.evaluate(PAGE_TEXT) or ""
            if expected and expected not in text:
                failures.append(f"{name}: {expected!r} not on {path}")
            filename = os.path.join(args.out, name)
            browser.screenshot(filename)
            print(f"saved {os.path.relpath(filename, ROOT)}  ({path or 'checkout'})")
    finally:
        browser.close()
    print(f"{time.monotonic() - started:.1f} s")
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
