# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Query strings a scanner sends to the portal pages (issue 13, part 6):
control characters, reserved keys, wrong types. Each is answered with a
page or a 4xx, never a server error, and changes nothing."""

import re
from urllib.parse import quote, urlencode

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin

FILTERS = ("unpaid", "overdue", "pending", "paid", "all", "nonsense")
SORTS = ("duedate", "date", "name", "amount", "nonsense")
# NUL (PostgreSQL refuses it in a string literal) and other control characters.
CONTROL = ("ab\x00", "\x00", "a\x01b", "\x1b[31m", "x\x7f", "\x08\x0c")


@tagged("post_install", "-at_install")
class TestQueryStringsHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoice = cls._invoice(cls.customer, 100.0)
        cls.rival_invoice = cls._invoice(cls.rival, 999.0)
        cls.card = cls._demo_token(cls.buyer, "4242")

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _get(self, path, query):
        """GET ``path`` with ``query`` (a list of pairs, keys may repeat)."""
        response = self.url_open(
            f"{path}?{urlencode(query)}", allow_redirects=False, timeout=60
        )
        self.assertLess(response.status_code, 500, f"{path} {query!r}")
        self.assertNotIn("Traceback", response.text, f"{path} {query!r}")
        return response

    def _fingerprint(self):
        self.env.invalidate_all()
        return (
            self.env["payment.transaction"].sudo().search_count([]),
            self.env["payment.token"].sudo().search_count([]),
            self.invoice.payment_state,
            self.invoice.amount_residual,
            self.customer.write_date,
            self.buyer.write_date,
        )

    # ------------------------------------------------------------------
    # /my/pay?search=ab%00 (wapiti)
    # ------------------------------------------------------------------

    def test_search_with_control_characters_every_filter_and_sort(self):
        before = self._fingerprint()
        for index, (filterby, sortby) in enumerate(
            (f, s) for f in FILTERS for s in SORTS
        ):
            query = [("filterby", filterby), ("sortby", sortby)]
            for search in CONTROL:
                response = self._get("/my/pay", [*query, ("search", search)])
                self.assertEqual(response.status_code, 400, search)
                self.assertIn("control character", response.text)
            # in the other parameters, as a key, or on a later page
            char = CONTROL[index % len(CONTROL)]
            for path, variant in (
                ("/my/pay", [("filterby", filterby + char), ("sortby", sortby)]),
                ("/my/pay", [("filterby", filterby), ("sortby", sortby + char)]),
                ("/my/pay/page/2", [*query, ("search", char)]),
                ("/my/pay", [*query, (char, "1")]),
            ):
                self.assertEqual(self._get(path, variant).status_code, 400)
        self.assertEqual(self._fingerprint(), before)

    def test_posted_forms_with_control_characters(self):
        """The live fuzzer's finding: the selection page also takes a posted
        form, whose NUL reached PostgreSQL like the query string's did."""
        page = self._get("/my/billing_emails", [])
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        before = self._fingerprint()
        for path, data in (
            ("/my/pay", {"search": "ab\x00"}),
            ("/my/pay/page/2", {"filterby": "all\x00", "search": "x"}),
            (
                "/my/billing_emails/add",
                {"name": "Payables\x00", "email": "ap@x.example"},
            ),
        ):
            response = self.url_open(
                path, data={**data, "csrf_token": csrf}, allow_redirects=False
            )
            self.assertEqual(response.status_code, 400, path)
            self.assertIn("control character", response.text, path)
        self.assertEqual(self._fingerprint(), before)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "ap@x.example")])
        )
        # tab and line feed are text in a form too
        response = self.url_open(
            "/my/pay",
            data={"search": "INV\t\n", "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)

    def test_search_without_control_characters_still_works(self):
        name = self.invoice.name
        response = self._get("/my/pay", [("filterby", "all"), ("search", name)])
        self.assertEqual(response.status_code, 200)
        self.assertIn(name, response.text)
        # tab and line feed are text, not refused (no invoice has them)
        response = self._get("/my/pay", [("search", f"{name}\t\n")])
        self.assertEqual(response.status_code, 200)

    def test_invalid_utf8_and_huge_values(self):
        # 60 kB: Python's HTTP server refuses a request line past 64 kB before
        # Odoo reads it (and Odoo 19's request handler then fails to answer
        # its 414: Odoo's bug, outside the addons; a proxy refuses it first).
        for raw in ("search=%ff%fe", "search=%c3%28", "search=" + "9" * 60_000):
            for path in ("/my/pay", "/my/payments", "/my/payment_profiles"):
                response = self.url_open(f"{path}?{raw}", allow_redirects=False)
                self.assertLess(response.status_code, 500, (path, raw[:20]))
        response = self.url_open("/my/pay?" + "search=" + quote("é" * 1000))
        self.assertEqual(response.status_code, 200)

    def test_wrong_types_and_repeated_keys_on_the_pay_page(self):
        for query in (
            [("page", "abc")],
            [("page", "-3")],
            [("page", "1.5")],
            [("filterby", "all"), ("filterby", "paid"), ("sortby", "")],
            [("invoice_ids", "1e309")],
            [("invoice_ids", "9" * 40)],
            [("invoice_ids", f"{self.rival_invoice.id}")],
            [("invoice_ids[]", "1"), ("invoice_ids[]", "2")],
        ):
            response = self._get("/my/pay", query)
            self.assertEqual(response.status_code, 200, query)
            self.assertNotIn(self.rival_invoice.name, response.text)

    def test_every_portal_page_refuses_control_characters(self):
        """The generic guard: every page of the addons, and the native portal
        pages they change, answer 400 to a control character in the query
        string (a value or a key), as the customer and as a visitor."""
        tx = self._pay_done()
        pages = [
            "/my",
            "/my/invoices",
            f"/my/invoices/{self.invoice.id}",
            "/my/invoices/overdue",
            "/my/payment_method",
            "/my/account",
            "/my/addresses",
            "/my/pay",
            "/my/pay/checkout",
            "/my/payments",
            f"/my/payments/{tx.id}",
            "/my/payment_profiles",
            "/my/pay/scheduled",
            "/my/billing_emails",
        ]
        before = self._fingerprint()
        for page in pages:
            for query in ([("date_begin", "ab\x00")], [("x\x00", "1")]):
                response = self._get(page, query)
                self.assertEqual(response.status_code, 400, page)
        self.logout()
        for page in pages:
            response = self._get(page, [("redirect", "\x00")])
            self.assertIn(response.status_code, (303, 400), page)
        self.assertEqual(self._fingerprint(), before)

    def _pay_done(self):
        return (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "amount": 1.0,
                    "currency_id": self.currency.id,
                    "partner_id": self.buyer.id,
                    "reference": "QS-TEST-1",
                    "invoice_ids": [(6, 0, self.invoice.ids)],
                    "state": "pending",
                }
            )
        )

    # ------------------------------------------------------------------
    # /my/payment_method?provider_id=%3Benv%3B&partner_id=46 (wapiti)
    # ------------------------------------------------------------------

    def test_payment_method_page_refuses_reserved_keys(self):
        before = self._fingerprint()
        rival = self.rival_user.partner_id.id
        for query in (
            [("provider_id", ";env;"), ("partner_id", str(rival))],
            [("partner_id", "46")],
            [("company_id", "1")],
            [("amount", "abc")],
            [("currency_id", "x")],
            [("website_id", "1")],
            [("is_validation", "0")],
            [("report", "{}")],
            [("force_tokenization", "0")],
        ):
            response = self._get("/my/payment_method", query)
            self.assertEqual(response.status_code, 400, query)
            self.assertIn("cannot be given", response.text)
        # other keys are ignored, as Odoo does; Odoo's own landing link
        # after a saved method (tx_id, access_token) still opens the page
        response = self._get("/my/payment_method", [("provider_id", ";env;")])
        self.assertEqual(response.status_code, 200)
        response = self._get(
            "/my/payment_method", [("tx_id", "1"), ("access_token", "abc")]
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_payment_form", response.text)
        self.assertNotIn("9999", response.text)
        self.assertEqual(self._fingerprint(), before)

    def test_invoice_pages_refuse_reserved_keys(self):
        """The invoice page and the overdue page pass their query string to
        the same hooks: partner_id was a TypeError there too."""
        before = self._fingerprint()
        rival = str(self.rival_user.partner_id.id)
        pages = (f"/my/invoices/{self.invoice.id}", "/my/invoices/overdue")
        for page in pages:
            for query in (
                [("partner_id", rival)],
                [("company_id", "1"), ("currency_id", "abc")],
                [("report", "x")],
                [("is_validation", "1")],
                # website_payment's donation form: a 500 on malformed options
                [("is_donation", "1"), ("donation_options", "{")],
            ):
                response = self._get(page, query)
                self.assertEqual(response.status_code, 400, (page, query))
                self.assertIn("cannot be given", response.text)
        # the pages' own parameters still work
        token = self.invoice.sudo()._portal_ensure_token()
        response = self._get(pages[0], [("access_token", token), ("debug", "")])
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.name, response.text)
        # (no invoice overdue: Odoo sends the customer to the invoice list)
        self.assertEqual(self._get(pages[1], [("page", "x")]).status_code, 303)
        self.assertEqual(self._fingerprint(), before)
