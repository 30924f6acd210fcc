# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from urllib.parse import urlsplit

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalActivationMixin


@tagged("post_install", "-at_install")
class TestPortalActivationTour(PaymentPortalActivationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_activation_data()

    def test_staff_sends_link_and_customer_activates(self):
        contact = self.customer_contact
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{contact.id}",
            "payment_portal_send_activation_link",
            login="pp_invoicing",
        )
        contact.invalidate_recordset()
        self.assertEqual(contact.portal_access_state, "invited")
        mail = self._queued_link_mails(contact)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, contact)

        link = urlsplit(self._extract_link(mail))
        self.start_tour(f"{link.path}?{link.query}", "payment_portal_activate_account")

        contact.invalidate_recordset()
        self.assertEqual(contact.portal_access_state, "active")
        self.assertTrue(contact.portal_last_login)
