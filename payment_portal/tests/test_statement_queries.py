# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalStatementMixin

# Queries of one GET /my/statement (session and website layout included),
# exactly, whatever the number of lines of the customer's statement.
OPEN_PAGE_QUERIES = 18
ACTIVITY_PAGE_QUERIES = 19


@tagged("post_install", "-at_install")
class TestStatementQueries(PaymentPortalStatementMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statement_data()
        # before any period shown: the activity's opening balance
        cls._dated_invoice(cls.customer, 75.0, 45)

    def _assert_pages(self, lines):
        """Activity with ``lines`` lines, open items with one more (the
        opening balance's invoice), each in its exact number of queries."""
        date_from = self.today - timedelta(days=30)
        activity = f"/my/statement?kind=activity&date_from={date_from}"
        for url, queries, count in (
            ("/my/statement", OPEN_PAGE_QUERIES, lines + 1),
            (activity, ACTIVITY_PAGE_QUERIES, lines),
        ):
            page = self._page_queries(url, queries, exact=True)
            self.assertEqual(page.text.count("data-line-id="), count, url)

    def test_constant_queries_from_10_to_2000_lines(self):
        """Invoices, credit notes and unapplied payments, in two currencies:
        the same number of queries for 10 lines as for 2,000 (each line's
        document type is read at once, not by prefetch batches of 1,000)."""
        self.authenticate(self.buyer_user.login, self.password)
        self._bulk_invoices(self.customer, 7)
        self._bulk_invoices(self.buyer, 1, move_type="out_refund")
        self._invoice(self.customer, 40.0, currency=self.euro)
        self._unapplied_payment(self.customer, 35.0)
        self._assert_pages(10)
        # 2,000 lines: 1,800 invoices, 195 credit notes, 5 payments
        self._bulk_invoices(self.buyer, 1792)
        self._bulk_invoices(self.customer, 194, move_type="out_refund")
        for amount in (10.0, 20.0, 30.0, 40.0):
            self._unapplied_payment(self.buyer, amount)
        self._assert_pages(2000)
