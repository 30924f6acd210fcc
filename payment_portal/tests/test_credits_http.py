# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestCreditsHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    """Credits on the selection page, the checkout and the payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.inv_1 = cls._invoice(cls.customer, 400.0)
        cls.inv_2 = cls._invoice(cls.buyer, 250.0, due_in_days=-10)
        cls.refund = cls._credit_note(cls.customer, 150.0)
        cls.refund_line = cls._credit_line(cls.refund)
        cls.prepaid_line = cls._unapplied_payment(cls.customer, 100.0)
        cls.rival_line = cls._credit_line(cls._credit_note(cls.rival, 80.0))

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _checkout(self, invoices, credits, total=None):
        if total is None:
            total = invoices._payment_portal_net_amount(credits)
        query = urlencode(
            {
                "invoice_ids": ",".join(map(str, invoices.ids)),
                "credit_ids": ",".join(map(str, credits.ids)),
                "total": f"{total:.2f}",
            }
        )
        return self.url_open(f"/my/pay/checkout?{query}")

    def _apply(self, page, **overrides):
        """Submit the Apply Credits form of ``page``."""
        form = dict(
            re.findall(
                r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                page.text.split("o_payment_portal_apply_credits_form", 1)[1],
            )
        )
        form.update(overrides)
        return self.url_open("/my/pay/apply_credits", data=form)

    def test_selection_lists_the_customers_credits(self):
        page = self.url_open("/my/pay")
        self.assertEqual(page.status_code, 200)
        credits = dict(
            re.findall(
                r'data-credit-id="(\d+)".*?data-status="(\w+)"',
                page.text,
                flags=re.DOTALL,
            )
        )
        self.assertEqual(
            credits,
            {str(self.refund_line.id): "open", str(self.prepaid_line.id): "open"},
        )
        self.assertIn(self.refund.name, page.text)
        self.assertIn("Unapplied payment", page.text)
        self.assertIn('data-amount="150.0"', page.text)
        self.assertNotIn(f'data-credit-id="{self.rival_line.id}"', page.text)
        self.assertNotIn("data-credit-id", self.url_open("/my/pay?filterby=paid").text)

    def test_pay_the_net_amount_and_everything_reconciles(self):
        invoices = self.inv_1 | self.inv_2
        credits = self.refund_line | self.prepaid_line
        page = self._checkout(invoices, credits)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_payment_portal_checkout_credit", page.text)
        context = self._get_payment_context(page)
        self.assertEqual(context["amount"], 400.0)
        self.assertTrue(
            context["transaction_route"].endswith(
                f"/{self.refund_line.id}-{self.prepaid_line.id}"
            )
        )
        tx = self._demo_pay(self._transaction_request(context))
        self.assertEqual(tx.amount, 400.0)
        self.assertEqual(tx.payment_portal_credit_line_ids, credits)
        self.assertEqual(tx.payment_id.amount, 400.0)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)
        self.assertTrue(self.refund_line.reconciled)
        self.assertTrue(self.prepaid_line.reconciled)
        receipt = self._tx_mails(tx)
        self.assertIn("Credits applied", receipt.body_html)
        self.assertIn(self.refund.name, receipt.body_html)
        confirmation = self.url_open(f"/my/payments/{tx.id}")
        self.assertIn("Credits applied", confirmation.text)
        self.assertIn(self.refund.name, confirmation.text)
        self.assertNotIn("data-credit-id", self.url_open("/my/pay").text)

    def test_tampering_is_refused_and_changes_nothing(self):
        invoices = self.inv_1
        credits = self.refund_line
        # another customer's credit, at checkout and at the transaction
        page = self._checkout(invoices, credits | self.rival_line, total=170.0)
        self.assertIn("can no longer be applied", page.text)
        self.assertNotIn("o_payment_form", page.text)
        context = self._get_payment_context(self._checkout(invoices, credits))
        for route, amount in (
            # the credit of another customer instead
            (f"/my/pay/transaction/{self.inv_1.id}/{self.rival_line.id}", None),
            # another credit than the page showed (signed snapshot)
            (f"/my/pay/transaction/{self.inv_1.id}/{self.prepaid_line.id}", 300.0),
            # the credits dropped: more to pay than signed
            (f"/my/pay/transaction/{self.inv_1.id}", 400.0),
            # a lower amount than the net
            (context["transaction_route"], 100.0),
        ):
            with self.subTest(route=route), self.assertRaises(JsonRpcException):
                self._transaction_request(context, route=route, amount=amount)
        self.assertFalse(self.inv_1.transaction_ids)
        self.assertFalse(
            self.env["payment.transaction"]
            .sudo()
            .search([("payment_portal_credit_line_ids", "!=", False)])
        )
        # a total that is not the net amount: back to the list, new figures
        page = self._checkout(invoices, credits, total=400.0)
        self.assertIn("amounts due changed", page.text)

    def test_apply_credits_without_a_payment(self):
        invoice = self.inv_2  # 250 due, 250 of credits
        credits = self.refund_line | self.prepaid_line
        page = self._checkout(invoice, credits)
        self.assertIn("o_payment_portal_apply_credits_form", page.text)
        self.assertNotIn("o_payment_form", page.text, "no provider involved")
        # a tampered form changes nothing
        for overrides, message in (
            (
                {"credit_ids": f"{self.refund_line.id}"},
                "credits or the amounts due changed",
            ),
            ({"credit_ids": f"{self.rival_line.id}"}, "can no longer be applied"),
            ({"total": "-10.00"}, "amounts due changed"),
            ({"access_token": "x"}, "credits or the amounts due changed"),
        ):
            with self.subTest(overrides=overrides):
                refused = self._apply(page, **overrides)
                self.assertIn(message, refused.text)
                self.assertEqual(invoice.amount_residual, 250.0)
        done = self._apply(page)
        self.assertIn("Your credits were applied", done.text)
        self.env.invalidate_all()
        self.assertIn(invoice.payment_state, ("paid", "in_payment", "reversed"))
        self.assertTrue(self.refund_line.reconciled and self.prepaid_line.reconciled)
        self.assertFalse(invoice.transaction_ids)
        # submitted twice: refused, nothing applied again
        again = self._apply(page)
        self.assertIn("can no longer be applied", again.text)
        # without the CSRF token: refused
        self.assertNotEqual(
            self.url_open(
                "/my/pay/apply_credits",
                data={"invoice_ids": str(invoice.id)},
                headers={"Cookie": ""},
                allow_redirects=False,
            ).status_code,
            200,
        )
