# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin

# Queries of one GET /my/pay, session and website layout included; the same
# whatever the number of invoices of the customer.
PAY_PAGE_QUERIES = 40


@tagged("post_install", "-at_install")
class TestPayInvoicesQueries(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()

    @classmethod
    def _bulk_invoices(cls, partner, count):
        today = fields.Date.context_today(cls.env["account.move"])
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    # one invoice date: numbering many months at once is slow
                    "invoice_date": today,
                    "invoice_date_due": today + timedelta(days=30 - i % 60),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Supplies", "price_unit": 10.0 + i, "tax_ids": []}
                        )
                    ],
                }
                for i in range(count)
            ]
        )
        # Thousands of rows new to this transaction leave PostgreSQL's statistics
        # stale, and its plans for the payment-state queries pathological: refresh
        # them (ANALYZE counts the rows this transaction inserted).
        analyze = (
            "ANALYZE account_move, account_move_line, account_partial_reconcile,"
            " account_payment"
        )
        cls.env.flush_all()
        cls.env.cr.execute(analyze)
        invoices.action_post()
        cls.env.flush_all()
        cls.env.cr.execute(analyze)
        return invoices

    def _page_queries(self, url):
        self.url_open(url)  # warm the caches (assets, views, menus)
        self.env.invalidate_all()
        with self.assertQueryCount(PAY_PAGE_QUERIES):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_constant_queries_from_10_to_2000_invoices(self):
        self.authenticate(self.buyer_user.login, self.password)
        self._bulk_invoices(self.customer, 10)
        for url in ("/my/pay", "/my/pay?filterby=all&sortby=amount"):
            self._page_queries(url)
        self._bulk_invoices(self.buyer, 1990)
        for url in ("/my/pay", "/my/pay?filterby=all&sortby=amount", "/my/pay/page/3"):
            response = self._page_queries(url)
        self.assertEqual(response.text.count("o_payment_portal_invoice_row"), 80)
