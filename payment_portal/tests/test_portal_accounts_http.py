# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The portal settings of sign-in and emails, on and off, enforced on the
routes: sign-in with the account number, the portal link in the customers'
emails, the billing emails the customer manages."""

import re

import odoo
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_portal_settings_http import PortalSettingsHttpCase


@tagged("post_install", "-at_install")
class TestPortalAccountsHttp(PortalSettingsHttpCase):
    # ------------------------------------------------------------------
    # Sign in with the account number

    def _login(self, login, password):
        """The portal's sign-in form, as a browser posts it; the uid signed in
        (``None`` when refused) and the page."""
        self.authenticate(None, None)
        page = self.url_open("/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
        )
        sid = self.opener.cookies.get("session_id")
        session = sid and odoo.http.root.session_store.get(sid)
        return session and session.uid, response

    def test_sign_in_with_account_number(self):
        self.customer.ref = "HARBOR-0042"
        self.env.flush_all()
        # Off: the account number is no login.
        uid, response = self._login("HARBOR-0042", self.password)
        self.assertFalse(uid)
        wrong = re.search(r"Wrong login/password", response.text)
        self.assertTrue(wrong)
        self._set(payment_portal_login_ref=True)
        self.assertIn("Email or account number", self.url_open("/web/login").text)
        uid, response = self._login(" HARBOR-0042 ", self.password)
        self.assertEqual(uid, self.buyer_user.id)
        self.assertTrue(response.url.endswith(("/my", "/odoo", "/web")), response.url)
        # The email still works.
        uid, _response = self._login(self.buyer_user.login, self.password)
        self.assertEqual(uid, self.buyer_user.id)
        # Wrong password, unknown number: the same generic error.
        for login, password in (
            ("HARBOR-0042", "not-the-password"),
            ("HARBOR-9999", self.password),
        ):
            uid, response = self._login(login, password)
            self.assertFalse(uid, login)
            self.assertIn("Wrong login/password", response.text, login)
        # Ambiguous (two portal users in the company) and inactive: refused.
        colleague_user = self.env["res.users"].create(
            {
                "name": "Colin Colleague",
                "login": "colin@harbor.example.com",
                "partner_id": self.colleague.id,
                "password": self.password,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.env.flush_all()
        uid, response = self._login("HARBOR-0042", self.password)
        self.assertFalse(uid)
        self.assertIn("Wrong login/password", response.text)
        colleague_user.active = False
        self.buyer_user.active = False
        self.env.flush_all()
        uid, response = self._login("HARBOR-0042", self.password)
        self.assertFalse(uid)
        self.assertIn("Wrong login/password", response.text)

    def test_account_number_cooldown(self):
        """Odoo's lockout after failed attempts holds for account numbers."""
        self.customer.ref = "HARBOR-0042"
        self._set(payment_portal_login_ref=True)
        self.env["ir.config_parameter"].sudo().set_param("base.login_cooldown_after", 2)
        self.env.flush_all()
        for _attempt in range(3):
            uid, _response = self._login("HARBOR-0042", "not-the-password")
            self.assertFalse(uid)
        uid, response = self._login("HARBOR-0042", self.password)
        self.assertFalse(uid, "locked out despite the right password")
        self.assertIn("Too many login failures", response.text)
        # counted in the database, for every worker (see test_login_cooldown_http)
        failures = self.env["payment.portal.login.failure"].sudo()
        self.assertEqual(failures.search([("source", "=", "127.0.0.1")]).failures, 2)

    def test_account_numbers_unique_per_company(self):
        self.customer.ref = "HARBOR-0042"
        self.rival.ref = "HARBOR-0042"
        with self.assertRaisesRegex(ValidationError, "HARBOR-0042"):
            self._set(payment_portal_login_ref=True)
        self.rival.ref = "RIVAL-0001"
        self._set(payment_portal_login_ref=True)
        with self.assertRaisesRegex(ValidationError, "already the Reference"):
            self.rival.ref = "HARBOR-0042"
        # Contacts of a company carry no account number of their own.
        self.buyer.ref = "HARBOR-0042"

    # ------------------------------------------------------------------
    # Portal link in emails

    def _sent_bodies(self, partner):
        """The body each recipient of the last mail to ``partner`` receives."""
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", partner.ids)], order="id desc", limit=1)
        )
        self.assertTrue(mail)
        return {
            values["partner_id"]: values["body"]
            for values in mail._prepare_outgoing_list()
            if values["partner_id"]
        }

    def test_portal_link_in_customer_emails(self):
        staff = self.env.ref("base.partner_admin")
        self.invoice.message_subscribe(partner_ids=[self.buyer.id, staff.id])

        def notify():
            self.invoice.message_post(
                body="Your invoice is ready.",
                partner_ids=[self.buyer.id, staff.id],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            return self._sent_bodies(self.buyer)

        bodies = notify()
        self.assertNotIn("payment_portal_email_link", bodies[self.buyer])
        self._set(payment_portal_email_link=True)
        bodies = notify()
        url = f"{self.company.get_base_url()}/my"
        self.assertIn(f'href="{url}"', bodies[self.buyer])
        self.assertIn("customer portal", bodies[self.buyer])
        # Staff and customers without portal access get no portal link.
        self.assertNotIn("payment_portal_email_link", bodies.get(staff, ""))
        self.assertNotIn("/payment_portal/email_link", bodies.get(staff, ""))
        # Emails sent from templates through a layout carry it too.
        template = self.env.ref("account.email_template_edi_invoice")
        template.send_mail(
            self.invoice.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values={"recipient_ids": [(6, 0, self.buyer.ids)]},
        )
        self.assertIn(f'href="{url}"', self._sent_bodies(self.buyer)[self.buyer])

    # ------------------------------------------------------------------
    # Billing email addresses

    def _post_billing(self, url, **data):
        response = self.url_open(url, data={**data, "csrf_token": self._csrf()})
        self.env.invalidate_all()
        return response

    def test_billing_emails_managed_by_the_customer(self):
        self._set(payment_portal_manage_emails=True)
        page = self.url_open("/my/billing_emails")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_payment_portal_billing_add", page.text)
        response = self._post_billing(
            "/my/billing_emails/add", name="Accounts", email="AP@Harbor.example.com"
        )
        self.assertIn("was added", response.text)
        contact = self.customer._payment_portal_billing_recipients()
        self.assertEqual(contact.email, "ap@harbor.example.com")
        self.assertEqual((contact.parent_id, contact.type), (self.customer, "invoice"))
        # Invalid and duplicate addresses: refused, nothing created.
        for email, error in (
            ("not-an-email", "not a valid email"),
            ("ap@harbor.example.com", "already receives"),
        ):
            response = self._post_billing("/my/billing_emails/add", email=email)
            self.assertIn(error, response.text)
        self.assertEqual(len(self.customer._payment_portal_billing_recipients()), 1)
        # Edit, then the invoice and a receipt go to it.
        self._post_billing(
            f"/my/billing_emails/{contact.id}/edit",
            name="Payables",
            email="payables@harbor.example.com",
        )
        self.assertEqual(
            (contact.name, contact.email), ("Payables", "payables@harbor.example.com")
        )
        recipients = self.invoice._message_get_default_recipients()[self.invoice.id]
        self.assertIn(contact.id, recipients["partner_ids"])
        tx = self._create_transaction(
            "redirect", partner_id=self.buyer.id, invoice_ids=[self.invoice.id]
        )
        tx._payment_portal_send_mail("receipt")
        mail = self._tx_mails(tx)
        self.assertEqual(mail.recipient_ids, self.buyer | contact)
        # Another customer's contact: not found, untouched.
        rival_contact = self.env["res.partner"].create(
            {
                "name": "Rival AP",
                "parent_id": self.rival.id,
                "email": "ap@rival.example.com",
                "payment_portal_billing_email": True,
            }
        )
        for url in (
            f"/my/billing_emails/{rival_contact.id}/edit",
            f"/my/billing_emails/{rival_contact.id}/delete",
        ):
            response = self._post_billing(url, email="mine@harbor.example.com")
            self.assertEqual(response.status_code, 404, url)
        self.assertEqual(rival_contact.email, "ap@rival.example.com")
        self.assertTrue(rival_contact.active)
        self.assertNotIn(
            "ap@rival.example.com", self.url_open("/my/billing_emails").text
        )
        # Remove.
        response = self._post_billing(f"/my/billing_emails/{contact.id}/delete")
        self.assertIn("was removed", response.text)
        self.assertFalse(self.customer._payment_portal_billing_recipients())
        # The primary email: the login follows, the customer stays signed in.
        response = self._post_billing(
            "/my/billing_emails/primary", email="hannah@harbor-new.example.com"
        )
        self.assertIn("Your email address was changed", response.text)
        self.assertEqual(self.buyer_user.login, "hannah@harbor-new.example.com")
        # Another account's login: refused, nothing changed.
        response = self._post_billing(
            "/my/billing_emails/primary", email=self.rival_user.login
        )
        self.assertIn("already used to sign in", response.text)
        self.assertEqual(self.buyer.email, "hannah@harbor-new.example.com")

    def test_billing_email_of_a_colleague_who_signs_in(self):
        """A colleague's login is theirs: removing it from the billing
        addresses keeps their contact; its email cannot be edited here."""
        self._set(payment_portal_manage_emails=True)
        colleague_user = self.env["res.users"].create(
            {
                "name": "Colin Colleague",
                "login": "colin@harbor.example.com",
                "partner_id": self.colleague.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.colleague.payment_portal_billing_email = True
        response = self._post_billing(
            f"/my/billing_emails/{self.colleague.id}/edit",
            email="mine@harbor.example.com",
        )
        self.assertIn("a colleague signs in", response.text)
        self.assertEqual(colleague_user.login, "colin@harbor.example.com")
        self._post_billing(f"/my/billing_emails/{self.colleague.id}/delete")
        self.assertTrue(self.colleague.active)
        self.assertFalse(self.colleague.payment_portal_billing_email)

    def test_billing_emails_read_only_when_off(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Accounts",
                "parent_id": self.customer.id,
                "type": "invoice",
                "email": "ap-team@harbor.example.com",
                "payment_portal_billing_email": True,
            }
        )
        self._set(payment_portal_manage_emails=False)
        page = self.url_open("/my/billing_emails").text
        self.assertIn("ap-team@harbor.example.com", page)
        self.assertNotIn("o_payment_portal_billing_add", page)
        self.assertNotIn("/my/billing_emails/primary", page)
        for url, data in (
            ("/my/billing_emails/add", {"email": "x@harbor.example.com"}),
            (
                f"/my/billing_emails/{contact.id}/edit",
                {"email": "y@harbor.example.com"},
            ),
            (f"/my/billing_emails/{contact.id}/delete", {}),
            ("/my/billing_emails/primary", {"email": "z@harbor.example.com"}),
        ):
            response = self._post_billing(url, **data)
            self.assertEqual(response.status_code, 403, url)
        self.assertEqual(contact.email, "ap-team@harbor.example.com")
        self.assertTrue(contact.active)
        self.assertEqual(self.buyer.email, "hannah@harbor.example.com")
        self.assertEqual(len(self.customer._payment_portal_billing_recipients()), 1)
