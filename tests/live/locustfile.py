# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Customers of the load run (locust, run by test_load.py in its own
virtual environment): each signs in, browses invoices, pays one to three of
them with a card on the Paya simulator's hosted page, and looks at the
history. Anything unexpected is a locust failure, which fails the test.

Input: ``PAYMENT_PORTAL_LOAD_DATA``, a JSON file with the customers (login,
password, invoices as [id, amount]) and the Paya provider and card method
ids."""

import html
import itertools
import json
import os
import random
import re
from urllib.parse import urlencode, urljoin

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

with open(os.environ["PAYMENT_PORTAL_LOAD_DATA"], encoding="utf-8") as data_file:
    DATA = json.load(data_file)
CUSTOMERS = itertools.cycle(DATA["customers"])
CARD = {
    "account_holder_name": "Load Customer",
    "account_number": "4111111111111111",
    "exp_date": "1230",
    "cvv": "999",
}


class Customer(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # As a browser does: a page (GET) whose connection the server closed
        # before answering is asked once more; a POST never is.
        self.client.mount(
            "http://",
            HTTPAdapter(
                max_retries=Retry(
                    total=1,
                    read=1,
                    connect=1,
                    status=0,
                    allowed_methods=frozenset({"GET"}),
                    raise_on_status=False,
                )
            ),
        )
        account = next(CUSTOMERS)
        self.invoices = list(account["invoices"])
        random.shuffle(self.invoices)
        page = self.client.get("/web/login", name="/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/web/login",
            data={
                "login": account["login"],
                "password": account["password"],
                "csrf_token": csrf,
            },
            name="/web/login (POST)",
            catch_response=True,
        ) as response:
            if "/web/login" in response.url:
                response.failure("cannot sign in")

    @task(3)
    def invoices_page(self):
        with self.client.get(
            "/my/pay?filterby=all", name="/my/pay", catch_response=True
        ) as response:
            if "o_payment_portal" not in response.text:
                response.failure("not the invoice page")

    @task(2)
    def history(self):
        self.client.get("/my/payments", name="/my/payments")

    @task(2)
    def pay(self):
        if not self.invoices:
            return self.invoices_page()
        chosen = [self.invoices.pop() for _ in range(min(len(self.invoices), 3))]
        chosen = chosen[: random.randint(1, len(chosen))]
        ids = ",".join(str(invoice_id) for invoice_id, _amount in chosen)
        total = sum(amount for _invoice_id, amount in chosen)
        with self.client.get(
            "/my/pay/checkout?"
            + urlencode({"invoice_ids": ids, "total": f"{total:.2f}"}),
            name="/my/pay/checkout",
            catch_response=True,
        ) as page:
            form = re.search(r'<form[^>]*id="o_payment_form"[^>]*>', page.text)
            if not form:
                page.failure(f"no payment form for invoices {ids}")
                return None
        context = {
            key.replace("-", "_"): html.unescape(value)
            for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"', form.group(0))
        }
        with self.client.post(
            context["transaction_route"],
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "provider_id": DATA["provider"],
                    "payment_method_id": DATA["card"],
                    "token_id": None,
                    "amount": float(context["amount"]),
                    "flow": "redirect",
                    "tokenization_requested": False,
                    "landing_route": context["landing_route"],
                    "access_token": context["access_token"],
                    "payment_reference": context.get("payment_reference"),
                },
            },
            name="/my/pay/transaction",
            catch_response=True,
        ) as response:
            body = response.json()
            if "error" in body:
                response.failure(body["error"]["data"]["message"])
                return None
        redirect = body["result"]["redirect_form_html"]
        action = html.unescape(re.search(r'action="([^"]+)"', redirect).group(1))
        inputs = {
            name: html.unescape(value)
            for name, value in re.findall(r'name="([^"]+)"\s+value="([^"]*)"', redirect)
        }
        hosted = self.client.get(
            action + "?" + urlencode(inputs), name="[paya] hosted page"
        )
        hidden = {
            name: html.unescape(value)
            for name, value in re.findall(
                r'type="hidden" name="([^"]+)" value="([^"]*)"', hosted.text
            )
        }
        with self.client.post(
            urljoin(action, "/hostedpaymentpage"),
            data={**hidden, **CARD},
            allow_redirects=False,
            name="[paya] submit card",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"hosted page answered {answer.status_code}")
                return None
            back = answer.headers["Location"]
        with self.client.get(
            back,
            allow_redirects=False,
            name="/payment/paya_connect/return",
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"return answered {response.status_code}")
                return None
        self.client.get("/payment/status", name="/payment/status")
        with self.client.post(
            "/payment/status/poll",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}},
            name="/payment/status/poll",
            catch_response=True,
        ) as response:
            result = response.json().get("result") or {}
            if result.get("state") != "done":
                response.failure(f"payment not done: {response.text[:200]}")
                return None
        self.client.get(result["landing_route"], name="/my/payments/<id>")
        return None
