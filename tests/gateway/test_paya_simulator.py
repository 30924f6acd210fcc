# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The Paya Connect simulator is as strict as Paya's documents: TestData.md's
amounts and addresses, the documented SEC codes, field lengths, contacts,
same-day ACH voids, the hosted page's rules, postback configurations and the
ways to authenticate. Plain HTTP to the simulator, no Odoo involved."""

import json
import time
import unittest
from datetime import date, timedelta

import requests

from odoo.addons.payment_portal_gateway.paya_connect.hosted_page import (
    encrypt_hpp_data,
)

from ..simulators.paya_connect import PayaSimulator
from ..simulators.paya_connect.hosted_page import hpp_url
from ..simulators.paya_connect.outcomes import card_delay
from .common import ACH_OK, CARD_OK, ROUTING


class TestPayaSimulator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = PayaSimulator()
        cls.base = cls.sim.start()
        cls.addClassCleanup(cls.sim.stop)

    def setUp(self):
        super().setUp()
        self.sim.reset()

    def _request(self, method, path, envelope=None, values=None, **kwargs):
        kwargs.setdefault("headers", dict(self.sim.credentials))
        body = {envelope: values} if envelope else None
        return requests.request(
            method, f"{self.base}{path}", json=body, timeout=30, **kwargs
        )

    def _transaction(self, **values):
        """POST /v2/transactions; returns (HTTP status, record or errors)."""
        answer = self._request("POST", "/v2/transactions", "transaction", values)
        content = answer.json()
        return answer.status_code, content.get("transaction") or content["errors"]

    def _sale(self, amount, number=CARD_OK, **values):
        return self._transaction(
            action="sale",
            payment_method="cc",
            transaction_amount=amount,
            account_number=number,
            exp_date="1230",
            **values,
        )

    def _debit(self, **values):
        return self._transaction(
            **{
                "action": "debit",
                "payment_method": "ach",
                "transaction_amount": "40.00",
                "product_transaction_id": self.sim.default_products["ach"],
                "ach_sec_code": "WEB",
                "account_number": ACH_OK,
                "routing": ROUTING,
                "account_type": "checking",
                "account_holder_name": "Test Account",
                **values,
            }
        )

    # ------------------------------------------------------------------

    def test_test_data_amounts(self):
        for amount, reason in (
            ("5.00", 1500),
            ("5.10", 1510),
            ("5.20", 1520),
            ("5.30", 1530),
            ("5.40", 1540),
            ("6.01", 1601),
            ("6.31", 1631),
            ("2.01", 1201),
            ("8.00", 1500),
        ):
            with self.subTest(amount=amount):
                status, record = self._sale(amount)
                self.assertEqual(status, 201)
                self.assertEqual(
                    (record["status_id"], record["reason_code_id"]), (301, reason)
                )
        status, record = self._sale("5.50")
        self.assertEqual(record["status_id"], 101)
        # Card amounts only: a bank debit of 5.00 is accepted.
        status, record = self._debit(transaction_amount="5.00")
        self.assertEqual(record["status_id"], 131)
        # A deposit account allowing partial authorization approves 1.00 of
        # 2.01, unless the transaction says not to.
        self.sim.partial_auth_products.add(self.sim.default_products["cc"])
        status, record = self._sale("2.01")
        self.assertEqual(
            (record["status_id"], record["transaction_amount"]), (101, "1.00")
        )
        status, record = self._sale("2.01", allow_partial_authorization_override=False)
        self.assertEqual(record["reason_code_id"], 1201)

    def test_delayed_answers(self):
        self.assertEqual(card_delay(8.05), 5)
        self.assertEqual(card_delay("8.09"), 9)
        self.assertEqual(card_delay("8.10"), 10, "Paya's own 10 s time-out")
        self.assertEqual(card_delay("8.99"), 10)
        self.assertEqual(card_delay("8.00"), 0)
        self.assertIsNone(card_delay("9.05"))
        self.assertIsNone(card_delay("18.05"))
        started = time.monotonic()
        _status, record = self._sale("8.02")
        self.assertGreaterEqual(time.monotonic() - started, 2)
        self.assertEqual((record["status_id"], record["reason_code_id"]), (301, 1500))

    def test_avs(self):
        for street, zip_code, avs in (
            ("5800 NW 39th AVE", "32606", "GOOD"),
            ("1 Other Street", "32606", "STREET"),
            ("5800 NW 39th AVE", "10001", "ZIP"),
            (None, None, "BAD"),
        ):
            with self.subTest(avs=avs):
                _status, record = self._transaction(
                    action="avsonly",
                    payment_method="cc",
                    transaction_amount="0",
                    account_number=CARD_OK,
                    exp_date="1230",
                    billing_street=street,
                    billing_zip=zip_code,
                )
                self.assertEqual((record["status_id"], record["avs"]), (121, avs))
        _status, record = self._sale(
            "10.00", billing_street="2831 NW 41st St STE J", billing_zip="32615"
        )
        self.assertEqual(record["status_id"], 301, "the address that declines")
        _status, record = self._sale("10.00", number="4556773060150333")
        self.assertEqual(record["account_type"], "debit")

    def test_sec_codes(self):
        status, errors = self._debit(ach_sec_code="XYZ")
        self.assertEqual(status, 422)
        self.assertIn("ach_sec_code", errors)
        web_only = self.sim.add_ach_product({"WEB"})
        status, errors = self._debit(
            product_transaction_id=web_only, ach_sec_code="PPD"
        )
        self.assertEqual(status, 422)
        self.assertIn("no terminal for SEC code PPD", errors["ach_sec_code"][0])
        _status, debit = self._debit()
        status, errors = self._transaction(
            action="credit",
            payment_method="ach",
            transaction_amount="10.00",
            product_transaction_id=self.sim.default_products["ach"],
            ach_sec_code="WEB",
            previous_transaction_id=debit["id"],
        )
        self.assertEqual(status, 422, "a credit is CCD")
        status, credit = self._transaction(
            action="credit",
            payment_method="ach",
            transaction_amount="10.00",
            product_transaction_id=self.sim.default_products["ach"],
            ach_sec_code="CCD",
            previous_transaction_id=debit["id"],
        )
        self.assertEqual(
            (status, credit["type_id"], credit["status_id"]), (201, 40, 131)
        )
        self.assertEqual(credit["last_four"], debit["last_four"])
        # Refunds only once settled, with the debit's code.
        refund = {
            "action": "refund",
            "payment_method": "ach",
            "transaction_amount": "40.00",
            "product_transaction_id": self.sim.default_products["ach"],
            "previous_transaction_id": debit["id"],
        }
        status, errors = self._transaction(**refund, ach_sec_code="WEB")
        self.assertEqual(status, 422, "not settled")
        self.sim.advance_ach([debit["id"]])
        status, errors = self._transaction(**refund, ach_sec_code="PPD")
        self.assertEqual(status, 422, "not the debit's code")
        status, errors = self._transaction(**refund, ach_sec_code="WEB")
        self.assertEqual(status, 422, "more than the 30.00 left after the credit")
        status, record = self._transaction(
            **{**refund, "transaction_amount": "30.00"}, ach_sec_code="WEB"
        )
        self.assertEqual((status, record["type_id"]), (201, 30))

    def test_length_limits(self):
        status, _record = self._sale("10.00", transaction_api_id="A" * 64)
        self.assertEqual(status, 201)
        for field in ("transaction_api_id", "description"):
            with self.subTest(field=field):
                status, errors = self._sale("10.00", **{field: "B" * 65})
                self.assertEqual(status, 422)
                self.assertIn(field, errors)
        contact = {"location_id": self.sim.location_id, "last_name": "Smith"}
        for field, value in (
            ("email", "a@b"),
            ("email", f"{'a' * 60}@b.com"),
            ("zip", "123"),
            ("zip", "1234567890123"),
            ("zip", "12345#"),
            ("state", "NYC"),
            ("last_name", "L" * 65),
        ):
            with self.subTest(field=field, value=value):
                answer = self._request(
                    "POST", "/v2/contacts", "contact", {**contact, field: value}
                )
                self.assertEqual(answer.status_code, 422)
                self.assertIn(field, answer.json()["errors"])
        answer = self._request(
            "POST",
            "/v2/contacts",
            "contact",
            {**contact, "email": "a@b.io", "zip": "K1A 0B1", "state": "NY"},
        )
        self.assertEqual(answer.status_code, 201)

    def test_save_account_needs_a_contact(self):
        status, errors = self._sale("10.00", save_account=True)
        self.assertEqual(status, 422)
        self.assertIn("save_account", errors)
        self.assertFalse(self.sim.vaults)
        self._request(
            "POST",
            "/v2/contacts",
            "contact",
            {
                "location_id": self.sim.location_id,
                "last_name": "Smith",
                "contact_api_id": "c1",
            },
        )
        status, record = self._sale("10.00", save_account=True, contact_api_id="c1")
        self.assertEqual(status, 201)
        self.assertIn(record["account_vault_id"], self.sim.vaults)

    def test_ach_void_the_same_day_only(self):
        _status, today = self._debit()
        answer = self._request(
            "PUT", f"/v2/transactions/{today['id']}", "transaction", {"action": "void"}
        )
        self.assertEqual(answer.status_code, 200)
        voided = answer.json()["transaction"]
        self.assertEqual((voided["status_id"], voided["reason_code_id"]), (201, 1000))
        _status, yesterday = self._debit()
        self.sim.transactions[yesterday["id"]]["created_ts"] -= 86400
        _status, originating = self._debit()
        self.sim.advance_ach([originating["id"]], status=132)
        for record in (yesterday, originating):
            answer = self._request(
                "PUT",
                f"/v2/transactions/{record['id']}",
                "transaction",
                {"action": "void"},
            )
            self.assertEqual(answer.status_code, 422)
        self.assertEqual(
            date.fromtimestamp(self.sim.transactions[yesterday["id"]]["created_ts"]),
            date.today() - timedelta(days=1),
        )

    def _page(self, fields, **payload):
        """GET the card page with this data (encrypted as the connector does;
        the simulator decrypts it with its own code)."""
        page_id, page = next(
            (page_id, page)
            for page_id, page in self.sim.pages.items()
            if page["method"] == "cc"
        )
        data = encrypt_hpp_data(
            {
                "id": page_id,
                "timestamp": int(time.time()),
                "field_configuration": {"body": {"fields": fields}},
                **payload,
            },
            page["key"],
        )
        return requests.get(hpp_url(self.base, page_id, data), timeout=30)

    def test_hosted_page_rules(self):
        amount = {
            "id": "transaction_amount",
            "value": "10.00",
            "readonly": True,
            "visible": True,
        }
        self.assertEqual(self._page([amount]).status_code, 200)
        hidden = {"id": "description", "value": "PP-1", "visible": False}
        self.assertEqual(self._page([amount, hidden]).status_code, 200)
        shown = {**hidden, "visible": True}
        answer = self._page([amount, shown])
        self.assertEqual(answer.status_code, 422, "not on the form")
        self.assertIn("not on the form", answer.text)
        for timestamp in ("yesterday", [1], 1.5e20):
            with self.subTest(timestamp=timestamp):
                answer = self._page([amount], timestamp=timestamp)
                self.assertEqual(answer.status_code, 422)
        self.assertEqual(self._page([amount]).status_code, 200, "still serving")

    def test_postback_configurations(self):
        config = {"resource": "transaction", "url": "http://127.0.0.1:9/postback"}
        answer = self._request("POST", "/v2/postbackconfigs", "postbackconfig", config)
        self.assertEqual(answer.status_code, 422)
        self.assertIn("product_transaction_id", answer.json()["errors"])
        answer = self._request(
            "POST",
            "/v2/postbackconfigs",
            "postbackconfig",
            {**config, "product_transaction_id": self.sim.default_products["ach"]},
        )
        self.assertEqual(answer.status_code, 201)
        self.sim.postback_hold = True
        self._sale("10.00")
        self.assertFalse(self.sim.postback_queue, "another deposit account's")
        self._debit()
        self.assertEqual(len(self.sim.postback_queue), 1)
        self.assertEqual(
            json.loads(self.sim.postback_queue[0][1]["data"])["payment_method"], "ach"
        )

    def test_authentication(self):
        credentials = self.sim.credentials
        _status, record = self._sale("10.00", transaction_api_id="PP-AUTH-1")
        path = "/v2/transactions?transaction_api_id=PP-AUTH-1"
        in_query = "&".join(f"{name}={value}" for name, value in credentials.items())
        answer = self._request("GET", f"{path}&{in_query}", headers={})
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(
            [r["id"] for r in answer.json()["transactions"]], [record["id"]]
        )
        basic = requests.get(
            f"{self.base}{path}",
            auth=(credentials["user-id"], credentials["user-api-key"]),
            headers={"developer-id": credentials["developer-id"]},
            timeout=30,
        )
        self.assertEqual(basic.status_code, 200)
        for auth, headers in (
            (
                (credentials["user-id"], "wrong"),
                {"developer-id": credentials["developer-id"]},
            ),
            ((credentials["user-id"], credentials["user-api-key"]), {}),
        ):
            with self.subTest(headers=headers):
                answer = requests.get(
                    f"{self.base}{path}", auth=auth, headers=headers, timeout=30
                )
                self.assertEqual(answer.status_code, 401)
