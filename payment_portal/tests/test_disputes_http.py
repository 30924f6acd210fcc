# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .test_disputes import PDF, PaymentPortalDisputeMixin


@tagged("post_install", "-at_install")
class TestDisputesHttp(PaymentPortalDisputeMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dispute_data()
        cls.invoice = cls._invoice(cls.customer, 120.0, ref="HTTP-DISPUTE")
        cls.other_invoice = cls._invoice(cls.buyer, 80.0, ref="HTTP-OTHER")
        cls.rival_invoice = cls._invoice(cls.rival, 999.0)
        cls.paid_invoice = cls._invoice(cls.customer, 10.0)
        cls._register_payment(cls.paid_invoice, 10.0)

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _url(self, invoice=None):
        return f"/my/pay/dispute/{(invoice or self.invoice).id}"

    def _csrf(self):
        page = self.url_open("/my")
        return re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def _post(self, invoice=None, files=None, csrf=True, **values):
        data = {
            "reason_id": str(self.reason.id),
            "reason_text": "",
            "message": "We ordered 10, not 12.",
            **values,
        }
        if csrf:
            data["csrf_token"] = self._csrf()
        response = self.url_open(
            self._url(invoice), data=data, files=files, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def _assert_unchanged(self, *invoices):
        for invoice in invoices or (self.invoice,):
            self.assertFalse(invoice.payment_portal_dispute_state)
            self.assertFalse(invoice.activity_ids)

    # ------------------------------------------------------------------

    def test_form_and_post(self):
        page = self.url_open(self._url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.reason.name, page.text)
        self.assertIn(self.other.name, page.text)
        self.assertNotIn(self.short_reason.name, page.text, "dispute reasons only")
        self.assertIn('for="dispute_reason"', page.text)
        self.assertIn('enctype="multipart/form-data"', page.text)
        response = self._post(
            files={"attachment": ("note.pdf", PDF, "application/pdf")}
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/invoices/{self.invoice.id}?dispute=raised"
            )
        )
        self.assertEqual(self.invoice.payment_portal_dispute_state, "open")
        self.assertEqual(self.invoice.payment_portal_dispute_partner_id, self.buyer)
        message = self.invoice.message_ids.filtered(lambda m: m.author_id == self.buyer)
        self.assertEqual(message.attachment_ids.name, "note.pdf")
        self.assertTrue(self.invoice.activity_ids)
        # Odoo's invoice page: the confirmation, no Pay Now, no Dispute
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_payment_portal_dispute_raised", page.text)
        self.assertNotIn("o_payment_portal_invoice_pay", page.text)
        self.assertNotIn('data-bs-target="#pay_with"', page.text)
        self.assertNotIn("o_payment_portal_invoice_dispute", page.text)
        page = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertIn("o_payment_portal_dispute_open", page.text)
        # disputed: the form is gone
        self.assertEqual(self.url_open(self._url()).status_code, 404)
        self.assertEqual(self._post().status_code, 404)

    def test_selection_page(self):
        page = self.url_open("/my/pay")
        self.assertIn(f'href="/my/pay/dispute/{self.invoice.id}"', page.text)
        self.assertIn(f'href="/my/pay/dispute/{self.other_invoice.id}"', page.text)
        page = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertIn("o_payment_portal_invoice_dispute", page.text)
        self.assertIn("o_payment_portal_invoice_pay", page.text)
        self._post()
        page = self.url_open("/my/pay")
        row = re.search(
            rf'<tr[^>]*data-invoice-id="{self.invoice.id}".*?</tr>',
            page.text,
            re.DOTALL,
        ).group(0)
        self.assertNotIn("o_payment_portal_select", row, "no checkbox")
        self.assertNotIn("/my/pay/dispute/", row)
        self.assertIn('data-status="disputed"', row)
        page = self.url_open("/my/pay?filterby=disputed")
        self.assertIn("HTTP-DISPUTE", page.text)
        self.assertNotIn("HTTP-OTHER", page.text)
        # a preselection or a checkout of it is refused
        page = self.url_open(f"/my/pay?select={self.invoice.id}")
        self.assertNotIn("o_payment_portal_preselected", page.text)
        response = self.url_open(
            f"/my/pay/checkout?invoice_ids={self.invoice.id}&total=120.00",
            allow_redirects=False,
        )
        self.assertIn("cannot be paid here", response.text)
        self.assertNotIn("o_payment_portal_checkout_total", response.text)
        self.assertFalse(self.invoice.transaction_ids)

    def _due_count(self):
        return self.make_jsonrpc_request(
            "/my/counters", {"counters": ["payment_portal_due_count"]}
        )["payment_portal_due_count"]

    def test_native_transaction_routes_refuse(self):
        overdue = self._invoice(self.customer, 30.0, due_in_days=-5)
        count = self._due_count()
        self._post(overdue)
        self.assertEqual(self._due_count(), count - 1, "the home card")
        # Odoo's overdue payment: the disputed invoice is not in it
        with self.assertRaises(JsonRpcException) as error:
            self.make_jsonrpc_request(
                "/invoice/transaction/overdue",
                {"amount": 30.0, "payment_reference": "x"},
            )
        self.assertEqual(str(error.exception), "odoo.exceptions.ValidationError")
        self.assertFalse(overdue.transaction_ids)
        self._post()
        with self.assertRaises(JsonRpcException) as error:
            self.make_jsonrpc_request(
                f"/invoice/transaction/{self.invoice.id}",
                {"amount": 120.0, "access_token": None},
            )
        self.assertEqual(str(error.exception), "odoo.exceptions.ValidationError")
        self.logout()
        with self.assertRaises(JsonRpcException) as error:
            self.make_jsonrpc_request(
                f"/invoice/transaction/{self.invoice.id}",
                {
                    "amount": 120.0,
                    "access_token": self.invoice._portal_ensure_token(),
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "token_id": None,
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": "/my",
                },
            )
        self.assertEqual(str(error.exception), "odoo.exceptions.ValidationError")
        self.assertFalse(self.invoice.transaction_ids)

    def test_not_found(self):
        for invoice in (self.rival_invoice, self.paid_invoice):
            with self.subTest(invoice=invoice.name):
                self.assertEqual(self.url_open(self._url(invoice)).status_code, 404)
                self.assertEqual(self._post(invoice).status_code, 404)
        self.assertEqual(self.url_open("/my/pay/dispute/999999999").status_code, 404)
        self._assert_unchanged(self.rival_invoice, self.paid_invoice)
        # staff have no customer invoice of their own here
        self.authenticate(self.env.ref("base.user_admin").login, "admin")
        self.assertEqual(self.url_open(self._url()).status_code, 404)

    def test_disabled_setting(self):
        self.company.payment_portal_disputes_enabled = False
        self.assertEqual(self.url_open(self._url()).status_code, 404)
        self.company.payment_portal_disputes_enabled = True
        csrf = self._csrf()
        self.company.payment_portal_disputes_enabled = False
        response = self.url_open(
            self._url(),
            data={
                "csrf_token": csrf,
                "reason_id": str(self.reason.id),
                "message": "x",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("/my/pay/dispute/", self.url_open("/my/pay").text)
        page = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertNotIn("o_payment_portal_invoice_dispute", page.text)
        self._assert_unchanged()

    def test_csrf(self):
        response = self._post(csrf=False)
        self.assertEqual(response.status_code, 400)
        self._assert_unchanged()

    def test_errors_rerender_and_change_nothing(self):
        cases = {
            "tampered reason": ({"reason_id": str(self.short_reason.id)}, None),
            "no reason": ({"reason_id": "abc"}, None),
            "other without text": ({"reason_id": str(self.other.id)}, None),
            "no message": ({"message": " "}, None),
            "oversized attachment": (
                {},
                {"attachment": ("big.pdf", PDF + b"0" * 5 * 2**20, "application/pdf")},
            ),
            "executable": (
                {},
                {"attachment": ("a.pdf", b"MZ\x90\x00", "application/pdf")},
            ),
        }
        attachments = self.env["ir.attachment"].sudo().search_count([])
        for name, (values, files) in cases.items():
            with self.subTest(name):
                response = self._post(files=files, **values)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="dispute_error"', response.text)
                self.assertIn('aria-describedby="dispute_error"', response.text)
                if "message" not in values:
                    self.assertIn("We ordered 10", response.text, "input kept")
        self._assert_unchanged()
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), attachments)
