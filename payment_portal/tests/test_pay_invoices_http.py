# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPayInvoicesHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.inv_1 = cls._invoice(cls.customer, 100.0)
        cls.inv_2 = cls._invoice(cls.buyer, 250.5, due_in_days=-10)  # overdue
        cls.inv_3 = cls._invoice(cls.colleague, 300.0)
        cls.rival_invoice = cls._invoice(cls.rival, 999.0)

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _checkout(self, invoices, total=None):
        total = sum(invoices.mapped("amount_residual")) if total is None else total
        query = urlencode(
            {"invoice_ids": ",".join(map(str, invoices.ids)), "total": f"{total:.2f}"}
        )
        return self.url_open(f"/my/pay/checkout?{query}")

    def _pay(self, invoices, simulated_state="done", amount=None, context=None):
        """Checkout, create the transaction, simulate the demo payment."""
        if context is None:
            response = self._checkout(invoices)
            self.assertEqual(response.status_code, 200)
            context = self._get_payment_context(response)
        values = {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "amount": context["amount"] if amount is None else amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": context["landing_route"],
            "access_token": context["access_token"],
            "payment_reference": context.get("payment_reference"),
        }
        processing = self.make_jsonrpc_request(context["transaction_route"], values)
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        if simulated_state:
            self.make_jsonrpc_request(
                "/payment/demo/simulate_payment",
                {
                    "reference": tx.reference,
                    "payment_details": "4242",
                    "simulated_state": simulated_state,
                },
            )
            self.env.invalidate_all()  # the server changed the records
            tx._post_process()
        return tx

    # ------------------------------------------------------------------
    # the list
    # ------------------------------------------------------------------

    def test_list_shows_company_invoices_with_statuses(self):
        page = self.url_open("/my/pay")
        self.assertEqual(page.status_code, 200)
        for invoice in self.inv_1 | self.inv_2 | self.inv_3:
            self.assertIn(f'data-invoice-id="{invoice.id}"', page.text)
        self.assertNotIn(f'data-invoice-id="{self.rival_invoice.id}"', page.text)
        statuses = dict(
            re.findall(
                r'data-invoice-id="(\d+)".*?data-status="(\w+)"',
                page.text,
                flags=re.DOTALL,
            )
        )
        self.assertEqual(statuses[str(self.inv_1.id)], "unpaid")
        self.assertEqual(statuses[str(self.inv_2.id)], "overdue")

        overdue = self.url_open("/my/pay?filterby=overdue")
        self.assertIn(f'data-invoice-id="{self.inv_2.id}"', overdue.text)
        self.assertNotIn(f'data-invoice-id="{self.inv_1.id}"', overdue.text)
        searched = self.url_open(f"/my/pay?filterby=all&search={self.inv_3.name}")
        self.assertIn(f'data-invoice-id="{self.inv_3.id}"', searched.text)
        self.assertNotIn(f'data-invoice-id="{self.inv_1.id}"', searched.text)

    # ------------------------------------------------------------------
    # paying
    # ------------------------------------------------------------------

    def test_pay_three_invoices_in_one_payment(self):
        invoices = self.inv_1 | self.inv_2 | self.inv_3
        lines_before = {
            line.id: (line.display_type, line.balance, line.date_maturity)
            for line in invoices.line_ids
        }
        tx = self._pay(invoices)

        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, 650.5)
        self.assertEqual(tx.invoice_ids, invoices)
        self.assertEqual(tx.payment_portal_origin, "portal")
        self.assertTrue(tx.payment_id, "one payment posted")
        self.assertIn(tx.payment_id.state, ("paid", "in_process"))
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, invoices)
        self.assertEqual(tx.payment_id.invoice_ids, invoices)
        self.assertEqual(invoices.matched_payment_ids, tx.payment_id)
        self.assertEqual(
            {
                line.id: (line.display_type, line.balance, line.date_maturity)
                for line in invoices.line_ids
            },
            lines_before,
            "reconciling left the invoices' lines as they were",
        )
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)
            self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )

        mails = self._tx_mails(tx)
        self.assertEqual(len(mails), 1, "one receipt")
        self.assertEqual(mails.recipient_ids, self.buyer)
        self.assertIn("payment received", mails.subject)
        for text in (tx.reference, "650.50", "Demo", *invoices.mapped("name")):
            self.assertIn(text, mails.body_html)

        confirmation = self.url_open(f"/my/payments/{tx.id}")
        self.assertIn("your payment was received", confirmation.text)
        self.assertIn(tx.reference, confirmation.text)
        receipt = self.url_open(f"/my/payments/{tx.id}?report_type=pdf&download=true")
        self.assertEqual(receipt.status_code, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        history = self.url_open("/my/payments")
        self.assertIn(tx.reference, history.text)

        # a second notification of the provider changes nothing, sends nothing
        tx._set_done()
        tx._post_process()
        self.assertEqual(len(self._tx_mails(tx)), 1)

    def test_ach_pending_then_settled(self):
        tx = self._pay(self.inv_1 | self.inv_3, simulated_state="pending")
        self.assertEqual(tx.state, "pending")
        page = self.url_open("/my/pay?filterby=pending")
        self.assertIn(f'data-invoice-id="{self.inv_1.id}"', page.text)
        self.assertIn('data-status="pending"', page.text)
        self.assertIn("pending", self._tx_mails(tx).subject)

        tx._set_done()
        tx._post_process()
        self.assertTrue(tx.payment_id)
        (self.inv_1 | self.inv_3).invalidate_recordset()
        self.assertIn(self.inv_1.payment_state, ("paid", "in_payment"))
        self.assertIn(self.inv_3.payment_state, ("paid", "in_payment"))
        mails = self._tx_mails(tx)
        self.assertEqual(len(mails), 2)
        self.assertIn("payment received", mails[1].subject)

    def test_ach_pending_then_failed(self):
        tx = self._pay(self.inv_1, simulated_state="pending")
        tx._set_error("The bank account was closed.")
        tx._post_process()
        self.inv_1.invalidate_recordset()
        self.assertEqual(self.inv_1.payment_state, "not_paid")
        self.assertEqual(self.inv_1._payment_portal_statuses()[self.inv_1.id], "unpaid")
        mails = self._tx_mails(tx)
        self.assertEqual(len(mails), 2)
        self.assertIn("payment failed", mails[1].subject)
        self.assertIn("The bank account was closed.", mails[1].body_html)
        page = self.url_open(f"/my/payments/{tx.id}")
        self.assertIn("did not go through", page.text)
        self.assertIn("The bank account was closed.", page.text)

    def test_card_decline_emails_only_if_asked(self):
        tx = self._pay(self.inv_1, simulated_state="error")
        self.assertEqual(tx.state, "error")
        self.assertFalse(self._tx_mails(tx), "no email by default")
        page = self.url_open(f"/my/payments/{tx.id}")
        self.assertIn("did not go through", page.text)

        self.company.payment_portal_card_failure_email = True
        tx_2 = self._pay(self.inv_1, simulated_state="error")
        self.assertIn("payment failed", self._tx_mails(tx_2).subject)

    # ------------------------------------------------------------------
    # refusals
    # ------------------------------------------------------------------

    def test_tampered_amount_is_refused(self):
        response = self._checkout(self.inv_1)
        context = self._get_payment_context(response)
        with self.assertRaises(JsonRpcException):
            self._pay(self.inv_1, amount=1.0, context=context, simulated_state=None)
        self.assertFalse(self.inv_1.transaction_ids)
        # nor can the browser turn the payment into a provider "validation"
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                context["transaction_route"],
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "token_id": None,
                    "amount": context["amount"],
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": context["landing_route"],
                    "access_token": context["access_token"],
                    "is_validation": True,
                },
            )
        self.assertFalse(self.inv_1.transaction_ids)

    def test_tampered_payment_parameters_are_refused(self):
        """Whatever the browser sends in place of the payment form's own
        values (a provider that is off or of another company, a method the
        provider does not offer, someone else's saved method, missing or
        malformed keys) is refused with the form's message, never a server
        error, and no transaction is created."""
        response = self._checkout(self.inv_1)
        context = self._get_payment_context(response)
        disabled = self.provider.copy({"state": "disabled"})
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_provider = self.provider.copy(
            {"company_id": other_company.id, "state": "test"}
        )
        other_method = self.env.ref("payment.payment_method_paypal")
        rival_token = self._demo_token(self.rival, "6666")
        other_provider = self.provider.copy({"state": "test"})
        foreign_token = self._demo_token(self.buyer, "7777")
        foreign_token.provider_id = other_provider
        valid = {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "amount": context["amount"],
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": context["landing_route"],
            "access_token": context["access_token"],
        }
        token = {"flow": "token", "payment_method_id": None}
        tampered = {
            "no provider": {"provider_id": None},
            "provider as text": {"provider_id": "1 OR 1=1"},
            "disabled provider": {"provider_id": disabled.id},
            "provider of another company": {"provider_id": foreign_provider.id},
            "method not offered": {"payment_method_id": other_method.id},
            "method as a list": {"payment_method_id": [self.demo_method.id]},
            "unknown flow": {"flow": "free"},
            "tokenization as text": {"tokenization_requested": "yes"},
            "landing route as a dict": {"landing_route": {"a": 1}},
            "another customer's saved method": {**token, "token_id": rival_token.id},
            "a saved method of another provider": {
                **token,
                "token_id": foreign_token.id,
            },
            "no saved method": {**token, "token_id": None},
        }
        for name, change in tampered.items():
            with self.subTest(name), self.assertRaises(JsonRpcException) as error:
                self.make_jsonrpc_request(
                    context["transaction_route"], {**valid, **change}
                )
            self.assertEqual(
                str(error.exception), "odoo.exceptions.ValidationError", name
            )
        for key in ("provider_id", "flow", "landing_route", "token_id"):
            params = dict(valid)
            del params[key]
            with (
                self.subTest(missing=key),
                self.assertRaises(JsonRpcException) as error,
            ):
                self.make_jsonrpc_request(context["transaction_route"], params)
            self.assertEqual(str(error.exception), "odoo.exceptions.ValidationError")
        self.assertFalse(self.inv_1.transaction_ids)
        # Odoo's own transaction routes the addon changes: a missing key is
        # a clear refusal, not a TypeError.
        routes = {
            "/payment/transaction": {"amount": 1.0, "partner_id": self.buyer.id},
            "/invoice/transaction/overdue": {"amount": 1.0},
            f"/invoice/transaction/{self.inv_1.id}": {"amount": 1.0},
        }
        for route, params in routes.items():
            with self.subTest(route), self.assertRaises(JsonRpcException) as error:
                self.make_jsonrpc_request(route, params)
            self.assertIn(
                str(error.exception),
                ("odoo.exceptions.ValidationError", "werkzeug.exceptions.Forbidden"),
                route,
            )
        # and with the right values the same form pays
        processing = self.make_jsonrpc_request(context["transaction_route"], valid)
        self.assertEqual(self.inv_1.transaction_ids.reference, processing["reference"])

    def test_stale_selection_is_refused(self):
        context = self._get_payment_context(self._checkout(self.inv_1 | self.inv_3))
        self._register_payment(self.inv_3, 100.0)  # partly paid meanwhile
        with self.assertRaises(JsonRpcException):
            self._pay(self.inv_1 | self.inv_3, context=context, simulated_state=None)
        self.assertFalse((self.inv_1 | self.inv_3).transaction_ids)
        # the old total at checkout sends back to the list with the new figures
        page = self._checkout(self.inv_1 | self.inv_3, total=400.0)
        self.assertIn("amounts due changed", page.text)
        self.assertIn("200.00", page.text)

    def test_foreign_invoices_are_refused_everywhere(self):
        page = self._checkout(self.inv_1 | self.rival_invoice)
        self.assertIn("cannot be paid here", page.text)
        self.assertNotIn("o_payment_form", page.text)
        context = self._get_payment_context(self._checkout(self.inv_1))
        context["transaction_route"] = f"/my/pay/transaction/{self.rival_invoice.id}"
        with self.assertRaises(JsonRpcException):
            self._pay(self.inv_1, context=context, simulated_state=None)
        self.assertFalse(self.rival_invoice.transaction_ids)

        rival_tx = self._pay(self.inv_1)
        self.authenticate(self.rival_user.login, self.password)
        for url in (
            f"/my/payments/{rival_tx.id}",
            f"/my/payments/{rival_tx.id}?report_type=pdf&download=true",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        self.assertNotIn(rival_tx.reference, self.url_open("/my/payments").text)

    def test_no_double_payment(self):
        # a double click: the first attempt is superseded and cannot complete
        context = self._get_payment_context(self._checkout(self.inv_1))
        first = self._pay(self.inv_1, context=context, simulated_state=None)
        second = self._pay(self.inv_1, context=context, simulated_state=None)
        self.assertEqual(first.state, "cancel")
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": first.reference,
                "payment_details": "4242",
                "simulated_state": "done",
            },
        )
        self.assertEqual(first.state, "cancel", "a superseded attempt never completes")
        # while a payment is pending, no new one
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": second.reference,
                "payment_details": "4242",
                "simulated_state": "pending",
            },
        )
        with self.assertRaises(JsonRpcException):
            self._pay(self.inv_1, context=context, simulated_state=None)
        page = self._checkout(self.inv_1)
        self.assertIn("already being processed", page.text)
        self.assertEqual(
            self.env["payment.transaction"]
            .sudo()
            .search_count(
                [
                    ("invoice_ids", "in", self.inv_1.ids),
                    ("state", "not in", ("cancel",)),
                ]
            ),
            1,
        )

    def test_home_cards(self):
        home = self.url_open("/my/home")
        self.assertIn("/my/pay", home.text)
        self.assertIn("/my/payments", home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["payment_portal_due_count", "payment_portal_payment_count"]},
        )
        self.assertEqual(counters["payment_portal_due_count"], 3)
        self.assertEqual(counters["payment_portal_payment_count"], 0)

    # ------------------------------------------------------------------
    # native Odoo, fixed
    # ------------------------------------------------------------------

    def test_native_overdue_page_pays_the_company_amount_due(self):
        # Odoo's overdue page is shown only with the portal off for the
        # company (on, it leads to /my/pay: test_portal_entry_points_http)
        self.company.payment_portal_enabled = False
        company_overdue = self._invoice(self.customer, 400.0, due_in_days=-20)
        self._register_payment(company_overdue, 150.0)  # partly paid
        # inv_2 (the buyer's own) is overdue too: 250.50 + 250.00 due
        response = self.url_open("/my/invoices/overdue")
        self.assertEqual(response.status_code, 200)
        context = self._get_payment_context(response)
        self.assertEqual(
            context["amount"], 500.5, "the amount due, not 650.50 of totals"
        )

        values = {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": context["landing_route"],
            "payment_reference": context["payment_reference"],
        }
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/invoice/transaction/overdue", {**values, "amount": 1.0}
            )
        processing = self.make_jsonrpc_request(
            "/invoice/transaction/overdue", {**values, "amount": 500.5}
        )
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        self.assertEqual(tx.amount, 500.5)
        self.assertEqual(tx.invoice_ids, self.inv_2 | company_overdue)

    def test_native_pay_now_without_token_and_within_the_amount_due(self):
        values = {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": self.inv_3.get_portal_url(),
        }
        route = f"/invoice/transaction/{self.inv_3.id}"
        for amount in (300.01, 0.0, -5.0):
            with self.subTest(amount=amount), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(route, {**values, "amount": amount})
        processing = self.make_jsonrpc_request(route, {**values, "amount": 120.0})
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        self.assertEqual(tx.amount, 120.0, "a partial payment stays possible")
        # while that payment is pending, Pay Now refuses a second one
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": tx.reference,
                "payment_details": "4242",
                "simulated_state": "pending",
            },
        )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(route, {**values, "amount": 50.0})
        # another customer's invoice stays out of reach
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/invoice/transaction/{self.rival_invoice.id}",
                {**values, "amount": 10.0},
            )

    def test_history_shows_refunds_and_checkout_offers_saved_profiles(self):
        tx = self._pay(self.inv_1)
        self.env["payment.transaction"].sudo().create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "amount": -tx.amount,
                "currency_id": tx.currency_id.id,
                "partner_id": tx.partner_id.id,
                "reference": f"R-{tx.reference}",
                "operation": "refund",
                "source_transaction_id": tx.id,
                "state": "done",
            }
        )
        page = self.url_open(f"/my/payments/{tx.id}")
        self.assertIn("This payment was refunded.", page.text)
        self.assertIn("Refunded", self.url_open("/my/payments").text)

        token = self.env["payment.token"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "partner_id": self.buyer.id,
                "payment_details": "4242",
                "provider_ref": "demo-profile",
            }
        )
        checkout = self._checkout(self.inv_3)
        self.assertIn(f'data-payment-option-id="{token.id}"', checkout.text)
        self.assertIn('data-payment-option-type="token"', checkout.text)
