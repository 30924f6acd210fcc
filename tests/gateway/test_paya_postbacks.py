# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya's postbacks to Odoo over real HTTP: duplicated, out of order,
forged, unauthenticated; and the secrets that must never reach a log."""

import json
import logging

import requests

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import ACH_RETURNED, PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaPostbacks(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.inv_1 = cls._invoice(cls.customer, 120.0)
        cls.inv_2 = cls._invoice(cls.buyer, 80.0)

    def setUp(self):
        super().setUp()
        self.postback_url = f"{self.base_url()}/payment/paya_connect/postback"

    def _subscribe(self, **values):
        """Paya's postbacks of both deposit accounts (a configuration is per
        deposit account), held until the test delivers them."""
        self.sim.postback_hold = True
        for product in self.sim.default_products.values():
            self.sim.add_postback_config(
                {
                    "resource": "transaction",
                    "product_transaction_id": product,
                    "url": self.postback_url,
                    "number_of_attempts": 2,
                    "attempt_interval": 0,
                    **values,
                }
            )

    def _post(self, record, auth=None, **fields):
        """Post as Paya does (no test cookie): the request is let in."""
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            return requests.post(
                self.postback_url,
                data={
                    "type": "UPDATE",
                    "resource": "transaction",
                    "number_of_attempts": "1",
                    "data": json.dumps(record),
                    **fields,
                },
                auth=auth,
                timeout=30,
            )

    def test_duplicated_and_out_of_order_postbacks_apply_once(self):
        self._subscribe()
        self.sim.postback_copies = 3
        invoices = self.inv_1 | self.inv_2
        tx, page_url = self._start_payment(invoices, self.ach_method)
        self._pay_on_hosted_page(page_url, **self._bank())
        # The customer never comes back: three copies of the CREATE postback.
        self.assertEqual(self._flush_postbacks(), [200, 200, 200])
        self.assertEqual(tx.state, "pending")
        tx._post_process()
        self.sim.advance_ach()
        self.assertEqual(self._flush_postbacks(), [200, 200, 200])
        self.assertEqual(tx.state, "done")
        tx._post_process()
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, invoices)
        # Every postback again, newest first: the old "pending" changes nothing.
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            self.assertEqual(self.sim.replay_postbacks(), [200] * 6)
        self.env.invalidate_all()
        self.assertEqual(tx.state, "done")
        tx._post_process()
        self.assertEqual(len(tx.payment_id), 1)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )
        self.assertEqual(len(self._tx_mails(tx)), 2, "pending once, receipt once")

    def test_returned_debit_by_postback(self):
        self._subscribe()
        tx = self._pay_bank(self.inv_1, number=ACH_RETURNED)
        tx._post_process()
        self.assertEqual(self._flush_postbacks(), [200])
        self.sim.advance_ach()
        self.assertEqual(self._flush_postbacks(), [200])
        self.assertEqual(tx.state, "error")
        self.assertIn("Insufficient funds", tx.state_message)

    def test_forged_and_foreign_postbacks_change_nothing(self):
        tx = self._pay_bank(self.inv_1)
        self.assertEqual(tx.state, "pending")
        # The body claims "settled": Odoo reads Paya, which says pending.
        forged = self.sim.record(tx.provider_reference) | {"status_id": 134}
        self.assertEqual(self._post(forged).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(tx.state, "pending")
        # Another Paya transaction named with this reference: ignored.
        self.assertEqual(self._post(forged | {"id": "11e9ffff0000"}).status_code, 200)
        # Unknown reference, unknown id, junk: acknowledged, nothing done.
        self.assertEqual(
            self._post({"id": "nope", "transaction_api_id": "NOPE-1"}).status_code, 200
        )
        self.assertEqual(self._post({}, data="not json").status_code, 200)
        self.assertEqual(self._post(forged, resource="contact").status_code, 200)
        # A demo-provider transaction is not Paya's to update.
        self.provider.state = "test"
        demo_tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref(
                    "payment_demo.payment_method_demo"
                ).id,
                "amount": 80.0,
                "currency_id": self.usd.id,
                "partner_id": self.buyer.id,
                "reference": "DEMO-NOT-PAYA",
            }
        )
        self.assertEqual(
            self._post(forged | {"transaction_api_id": "DEMO-NOT-PAYA"}).status_code,
            200,
        )
        self.env.invalidate_all()
        self.assertEqual(demo_tx.state, "draft")
        self.assertEqual(tx.state, "pending")

    def test_record_without_transaction_api_id_is_matched_by_paya_id(self):
        """Paya's refund example echoes no transaction_api_id."""
        tx = self._pay_bank(self.inv_1)
        self.sim.advance_ach()
        record = self.sim.record(tx.provider_reference)
        self.assertEqual(
            self._post(record | {"transaction_api_id": None}).status_code, 200
        )
        self.env.invalidate_all()
        self.assertEqual(tx.state, "done")

    def test_basic_authentication(self):
        self.paya.write(
            {"paya_postback_username": "paya", "paya_postback_password": "s3cret"}
        )
        tx = self._pay_bank(self.inv_1)
        self.sim.advance_ach()
        record = self.sim.record(tx.provider_reference)
        for auth in (None, ("paya", "wrong"), ("other", "s3cret")):
            with self.subTest(auth=auth):
                self.assertEqual(self._post(record, auth=auth).status_code, 401)
                self.env.invalidate_all()
                self.assertEqual(tx.state, "pending")
        self.assertEqual(self._post(record, auth=("paya", "s3cret")).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(tx.state, "done")

    def test_no_secret_in_logs(self):
        """A whole tokenized card payment and an off-session charge log no
        credential, key or account number."""
        records = []

        class Collect(logging.Handler):
            def emit(self, record):
                records.append(record.getMessage())

        handler = Collect(level=logging.DEBUG)
        root = logging.getLogger()
        root.addHandler(handler)
        payment_logger = logging.getLogger("odoo.addons.payment")
        previous_level = payment_logger.level
        payment_logger.setLevel(logging.DEBUG)
        try:
            tx = self._pay_card(self.inv_1, tokenize=True)
            offline = self.env["payment.transaction"].create(
                {
                    "provider_id": self.paya.id,
                    "payment_method_id": tx.payment_method_id.id,
                    "token_id": tx.token_id.id,
                    "amount": 80.0,
                    "currency_id": self.usd.id,
                    "partner_id": self.buyer.id,
                    "operation": "offline",
                    "reference": "PP-LOG-1",
                }
            )
            offline._charge_with_token()
        finally:
            root.removeHandler(handler)
            payment_logger.setLevel(previous_level)
        self.assertEqual(offline.state, "done")
        logged = "\n".join(records)
        self.assertIn("PP-LOG-1", logged, "the requests were logged")
        for secret in (
            self.paya.paya_user_api_key,
            self.paya.paya_hpp_cc_key,
            self.paya.paya_hpp_ach_key,
            "4111111111111111",
        ):
            self.assertNotIn(secret, logged)
