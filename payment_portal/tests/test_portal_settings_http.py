# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Every portal setting, on and off, enforced on the routes (not only hidden
in the pages), as a customer signed in to the portal."""

import base64
import io
import json
import re
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


def _image(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 111, 139)).save(buffer, format=image_format)
    return base64.b64encode(buffer.getvalue())


class PortalSettingsHttpCase(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    """A customer signed in to the portal, an invoice; the company's settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.country = cls.env.ref("base.be")
        cls.buyer.write(
            {
                "street": "1 Harbor Road",
                "city": "Antwerp",
                "country_id": cls.country.id,
                "phone": "+32 3 000 00 00",
            }
        )
        cls.invoice = cls._invoice(cls.customer, 120.0)

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _csrf(self):
        page = self.url_open("/my")
        return re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def _set(self, **values):
        self.company.write(values)
        self.env.flush_all()

    # ------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestPortalSettingsHttp(PortalSettingsHttpCase):
    # Enable access

    def test_portal_disabled_answers_not_found(self):
        routes = (
            "/my/pay",
            "/my/payments",
            "/my/payment_profiles",
            "/my/pay/scheduled",
            f"/payment_portal/landing/{self.company.id}",
        )
        for route in routes:
            self.assertEqual(self.url_open(route).status_code, 200, route)
        self._set(payment_portal_enabled=False)
        for route in routes:
            self.assertEqual(self.url_open(route).status_code, 404, route)
        response = self.url_open(
            "/my/pay/checkout",
            data={"invoice_ids": str(self.invoice.id), "csrf_token": "x"},
        )
        self.assertEqual(response.status_code, 404)
        home = self.url_open("/my").text
        self.assertNotIn('href="/my/pay"', home)
        self.assertNotIn('href="/my/payments"', home)
        # Activation links are not offered, nor can they be requested.
        self.authenticate(None, None)
        response = self.url_open(
            "/portal/activation/request", data={"email": "ap@harbor.example.com"}
        )
        self.assertEqual(response.status_code, 404)
        prospect = self.env["res.partner"].create(
            {"name": "New Customer", "email": "new@customer.example.com"}
        )
        self.assertFalse(prospect.payment_portal_enabled)
        with self.assertRaisesRegex(UserError, "turned off"):
            prospect.action_portal_send_activation()
        self.assertFalse(prospect.user_ids)
        self._set(payment_portal_enabled=True)
        prospect.invalidate_recordset()
        self.assertTrue(prospect.payment_portal_enabled)

    # ------------------------------------------------------------------
    # Addresses and emails

    def _submit_address(self, partner, **changes):
        values = {
            "partner_id": partner.id or "",
            "address_type": "billing",
            "name": partner.name,
            "email": partner.email,
            "phone": partner.phone,
            "street": partner.street,
            "city": partner.city,
            "zip": partner.zip or "2000",
            "country_id": partner.country_id.id,
            "csrf_token": self._csrf(),
            **changes,
        }
        response = self.url_open("/my/address/submit", data=values)
        self.env.invalidate_all()
        return response

    def test_manage_address_off_refuses_every_change(self):
        delivery = self.env["res.partner"].create(
            {
                "name": "Dock 4",
                "parent_id": self.customer.id,
                "type": "delivery",
                "street": "4 Dock Street",
                "city": "Antwerp",
                "country_id": self.country.id,
            }
        )
        self._set(payment_portal_manage_address=False)
        self.assertEqual(self.url_open("/my/address").status_code, 403)
        response = self._submit_address(self.buyer, street="99 Other Street")
        self.assertIn("managed by", json.loads(response.text)["messages"][0])
        self.assertEqual(self.buyer.street, "1 Harbor Road")
        new = self._submit_address(
            self.env["res.partner"],
            name="New Place",
            email="new.place@harbor.example.com",
            phone="+32 3 111 11 11",
            street="5 New Street",
            city="Ghent",
            country_id=self.country.id,
        )
        self.assertIn("messages", json.loads(new.text))
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "New Place")]),
        )
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.make_jsonrpc_request(
                "/my/address/archive", {"partner_id": delivery.id}
            )
        self.assertTrue(delivery.active)
        # Addresses remain readable.
        self.assertEqual(self.url_open("/my/addresses").status_code, 200)

    def test_manage_address_on_changes_the_address(self):
        self._set(payment_portal_manage_address=True)
        self.assertEqual(self.url_open("/my/address").status_code, 200)
        response = self._submit_address(self.buyer, street="99 Other Street")
        self.assertIn("redirectUrl", json.loads(response.text))
        self.assertEqual(self.buyer.street, "99 Other Street")

    def test_manage_emails_off_refuses_an_email_change(self):
        self._set(
            payment_portal_manage_address=True, payment_portal_manage_emails=False
        )
        response = self._submit_address(self.buyer, email="hannah@new.example.com")
        self.assertIn("email addresses are managed", response.text)
        self.assertEqual(self.buyer.email, "hannah@harbor.example.com")
        self.assertEqual(self.buyer_user.login, "hannah@harbor.example.com")

    def test_manage_emails_on_changes_the_email_and_login(self):
        self._set(payment_portal_manage_address=True, payment_portal_manage_emails=True)
        response = self._submit_address(self.buyer, email="hannah@new.example.com")
        self.assertIn("redirectUrl", json.loads(response.text))
        self.assertEqual(self.buyer.email, "hannah@new.example.com")
        self.assertEqual(self.buyer_user.login, "hannah@new.example.com")

    # ------------------------------------------------------------------
    # Invoice visibility

    def test_future_invoices_hidden_everywhere(self):
        tomorrow = fields.Date.today() + timedelta(days=1)
        term = self.env["account.payment.term"].create(
            {
                "name": "30/70",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )
        future = self._invoice(
            self.customer,
            75.0,
            invoice_date=tomorrow,
            invoice_payment_term_id=term.id,
        )
        future._portal_ensure_token()
        token = future.access_token
        routes = {
            "list": "/my/invoices",
            "selection": "/my/pay?filterby=all",
        }
        for name, route in routes.items():
            self.assertIn(future.name, self.url_open(route).text, name)
        self._set(payment_portal_hide_future_invoices=True)
        for name, route in routes.items():
            page = self.url_open(route).text
            self.assertNotIn(future.name, page, name)
            self.assertIn(self.invoice.name, page, name)
        for url in (
            f"/my/invoices/{future.id}",
            f"/my/invoices/{future.id}?report_type=pdf&download=true",
            f"/my/invoices/{future.id}?access_token={token}",
        ):
            response = self.url_open(url)
            self.assertNotIn(future.name, response.text, url)
            self.assertTrue(response.url.endswith("/my"), url)
        response = self.url_open(f"/report/pdf/account.report_invoice/{future.id}")
        self.assertNotEqual(response.status_code, 200)
        response = self.url_open(
            "/my/pay/checkout",
            data={"invoice_ids": str(future.id), "csrf_token": self._csrf()},
        )
        self.assertIn("cannot be paid here", response.text)
        # Its installments still show in the Scheduled tab.
        scheduled = self.url_open("/my/pay/scheduled").text
        self.assertIn("o_payment_portal_term_installments", scheduled)
        self.assertIn(future.name, scheduled)
        # A link opened without signing in: hidden as well.
        self.authenticate(None, None)
        response = self.url_open(f"/my/invoices/{future.id}?access_token={token}")
        self.assertNotIn(future.name, response.text)
        # Staff still see it.
        self.assertIn(
            future, self.env["account.move"].with_user(self.env.user).search([])
        )

    # ------------------------------------------------------------------
    # Theme colour, links, logo

    def test_theme_colour(self):
        page = self.url_open("/my/pay").text
        self.assertNotIn("data-payment-portal-theme", page)
        self._set(payment_portal_color="#1F6F8B")
        for route in ("/my/pay", "/my", f"/payment_portal/landing/{self.company.id}"):
            page = self.url_open(route).text
            self.assertIn('data-payment-portal-theme="1"', page, route)
            self.assertIn("--o-pp-color: #1f6f8b", page, route)
            self.assertIn("--o-pp-contrast: #ffffff", page, route)
        for bad in ("red", "#12345", "#1f6f8b; background: url(x)", "expression()"):
            with self.assertRaises(ValidationError, msg=bad):
                self._set(payment_portal_color=bad)

    def test_additional_links(self):
        Link = self.env["payment.portal.link"]
        Link.create(
            [
                {
                    "name": "Our website",
                    "url": " https://www.harbor-vendor.example.com ",
                    "sequence": 2,
                },
                {
                    "name": "Satisfaction survey",
                    "url": "https://survey.example.com/s/1",
                    "new_window": True,
                    "sequence": 1,
                },
            ]
        )
        page = self.url_open("/my").text
        survey = page.index("Satisfaction survey")
        self.assertLess(survey, page.index("Our website"), "ordered")
        links = re.search(r"<nav[^>]*o_payment_portal_links.*?</nav>", page, re.DOTALL)
        self.assertTrue(links, "the links are in the portal's navigation")
        self.assertIn(
            '<a class="nav-link px-0" target="_blank" rel="noopener noreferrer" '
            'href="https://survey.example.com/s/1">Satisfaction survey</a>',
            links.group(0),
        )
        self.assertIn('href="https://www.harbor-vendor.example.com"', page)
        for bad in (
            "javascript:alert(1)",
            "ftp://files.example.com",
            "www.example.com",
            "https://",
            "data:text/html,hi",
            "https://exa mple.com",
        ):
            with self.assertRaises(ValidationError, msg=bad):
                Link.create({"name": "Bad", "url": bad})

    def test_logo_accepts_images_only(self):
        Image.init()
        formats = ["PNG", "JPEG", "GIF"] + (["WEBP"] if "WEBP" in Image.SAVE else [])
        for image_format in formats:
            self._set(payment_portal_logo=_image(image_format))
            self.assertTrue(self.company.payment_portal_logo, image_format)
        self._set(payment_portal_logo=_image("PNG"))
        kept = self.company.payment_portal_logo
        refused = {
            "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
            "script renamed .png": b"#!/bin/sh\nrm -rf /\n",
            "svg with script": b'<svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "plain svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        }
        for name, data in refused.items():
            # ValidationError (ours) or UserError (Odoo's image decoding).
            with (
                self.assertRaises(UserError, msg=name),
                self.env.cr.savepoint(),
            ):
                self._set(payment_portal_logo=base64.b64encode(data))
            self.company.invalidate_recordset()
            self.assertEqual(self.company.payment_portal_logo, kept, name)
        landing = self.url_open(f"/payment_portal/landing/{self.company.id}").text
        self.assertIn("o_payment_portal_logo", landing)

    # ------------------------------------------------------------------
    # Landing page and framing

    def test_landing_page_framing(self):
        landing = f"/payment_portal/landing/{self.company.id}"
        self._set(payment_portal_landing_text="Pay your Harbor invoices here.")
        response = self.url_open(landing)
        self.assertIn("Pay your Harbor invoices here.", response.text)
        self.assertIn('target="_top"', response.text)
        self.assertEqual(
            response.headers["Content-Security-Policy"], "frame-ancestors 'self'"
        )
        self.assertEqual(response.headers["X-Frame-Options"], "SAMEORIGIN")
        self._set(
            payment_portal_frame_origins="https://www.harbor-vendor.example.com/\n"
            "https://*.partner.example.com:8443"
        )
        response = self.url_open(landing)
        csp = response.headers["Content-Security-Policy"]
        self.assertEqual(
            csp,
            "frame-ancestors 'self' https://www.harbor-vendor.example.com "
            "https://*.partner.example.com:8443",
        )
        self.assertNotIn("X-Frame-Options", response.headers)
        self.assertNotIn("evil.example.com", csp)
        # Every other portal page still refuses to be framed by other sites.
        for route in ("/my", "/my/pay", "/my/payments", "/my/payment_profiles"):
            headers = self.url_open(route).headers
            self.assertEqual(
                headers["Content-Security-Policy"], "frame-ancestors 'self'", route
            )
            self.assertEqual(headers["X-Frame-Options"], "SAMEORIGIN", route)
        for bad in (
            "https://a.example.com/path",
            "javascript:alert(1)",
            "https://a.example.com; script-src *",
            "a.example.com",
            "https://user:pw@a.example.com",
            "*",
        ):
            with self.assertRaises(ValidationError, msg=bad):
                self._set(payment_portal_frame_origins=bad)
        # Unknown company: not found.
        missing = self.url_open("/payment_portal/landing/999999")
        self.assertEqual(missing.status_code, 404)

    def test_embed_codes_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        url = f"{self.company.get_base_url()}/payment_portal/landing/{self.company.id}"
        self.assertIn(f'<iframe src="{url}"', settings.payment_portal_embed_code)
        self.assertEqual(
            settings.payment_portal_landing_link,
            f'<a href="{url}">Pay your invoices online</a>',
        )
        self.assertEqual(
            self.url_open(url.replace(self.company.get_base_url(), "")).status_code,
            200,
        )
