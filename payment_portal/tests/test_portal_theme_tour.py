# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPortalThemeTour(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoice = cls._invoice(cls.customer, 120.0, ref="TOUR-T")

    def test_admin_brands_the_portal_then_the_customer_sees_it(self):
        self.start_tour(
            "/odoo/settings", "payment_portal_settings_theme", login="admin"
        )
        company = self.env.company
        self.assertEqual(company.payment_portal_color, "#1f6f8b")
        link = company.payment_portal_link_ids
        self.assertEqual(
            (link.name, link.url, link.new_window),
            ("Customer survey", "https://survey.example.com/harbor", True),
        )
        self.start_tour(
            "/my/pay", "payment_portal_customer_theme", login=self.buyer_user.login
        )
