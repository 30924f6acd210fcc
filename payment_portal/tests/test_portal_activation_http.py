# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from datetime import timedelta
from urllib.parse import urlsplit

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from .common import PaymentPortalActivationMixin

INVALID_LINK_TEXT = "This link is no longer valid"


@tagged("post_install", "-at_install")
class TestPortalActivationHttp(PaymentPortalActivationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_activation_data()

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _invite(self, partner):
        partner.with_user(self.invoicing_user).action_portal_send_activation()
        link = self._extract_link(self._queued_link_mails(partner)[-1])
        split = urlsplit(link)
        return f"{split.path}?{split.query}"

    def _activate(self, path, password="Blue-Ocean-2026"):
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="confirm_password"', page.text)
        query = self._link_query(path)
        return self.url_open(
            "/web/signup",
            data={
                "csrf_token": self._csrf(page.text),
                "token": query["token"],
                "redirect": query["redirect"],
                "login": self.customer_contact.email,
                "name": self.customer_contact.name,
                "password": password,
                "confirm_password": password,
            },
        )

    def test_activation_link_sets_password_and_lands_on_my(self):
        path = self._invite(self.customer_contact)
        response = self._activate(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(urlsplit(response.url).path, "/my")
        user = self.customer_contact.user_ids
        self.assertTrue(user.login_date, "the customer is signed in")
        self.customer_contact.invalidate_recordset()
        self.assertEqual(self.customer_contact.portal_access_state, "active")

        # the same link is dead now, and shows the way to a new one
        self.url_open("/web/session/logout")
        again = self.url_open(path)
        self.assertIn(INVALID_LINK_TEXT, again.text)
        self.assertNotIn('name="confirm_password"', again.text)

    def test_invalid_link_never_logs_in(self):
        self.authenticate(None, None)
        for route in ("/web/signup", "/web/reset_password"):
            with self.subTest(route=route):
                page = self.url_open(f"{route}?token=forged.token.value")
                self.assertEqual(page.status_code, 200)
                self.assertIn(INVALID_LINK_TEXT, page.text)
                self.assertIn("/portal/activation/request", page.text)
                self.assertEqual(page.headers["X-Frame-Options"], "SAMEORIGIN")
                posted = self.url_open(
                    route,
                    data={
                        "csrf_token": self._csrf(page.text),
                        "token": "forged.token.value",
                        "login": self.customer_contact.email,
                        "password": "Whatever-123",
                        "confirm_password": "Whatever-123",
                    },
                )
                self.assertIn(INVALID_LINK_TEXT, posted.text)
                my_page = self.url_open("/my")
                self.assertEqual(
                    urlsplit(my_page.url).path, "/web/login", "not signed in"
                )

    def test_expired_link_page_requests_a_new_link(self):
        path = self._invite(self.customer_contact)
        # the link was sent long ago and the customer asks for a new one
        self.customer_contact.sudo().portal_link_sent_date = (
            fields.Datetime.now() - timedelta(hours=2)
        )
        page = self.url_open("/web/signup?token=expired.or.used")
        for email in ("jane.doe@blueocean.example.com", "unknown@example.com"):
            response = self.url_open(
                "/portal/activation/request",
                data={"csrf_token": self._csrf(page.text), "email": email},
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("a new link is on its way", response.text)
        mails = self._queued_link_mails(self.customer_contact)
        self.assertEqual(len(mails), 2, "one new link, for the known login only")
        new_token = self._link_query(self._extract_link(mails[-1]))["token"]
        self.assertTrue(self.env["res.partner"].sudo()._signup_retrieve_info(new_token))
        self.assertIn("/web/signup?", path)

        bad = self.url_open(
            "/portal/activation/request",
            data={"csrf_token": self._csrf(page.text), "email": "not an email"},
        )
        self.assertIn("Enter a valid email address", bad.text)

    def test_activation_request_requires_csrf(self):
        self.authenticate(None, None)
        response = self.url_open(
            "/portal/activation/request",
            data={"email": "jane.doe@blueocean.example.com"},
        )
        self.assertEqual(response.status_code, 400)

    def test_email_change_in_portal_moves_the_login(self):
        path = self._invite(self.customer_contact)
        self._activate(path, password="Blue-Ocean-2026")
        self.authenticate("jane.doe@blueocean.example.com", "Blue-Ocean-2026")
        contact = self.customer_contact
        address = {
            "partner_id": str(contact.id),
            "name": contact.name,
            "street": "1 Quay Street",
            "city": "Cork",
            "zipcode": "T12",
            "country_id": str(self.env.ref("base.ie").id),
            "phone": "+353 21 000 0000",
        }
        page = self.url_open("/my/account")
        csrf = self._csrf(page.text)

        self.portal_user.login = "taken@example.com"
        clash = self.url_open(
            "/my/address/submit",
            data={**address, "email": "Taken@example.com", "csrf_token": csrf},
        )
        self.assertIn("already used to sign in", clash.text)
        self.assertEqual(contact.user_ids.login, "jane.doe@blueocean.example.com")
        self.assertEqual(contact.email, "jane.doe@blueocean.example.com")

        moved = self.url_open(
            "/my/address/submit",
            data={
                **address,
                "email": "jane@new-domain.example.com",
                "csrf_token": csrf,
            },
        )
        self.assertIn("redirectUrl", moved.text)
        self.assertEqual(contact.user_ids.login, "jane@new-domain.example.com")
        # and the new login works
        self.authenticate("jane@new-domain.example.com", "Blue-Ocean-2026")
        self.assertEqual(self.url_open("/my").status_code, 200)

    def test_portal_and_public_users_cannot_call_the_staff_actions(self):
        """Over RPC, as a browser session would: refused, nothing created."""
        methods = [
            "action_portal_send_activation",
            "action_portal_resend_activation",
            "action_portal_reset_password",
            "action_portal_revoke_access",
        ]
        # a portal user reaches the method and is refused by it; the public
        # user is refused by the route (no session)
        for login, expected in (
            ("pp_portal", "odoo.exceptions.AccessError"),
            (None, "odoo.http.SessionExpiredException"),
        ):
            self.authenticate(login, login)
            for method in methods:
                with (
                    self.subTest(login=login, method=method),
                    self.assertRaises(JsonRpcException) as catcher,
                ):
                    self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/res.partner/{method}",
                        {
                            "model": "res.partner",
                            "method": method,
                            "args": [[self.customer_contact.id]],
                            "kwargs": {},
                        },
                    )
                self.assertIn(expected, str(catcher.exception))
        self.assertFalse(self.customer_contact.with_context(active_test=False).user_ids)
        self.assertFalse(self._queued_link_mails(self.customer_contact))
