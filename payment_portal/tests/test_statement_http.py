# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""/my/statement over HTTP: the page, its date filters and their errors, the
PDF, who sees what, the monthly statement opt-in."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from lxml import html

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalStatementMixin


@tagged("post_install", "-at_install")
class TestStatementHttp(PaymentPortalStatementMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statement_data()
        cls.old = cls._dated_invoice(cls.customer, 500.0, 60)
        cls.recent = cls._dated_invoice(cls.colleague, 300.0, 20)
        cls.refund = cls._dated_invoice(cls.buyer, 50.0, 10, move_type="out_refund")
        cls.euro_invoice = cls._invoice(cls.customer, 80.0, currency=cls.euro)
        cls.rival_invoice = cls._dated_invoice(cls.rival, 999.0, 20)

    def setUp(self):
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def _line_ids(self, response):
        return {int(i) for i in re.findall(r'data-line-id="(\d+)"', response.text)}

    def _receivable(self, moves):
        return set(
            moves.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).ids
        )

    def _post_monthly(self, monthly, csrf=True):
        page = self.url_open("/my")
        data = {"monthly": monthly}
        if csrf:
            data["csrf_token"] = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        response = self.url_open("/my/statement/monthly", data=data)
        self.env.invalidate_all()
        return response

    # ------------------------------------------------------------------

    def test_open_items_page(self):
        page = self._get("/my/statement")
        mine = self.old | self.recent | self.refund | self.euro_invoice
        self.assertEqual(self._line_ids(page), self._receivable(mine))
        self.assertNotIn(self.rival_invoice.name, page.text)
        tree = html.fromstring(page.text)
        sections = tree.xpath(
            "//section[hasclass('o_payment_portal_statement_section')]"
        )
        self.assertEqual([s.get("data-currency") for s in sections], ["USD", "EUR"])
        total = sections[0].xpath(".//td[hasclass('o_payment_portal_statement_total')]")
        self.assertIn("750.00", total[0].text_content())
        bucket = sections[0].xpath(".//td[@data-bucket='31_60']")[0]
        self.assertIn("500.00", bucket.text_content())
        self.assertIn("Open items as of", page.text)
        # the tab bar and the breadcrumbs of the addons' pages
        active = tree.xpath(
            "//ul[hasclass('o_payment_portal_nav')]//a[hasclass('active')]"
        )
        self.assertEqual([a.text_content().strip() for a in active], ["Statement"])
        crumbs = tree.xpath("//ol[hasclass('o_portal_submenu')]/li")
        self.assertIn(
            "Statement of Account", [c.text_content().strip() for c in crumbs]
        )
        pdf = tree.xpath("//a[hasclass('o_payment_portal_statement_pdf')]/@href")
        self.assertEqual(pdf, ["/my/statement/pdf?kind=open"])
        # the home page's card leads there
        self.assertIn('href="/my/statement"', self._get("/my").text)
        # the rival sees its own only
        self.authenticate(self.rival_user.login, self.password)
        rival = self._get("/my/statement")
        self.assertEqual(self._line_ids(rival), self._receivable(self.rival_invoice))
        self.assertIn(self.rival_invoice.name, rival.text)
        for move in mine:
            self.assertNotIn(f'data-line-id="{move.line_ids[0].id}"', rival.text)

    def test_activity_between_two_dates(self):
        date_from = self.today - timedelta(days=30)
        date_to = self.today - timedelta(days=6)  # the EUR invoice: 5 days ago
        url = f"/my/statement?kind=activity&date_from={date_from}&date_to={date_to}"
        page = self._get(url)
        self.assertEqual(
            self._line_ids(page), self._receivable(self.recent | self.refund)
        )
        tree = html.fromstring(page.text)
        opening = tree.xpath("//tr[hasclass('o_payment_portal_statement_opening')]")
        closing = tree.xpath("//tr[hasclass('o_payment_portal_statement_closing')]")
        self.assertEqual(len(opening), 1, "no EUR section: nothing then")
        self.assertIn("500.00", opening[0].text_content())
        self.assertIn("750.00", closing[0].text_content())
        self.assertEqual(
            tree.xpath("//input[@name='date_from']/@value"), [str(date_from)]
        )
        self.assertEqual(
            tree.xpath("//a[hasclass('o_payment_portal_statement_pdf')]/@href"),
            [
                f"/my/statement/pdf?kind=activity&date_from={date_from}&date_to={date_to}"
            ],
        )
        # no dates: last month's first day to today
        default = html.fromstring(self._get("/my/statement?kind=activity").text)
        self.assertEqual(
            default.xpath("//input[@name='date_to']/@value"), [str(self.today)]
        )

    def test_bad_dates_are_refused_with_a_message(self):
        before = self.customer.write_date
        for query, message in (
            ("date_from=2026-02-30", "is not a date"),
            ("date_from=31%2F01%2F2026", "is not a date"),
            ("date_to=yesterday", "is not a date"),
            (
                "date_from=2026-03-02&date_to=2026-03-01",
                "start date must be on or before",
            ),
            ("date_from=2026-01-01&date_from=2026-01-02", None),  # the first one
        ):
            url = f"/my/statement?kind=activity&{query}"
            if message is None:
                self._get(url)
                continue
            page = self._get(url, status=400)
            tree = html.fromstring(page.text)
            error = tree.xpath("//div[hasclass('o_payment_portal_error')]")
            self.assertEqual(len(error), 1, url)
            self.assertIn(message, error[0].text_content())
            self.assertNotIn("o_payment_portal_statement_line", page.text)
            self.assertFalse(
                tree.xpath("//a[hasclass('o_payment_portal_statement_pdf')]")
            )
            # the PDF route answers the same page
            pdf = self._get(url.replace("/my/statement?", "/my/statement/pdf?"), 400)
            self.assertIn(message, pdf.text)
        # what was typed stays in the form
        page = self._get("/my/statement?kind=activity&date_from=2026-02-30", 400)
        self.assertEqual(
            html.fromstring(page.text).xpath("//input[@name='date_from']/@value"),
            ["2026-02-30"],
        )
        self.assertFalse(self.env["payment.portal.statement"].search([]))
        self.assertEqual(self.customer.write_date, before)

    def test_pdf_download(self):
        response = self._get("/my/statement/pdf")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment"), disposition)
        self.assertIn(
            f"Statement_Harbor_Supplies_Inc_{self.today}".replace("-", "_"), disposition
        )
        # (tests render reports as HTML: Odoo's fallback without wkhtmltopdf)
        content = response.content.decode()
        for move in self.old | self.recent | self.refund | self.euro_invoice:
            self.assertIn(move.name, content)
        self.assertNotIn(self.rival_invoice.name, content)
        self.assertIn("Statement of Account", content)
        self.assertIn("Harbor Supplies Inc", content, "the customer's address")
        self.assertIn(self.company.name, content, "the company's layout")
        date_from = self.today - timedelta(days=30)
        activity = self._get(
            f"/my/statement/pdf?kind=activity&date_from={date_from}&date_to={self.today}"
        )
        self.assertIn("Opening balance", activity.content.decode())
        self.assertEqual(
            self._line_ids(activity),
            self._receivable(self.recent | self.refund | self.euro_invoice),
        )

    def test_pdf_is_a_real_pdf(self):
        """Rendered by wkhtmltopdf, as outside tests."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf(
            "payment_portal.action_report_statement",
            data={
                "partner_ids": self.customer.ids,
                "company_id": self.company.id,
                "kind": "open",
            },
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:20])

    def test_who_may_open_it(self):
        self.authenticate(None, None)
        for url in ("/my/statement", "/my/statement/pdf"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertEqual(urlsplit(response.headers["Location"]).path, "/web/login")
        self.authenticate(self.buyer_user.login, self.password)
        self.company.payment_portal_enabled = False
        self.env.flush_all()
        for url in (
            "/my/statement",
            "/my/statement/pdf",
            "/my/statement?kind=activity",
        ):
            self._get(url, status=404)

    def test_monthly_statement_opt_in(self):
        self.assertNotIn(
            "o_payment_portal_statement_monthly", self._get("/my/statement").text
        )
        self.assertEqual(self._post_monthly("1").status_code, 404, "company: off")
        self.assertFalse(self.customer.payment_portal_statement_monthly)

        self.company.payment_portal_statement_monthly = True
        self.env["res.partner"].create(
            {
                "name": "Harbor Payables",
                "parent_id": self.customer.id,
                "email": "payables@harbor.example.com",
                "payment_portal_billing_email": True,
            }
        )
        self.env.flush_all()
        page = self._get("/my/statement")
        self.assertIn("o_payment_portal_statement_subscribe", page.text)
        self.assertIn("payables@harbor.example.com", page.text)
        # without the CSRF token: refused, nothing changes
        self.assertEqual(self._post_monthly("1", csrf=False).status_code, 400)
        self.assertFalse(self.customer.payment_portal_statement_monthly)
        response = self._post_monthly("1")
        self.assertEqual(urlsplit(response.url).query, "monthly=on")
        self.assertIn("every month", response.text)
        self.assertTrue(self.customer.payment_portal_statement_monthly)
        self.assertIn("o_payment_portal_statement_unsubscribe", response.text)
        # and stopped
        response = self._post_monthly("0")
        self.assertIn("no longer receive", response.text)
        self.assertFalse(self.customer.payment_portal_statement_monthly)
        # staff have no opt-in of their own
        internal = self.env["res.users"].create(
            {
                "name": "Staff",
                "login": "pp_stmt_staff",
                "password": self.password,
                "group_ids": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        self.authenticate(internal.login, self.password)
        self.assertEqual(self._post_monthly("1").status_code, 404)
