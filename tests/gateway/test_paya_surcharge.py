# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Card surcharges at Paya Connect, over real HTTP to the simulator: 3 % on a
credit card, none on a debit card (Paya takes it out by BIN, also for saved
cards), none on a bank payment; Odoo books exactly what Paya charged; the
simulator refuses what Paya's documents say Paya refuses."""

import re
from html import unescape

import requests

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from ..simulators.paya_connect import Invalid
from .common import AVS_STREET, AVS_ZIP, CARD_OK, PayaConnectMixin

DEBIT_CARD = "4556773060150333"  # TestData.md's "Visa Debit Classic"


@tagged("post_install", "-at_install")
class TestPayaSurcharge(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.fee_account = cls.env["account.account"].create(
            {
                "name": "Card surcharges",
                "code": "PAYAFEE",
                "account_type": "income_other",
            }
        )
        cls.company.write(
            {
                "payment_portal_fee_mode": "surcharge",
                "payment_portal_surcharge_rate": 3.0,
                "payment_portal_surcharge_cap": 3.0,
                "payment_portal_fee_account_id": cls.fee_account.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.sim.configure_surcharge(3.0, max_fee=500.0)

    def _fee_line(self, tx):
        return tx.payment_id.move_id.line_ids.filtered(
            lambda line: line.account_id == self.fee_account
        )

    def _paya_record(self, tx):
        return next(
            record
            for record in self.sim.transactions.values()
            if record["transaction_api_id"] == tx.reference
        )

    def test_checkout_tells_the_surcharge_and_the_debit_card_rule(self):
        invoice = self._invoice(self.customer, 1000.0)
        page = self.url_open(
            f"/my/pay/checkout?invoice_ids={invoice.id}&total=1000.00"
        ).text
        self.assertIn("o_payment_portal_fees", page)
        self.assertIn("Not charged on debit or prepaid cards.", page)

    def test_credit_card_pays_103_percent(self):
        invoice = self._invoice(self.customer, 1000.0)
        tx = self._pay_card(invoice)
        record = self._paya_record(tx)
        self.assertEqual(
            (
                record["transaction_amount"],
                record["subtotal_amount"],
                record["surcharge_amount"],
            ),
            ("1030.00", "1000.00", "30.00"),
        )
        self.assertTrue(record["is_surcharge"])
        self.assertEqual(tx.state, "done")
        self.assertEqual((tx.amount, tx.payment_portal_fee_amount), (1030.0, 30.0))
        tx._post_process()
        self.assertEqual(tx.payment_id.amount, 1030.0)
        self.assertEqual(self._fee_line(tx).credit, 30.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(
            [entry["amount"] for entry in self.sim.ledger if entry["kind"] == "charge"],
            ["1030.00"],
        )

    def test_debit_card_pays_100_percent_and_odoo_books_that(self):
        invoice = self._invoice(self.customer, 1000.0)
        tx = self._pay_card(invoice, number=DEBIT_CARD)
        record = self._paya_record(tx)
        self.assertEqual(record["transaction_amount"], "1000.00")
        self.assertFalse(record["is_surcharge"])
        self.assertEqual(tx.state, "done", tx.state_message)
        self.assertEqual(tx.amount, 1000.0)
        self.assertEqual(tx.payment_portal_fee_amount, 0.0)
        self.assertEqual(tx.payment_portal_fee_quoted, 30.0)
        tx._post_process()
        self.assertEqual(tx.payment_id.amount, 1000.0)
        self.assertFalse(self._fee_line(tx))
        self.assertEqual(invoice.amount_residual, 0.0)
        receipt = self.url_open(f"/my/payments/{tx.id}").text
        self.assertIn("No surcharge (debit or prepaid card)", receipt)
        # the postback and the poll read the same record again: nothing moves
        self._flush_postbacks()
        tx._paya_sync()
        self.assertEqual((tx.amount, tx.payment_portal_fee_amount), (1000.0, 0.0))

    def test_bank_payment_sends_no_surcharge(self):
        invoice = self._invoice(self.customer, 1000.0)
        tx = self._pay_bank(invoice)
        record = self._paya_record(tx)
        self.assertEqual(record["transaction_amount"], "1000.00")
        self.assertIsNone(record["surcharge_amount"])
        self.assertFalse(tx.payment_portal_fee_kind)

    def test_saved_cards_off_session(self):
        self.company.payment_portal_surcharge_off_session = True
        Tx = self.env["payment.transaction"]
        for number, charged, fee in ((CARD_OK, 515.0, 15.0), (DEBIT_CARD, 500.0, 0.0)):
            with self.subTest(number=number):
                token = self._vault_token(self.buyer, number=number)
                invoice = self._invoice(self.customer, 500.0)
                tx = Tx._payment_portal_create_offline(
                    token, invoice, self.usd, origin="autopay"
                )
                self.assertEqual(tx.amount, 515.0, "priced with the surcharge")
                tx._payment_portal_charge()
                self.assertEqual(tx.state, "done", tx.state_message)
                self.assertEqual(
                    (tx.amount, tx.payment_portal_fee_amount), (charged, fee)
                )
                self.assertEqual(invoice.amount_residual, 0.0)
                self.assertEqual(tx.payment_id.amount, charged)

    def test_refund_returns_the_subtotal_when_the_fee_is_kept(self):
        invoice = self._invoice(self.customer, 200.0)
        tx = self._pay_card(invoice)
        tx._post_process()
        self.sim.settle_batch()
        self.assertEqual(tx.payment_id.amount_available_for_refund, 200.0)
        refund = tx._refund()
        self.assertEqual(refund.amount, -200.0)
        self.assertEqual(refund.state, "done", refund.state_message)
        # Paya itself refuses to return the surcharge of this product
        with self.assertRaises(Invalid):
            self.sim.create_transaction(
                {
                    "action": "refund",
                    "payment_method": "cc",
                    "previous_transaction_id": tx.provider_reference,
                    "transaction_amount": "6.00",
                    "location_id": self.sim.location_id,
                }
            )

    def test_simulator_refuses_what_paya_refuses(self):
        base = {
            "action": "sale",
            "payment_method": "cc",
            "account_number": CARD_OK,
            "exp_date": "1230",
            "billing_street": AVS_STREET,
            "billing_zip": AVS_ZIP,
            "location_id": self.sim.location_id,
        }
        for values, field in (
            # both fields together, always
            (
                {"transaction_amount": "103.00", "subtotal_amount": "100.00"},
                "surcharge_amount",
            ),
            (
                {"transaction_amount": "103.00", "surcharge_amount": "3.00"},
                "subtotal_amount",
            ),
            ({"transaction_amount": "100.00"}, "subtotal_amount"),
            # the amount is their sum
            (
                {
                    "transaction_amount": "104.00",
                    "subtotal_amount": "100.00",
                    "surcharge_amount": "3.00",
                },
                "transaction_amount",
            ),
            # above the product's rate
            (
                {
                    "transaction_amount": "104.00",
                    "subtotal_amount": "100.00",
                    "surcharge_amount": "4.00",
                },
                "surcharge_amount",
            ),
        ):
            with self.subTest(values=values), self.assertRaises(Invalid) as refused:
                self.sim.create_transaction({**base, **values})
            self.assertIn(field, refused.exception.errors)
        # over the API, as the connector would get it
        answer = requests.post(
            f"{self.sim.base_url}/v2/transactions",
            json={"transaction": {**base, "transaction_amount": "100.00"}},
            headers=self.sim.credentials,
            timeout=5,
        )
        self.assertEqual(answer.status_code, 422)
        self.assertIn("subtotal_amount", answer.json()["errors"])
        # a product without a surcharge refuses one
        self.sim.reset()
        with self.assertRaises(Invalid):
            self.sim.create_transaction(
                {
                    **base,
                    "transaction_amount": "103.00",
                    "subtotal_amount": "100.00",
                    "surcharge_amount": "3.00",
                }
            )
        self.assertFalse(self.sim.transactions)

    def test_paya_refusing_the_surcharge_fails_cleanly(self):
        """Odoo surcharges but the Paya product has none configured: Paya
        refuses, nothing is charged, the invoice stays due."""
        self.sim.reset()
        invoice = self._invoice(self.customer, 100.0)
        tx, page_url = self._start_payment(invoice, self.card_method)
        page = requests.get(page_url, timeout=10)
        self.assertEqual(page.status_code, 200)
        hidden = re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text)
        answer = requests.post(
            page_url.split("?")[0],
            data={
                **{name: unescape(value) for name, value in hidden},
                **self._card(),
            },
            allow_redirects=False,
            timeout=10,
        )
        self.assertNotEqual(answer.status_code, 302)
        self.assertFalse(self.sim.ledger)
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertNotEqual(tx.state, "done")
