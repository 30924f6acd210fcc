# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin

# Queries of one GET /my/pay, session and website layout included; the same
# whatever the number of invoices of the customer.
PAY_PAGE_QUERIES = 40
# Exactly, the same page when the customer has open credits (credit notes,
# unapplied payments) listed under the invoices, whatever their number; and
# the Credit Notes filter, which lists credit notes but offers no credits.
PAY_PAGE_CREDIT_QUERIES = 21
CREDIT_NOTES_PAGE_QUERIES = 17


@tagged("post_install", "-at_install")
class TestPayInvoicesQueries(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()

    def test_constant_queries_from_10_to_2000_invoices(self):
        self.authenticate(self.buyer_user.login, self.password)
        self._bulk_invoices(self.customer, 10)
        for url in ("/my/pay", "/my/pay?filterby=all&sortby=amount"):
            self._page_queries(url, PAY_PAGE_QUERIES)
        self._bulk_invoices(self.buyer, 1990)
        for url in ("/my/pay", "/my/pay?filterby=all&sortby=amount", "/my/pay/page/3"):
            response = self._page_queries(url, PAY_PAGE_QUERIES)
        self.assertEqual(response.text.count("o_payment_portal_invoice_row"), 80)

    def test_constant_queries_with_credits_from_10_to_2000_documents(self):
        """Invoices, credit notes and unapplied payments mixed: the page
        lists the invoices and the open credits (80 of each at most) in
        exactly the same number of queries for 10 documents as for 2,000."""
        self.authenticate(self.buyer_user.login, self.password)
        self._bulk_invoices(self.customer, 8)
        self._bulk_invoices(self.buyer, 1, move_type="out_refund")
        self._unapplied_payment(self.customer, 35.0)
        self._assert_credit_pages(invoices=8, credits=2, credit_notes=1)
        # 2,000 documents: 1,800 invoices, 195 credit notes, 5 payments
        self._bulk_invoices(self.buyer, 1792)
        self._bulk_invoices(self.customer, 194, move_type="out_refund")
        for amount in (10.0, 20.0, 30.0, 40.0):
            self._unapplied_payment(self.buyer, amount)
        self._assert_credit_pages(invoices=80, credits=80, credit_notes=80)
        page_3 = self._page_queries("/my/pay/page/3", PAY_PAGE_CREDIT_QUERIES, True)
        self.assertEqual(page_3.text.count("o_payment_portal_invoice_row"), 80)
        self.assertEqual(page_3.text.count("o_payment_portal_credit_row"), 80)

    def _assert_credit_pages(self, invoices, credits, credit_notes):
        """The selection pages list ``invoices`` invoice rows and ``credits``
        credit rows, the Credit Notes filter ``credit_notes`` rows, each page
        in its exact number of queries."""
        for url in ("/my/pay?filterby=all&sortby=amount", "/my/pay"):
            page = self._page_queries(url, PAY_PAGE_CREDIT_QUERIES, exact=True)
            self.assertEqual(page.text.count("o_payment_portal_credit_row"), credits)
        # the unpaid invoices, credit notes left out (they are credits here)
        self.assertEqual(page.text.count("o_payment_portal_invoice_row"), invoices)
        page = self._page_queries(
            "/my/pay?filterby=credit", CREDIT_NOTES_PAGE_QUERIES, exact=True
        )
        self.assertEqual(page.text.count("o_payment_portal_invoice_row"), credit_notes)
        self.assertNotIn("o_payment_portal_credit_row", page.text)
