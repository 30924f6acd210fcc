# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalStatementMixin


@tagged("post_install", "-at_install")
class TestStatementTour(PaymentPortalStatementMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statement_data()
        cls.company.payment_portal_statement_monthly = True
        cls._dated_invoice(cls.customer, 500.0, 45).ref = "TOUR-STMT-OLD"
        cls._dated_invoice(cls.buyer, 250.0, 10).ref = "TOUR-STMT-NEW"
        cls._dated_invoice(cls.rival, 999.0, 10).ref = "TOUR-STMT-RIVAL"

    def test_statement_tab_activity_and_download(self):
        self.start_tour(
            "/my/pay", "payment_portal_statement", login=self.buyer_user.login
        )
        self.assertTrue(self.customer.payment_portal_statement_monthly)
