# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import time
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from ..models.res_partner_pay_link import PayLinkError
from .common import PaymentPortalActivationMixin, PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPayLinks(
    PaymentPortalPayMixin, PaymentPortalActivationMixin, TransactionCase
):
    """Signed, expiring links to pay one customer's invoices without signing
    in: made, checked, expired, revoked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.Partner = cls.env["res.partner"]

    def _link(self, partner=None, invoices=None):
        url, _expiry = (partner or self.buyer)._payment_portal_pay_link(invoices)
        path = url.split("/pay/", 1)[1]
        customer, expiry, signature = path.split("/")
        return int(customer), int(expiry), signature

    def _days_left(self, expiry):
        today = fields.Date.context_today(self.Partner)
        return (datetime.fromtimestamp(expiry).date() - today).days

    def test_a_link_opens_its_customer_only(self):
        customer, expiry, signature = self._link()
        self.assertEqual(
            customer, self.customer.id, "made for the company, not the contact"
        )
        self.assertEqual(
            self.Partner._payment_portal_check_pay_link(customer, expiry, signature),
            self.customer,
        )
        for tampered in (
            (self.rival.id, expiry, signature),  # another customer
            (self.buyer.id, expiry, signature),  # a contact, not the customer
            (customer, expiry + 86400, signature),  # a longer life
            (customer, expiry, signature[:-1] + ("0" if signature[-1] != "0" else "1")),
            (customer, expiry, ""),
            (customer, expiry, None),
            (987654321, expiry, signature),
        ):
            with (
                self.subTest(tampered=tampered),
                self.assertRaises(PayLinkError) as error,
            ):
                self.Partner._payment_portal_check_pay_link(*tampered)
            self.assertEqual(error.exception.kind, "invalid")

    def test_expiry_follows_the_due_dates(self):
        # no invoice: 30 days from today
        self.assertEqual(self._days_left(self._link()[1]), 30)
        # 30 days after the latest due date
        later = self._invoice(self.customer, 10.0, due_in_days=20)
        soon = self._invoice(self.customer, 10.0, due_in_days=5)
        self.assertEqual(self._days_left(self._link(invoices=later | soon)[1]), 50)
        # at most 120 days, at least 7
        far = self._invoice(self.customer, 10.0, due_in_days=200)
        self.assertEqual(self._days_left(self._link(invoices=far)[1]), 120)
        old = self._invoice(self.customer, 10.0, due_in_days=-60)
        self.assertEqual(self._days_left(self._link(invoices=old)[1]), 7)

    def test_an_expired_link_is_refused_as_expired(self):
        customer = self.customer
        expiry = int(time.time()) - 60
        signature = customer._payment_portal_pay_link_signature(expiry)
        with self.assertRaises(PayLinkError) as error:
            self.Partner._payment_portal_check_pay_link(customer.id, expiry, signature)
        self.assertEqual(error.exception.kind, "expired")

    def test_revoking_kills_every_earlier_link(self):
        first = self._link()
        second = self._link(partner=self.colleague)
        self.buyer.action_payment_portal_revoke_pay_links()
        for link in (first, second):
            with self.assertRaises(PayLinkError):
                self.Partner._payment_portal_check_pay_link(*link)
        self.assertIn("Pay links revoked", self.customer.message_ids[0].body)
        # a new link works again
        self.assertEqual(
            self.Partner._payment_portal_check_pay_link(*self._link()), self.customer
        )

    def test_staff_copy_the_link(self):
        due = self._invoice(self.customer, 10.0, due_in_days=10)
        action = self.buyer.action_payment_portal_copy_pay_link()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertIn(f"/pay/{self.customer.id}/", wizard.url)
        self.assertEqual(
            wizard.expiry.date(),
            due.invoice_date_due + timedelta(days=30),
        )
        wizard.action_revoke()
        customer, expiry, signature = wizard.url.split("/pay/", 1)[1].split("/")
        with self.assertRaises(PayLinkError):
            self.Partner._payment_portal_check_pay_link(
                int(customer), int(expiry), signature
            )
