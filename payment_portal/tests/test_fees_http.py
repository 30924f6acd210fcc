# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin
from .test_fees import PaymentPortalFeeMixin


@tagged("post_install", "-at_install")
class TestFeesHttp(
    PaymentPortalFeeMixin, PaymentPortalPayMixin, PaymentHttpCommon, HttpCase
):
    """Card fees at checkout: shown per method before paying, priced by the
    server, charged once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls._setup_fee_data()
        cls._demo_takes_bank_debits()
        cls.inv_1 = cls._invoice(cls.customer, 700.0)
        cls.inv_2 = cls._invoice(cls.customer, 300.0, due_in_days=-10)

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _checkout(self, invoices):
        query = urlencode(
            {
                "invoice_ids": ",".join(map(str, invoices.ids)),
                "total": f"{invoices._payment_portal_amount_due():.2f}",
            }
        )
        page = self.url_open(f"/my/pay/checkout?{query}")
        self.assertEqual(page.status_code, 200)
        return page

    @staticmethod
    def _quotes(page):
        """The fee table's rows: {kind: row text}."""
        rows = re.findall(
            r'<tr data-fee-kind="(\w+)">(.*?)</tr>', page.text, flags=re.DOTALL
        )
        return {
            kind: " ".join(re.sub(r"<[^>]+>", " ", row).split()) for kind, row in rows
        }

    def _pay(self, context, method=None, amount=None, route=None):
        return self.make_jsonrpc_request(
            route or context["transaction_route"],
            {
                "provider_id": self.provider.id,
                "payment_method_id": (method or self.demo_method).id,
                "token_id": None,
                "amount": context["amount"] if amount is None else amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": context["landing_route"],
                "access_token": context["access_token"],
            },
        )

    def test_no_fee_table_without_fees(self):
        page = self._checkout(self.inv_1)
        self.assertNotIn("o_payment_portal_fees", page.text)

    def test_surcharge_shown_per_method_and_charged_on_cards_only(self):
        self._surcharge()
        invoices = self.inv_1 | self.inv_2
        page = self._checkout(invoices)
        quotes = self._quotes(page)
        self.assertIn("3.00 % surcharge, $ 30.00", quotes["surcharge"])
        self.assertIn("$ 1,030.00", quotes["surcharge"])
        self.assertIn("No fee", quotes["none"])
        self.assertIn("$ 1,000.00", quotes["none"])
        context = self._get_payment_context(page)
        self.assertEqual(context["amount"], 1000.0)  # before any fee
        tx = self._demo_pay(self._pay(context))
        self.assertEqual(tx.amount, 1030.0)
        self.assertEqual(
            (tx.payment_portal_fee_kind, tx.payment_portal_fee_amount),
            ("surcharge", 30.0),
        )
        self.assertEqual(tx.payment_id.amount, 1030.0)
        for invoice in invoices:
            self.assertEqual(invoice.amount_residual, 0.0)
        receipt = self._tx_mails(tx)
        self.assertIn("Card surcharge (3.00 %)", receipt.body_html)
        detail = self.url_open(f"/my/payments/{tx.id}").text
        self.assertIn("o_payment_portal_tx_fee", detail)
        self.assertIn("Card surcharge (3.00 %)", detail)
        history = self.url_open("/my/payments").text
        self.assertIn("incl. Card surcharge (3.00 %)", history)

    def test_bank_payment_carries_no_fee(self):
        self._surcharge()
        context = self._get_payment_context(self._checkout(self.inv_2))
        tx = self._demo_pay(self._pay(context, method=self.ach_method))
        self.assertEqual(tx.amount, 300.0)
        self.assertFalse(tx.payment_portal_fee_kind)
        self.assertEqual(self.inv_2.amount_residual, 0.0)

    def test_convenience_fee_shown_and_charged(self):
        self._convenience(fee=4.5)
        page = self._checkout(self.inv_2)
        self.assertIn("Convenience fee, $ 4.50", self._quotes(page)["convenience"])
        tx = self._demo_pay(self._pay(self._get_payment_context(page)))
        self.assertEqual((tx.amount, tx.payment_portal_fee_amount), (304.5, 4.5))

    def test_the_browser_cannot_change_the_fee(self):
        self._surcharge()
        page = self._checkout(self.inv_1)
        context = self._get_payment_context(page)
        # the fee added by the browser, or another total: refused, nothing made
        for amount in (721.0, 700.01, 0.0):
            with self.subTest(amount=amount), self.assertRaises(JsonRpcException):
                self._pay(context, amount=amount)
        self.assertFalse(self.inv_1.transaction_ids)
        # the fee "removed" by the browser (it never sends one): added anyway
        tx = self._demo_pay(self._pay(context))
        self.assertEqual(tx.amount, 721.0)

    def test_method_switched_after_pricing_is_priced_as_used(self):
        self._surcharge()
        context = self._get_payment_context(self._checkout(self.inv_1))
        # priced as a bank payment: the transaction is a bank payment
        processing = self._pay(context, method=self.ach_method)
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        self.assertEqual(
            (tx.amount, tx.payment_method_id, tx.payment_portal_fee_kind),
            (700.0, self.ach_method, False),
        )

    def test_retried_payment_never_charges_the_fee_twice(self):
        self._surcharge()
        context = self._get_payment_context(self._checkout(self.inv_1))
        first = self._pay(context)
        # a double click: the second attempt supersedes the first draft
        tx = self._demo_pay(self._pay(context))
        self.assertEqual(
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", first["reference"])])
            .state,
            "cancel",
        )
        # and once paid, no third attempt
        with self.assertRaises(JsonRpcException):
            self._pay(context)
        # the provider's answer replayed, the post-processing run again
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": tx.reference,
                "payment_details": "4242",
                "simulated_state": "done",
            },
        )
        tx._post_process()
        self.env.invalidate_all()
        self.assertEqual(
            len(self.inv_1.transaction_ids.filtered(lambda t: t.state == "done")), 1
        )
        self.assertEqual(tx.payment_id.amount, 721.0)
        fee_lines = (
            self.env["account.move.line"]
            .sudo()
            .search([("account_id", "=", self.fee_account.id)])
        )
        self.assertEqual(sum(fee_lines.mapped("credit")), 21.0)

    def test_auto_pay_notice_tells_the_surcharge(self):
        self._demo_token(self.buyer, "4242")
        self._surcharge(payment_portal_surcharge_off_session=True)
        self.company.payment_portal_autopay_change = True
        page = self.url_open("/my/payment_profiles").text
        self.assertIn("o_payment_portal_fee_notice", page)
        self.assertIn("made automatically carry a 3.00 % surcharge", page)
        self._convenience()
        page = self.url_open("/my/payment_profiles").text
        self.assertNotIn("o_payment_portal_fee_notice", page)

    def test_schedule_form_tells_the_surcharge(self):
        self._demo_token(self.buyer, "4242")
        self._surcharge(payment_portal_surcharge_off_session=True)
        self.company.payment_portal_schedule = True
        page = self.url_open("/my/pay/schedule").text
        self.assertIn("made automatically carry a 3.00 % surcharge", page)
        self.assertIn('name="csrf_token"', page, "the form is still there")
