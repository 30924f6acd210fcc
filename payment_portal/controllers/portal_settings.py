# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The company's portal settings, enforced on the routes: address and email
management, and the public landing page."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.portal.controllers.portal import CustomerPortal


class PaymentPortalSettings(CustomerPortal):
    def _payment_portal_address_refusal(self):
        company = request.env.company
        return request.env._(
            "Your addresses are managed by %(company)s: contact them to change one.",
            company=company.name,
        )

    @staticmethod
    def _payment_portal_check_partner_id(partner_id):
        """Odoo's address routes convert the id with ``int()``: anything else
        would be a server error; it is an address that does not exist."""
        if partner_id in (None, False, ""):
            return
        if (
            isinstance(partner_id, str)
            and partner_id.isascii()
            and partner_id.isdecimal()
        ):
            partner_id = int(partner_id)
        if not isinstance(partner_id, int) or not 0 < partner_id < 2**31:
            raise NotFound()

    @http.route()
    def portal_address(self, *args, **kwargs):
        """Override of `portal` to refuse address management when the company turned it
        off, and an id that is not an integer."""
        if not request.env.company.payment_portal_manage_address:
            raise Forbidden(self._payment_portal_address_refusal())
        self._payment_portal_check_partner_id(kwargs.get("partner_id"))
        return super().portal_address(*args, **kwargs)

    @http.route()
    def portal_address_submit(self, partner_id=None, **form_data):
        """Override of `portal` to refuse a partner id that is not an integer."""
        self._payment_portal_check_partner_id(partner_id)
        return super().portal_address_submit(partner_id=partner_id, **form_data)

    @http.route()
    def address_archive(self, partner_id=None):
        """Override of `portal` to refuse archiving addresses when the company turned
        address management off, and a missing or malformed id."""
        if not request.env.company.payment_portal_manage_address:
            raise UserError(self._payment_portal_address_refusal())
        if isinstance(partner_id, bool) or not partner_id:
            raise NotFound()
        self._payment_portal_check_partner_id(partner_id)
        return super().address_archive(partner_id)

    def _validate_address_values(self, address_values, partner_sudo, *args, **kwargs):
        """Override of `portal`.

        The primary email is the login: refuse one another account uses.
        Portal forms (not the shop's checkout, which needs an address to
        deliver): addresses and emails change only when the company allows."""
        invalid_fields, missing_fields, error_messages = (
            super()._validate_address_values(
                address_values, partner_sudo, *args, **kwargs
            )
        )
        new_email = email_normalize(address_values.get("email") or "")
        if (
            partner_sudo
            and new_email
            and "email" not in invalid_fields
            and new_email != email_normalize(partner_sudo.email or "")
            and request.env["res.users"]._payment_portal_login_owner(
                new_email, partner=partner_sudo
            )
        ):
            invalid_fields.add("email")
            error_messages.append(
                request.env._(
                    "This email address is already used to sign in by another "
                    "account. Choose another email address."
                )
            )
        if not request.httprequest.path.startswith("/my/"):
            return invalid_fields, missing_fields, error_messages
        company = request.env.company
        if not company.payment_portal_manage_address:
            invalid_fields.add("street")
            error_messages.append(self._payment_portal_address_refusal())
        elif (
            partner_sudo
            and not company.payment_portal_manage_emails
            and email_normalize(address_values.get("email") or "")
            != email_normalize(partner_sudo.email or "")
        ):
            invalid_fields.add("email")
            error_messages.append(
                request.env._(
                    "Your email addresses are managed by %(company)s: contact "
                    "them to change one.",
                    company=company.name,
                )
            )
        return invalid_fields, missing_fields, error_messages

    @http.route(
        "/payment_portal/landing/<int:company_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def payment_portal_landing(self, company_id, **kwargs):
        """The landing page admins embed in their website: logo, colour, text,
        sign-in. Only the sites admins list may frame it."""
        # sudo: the public page shows the company's public branding only.
        company_sudo = request.env["res.company"].sudo().browse(company_id).exists()
        if not company_sudo or not company_sudo.payment_portal_enabled:
            raise NotFound()
        response = request.render(
            "payment_portal.payment_portal_landing",
            {
                "company_sudo": company_sudo,
                "payment_portal_company_sudo": company_sudo,
                "no_header": True,
                "no_footer": True,
            },
        )
        origins = company_sudo._payment_portal_frame_origins()
        response.headers["Content-Security-Policy"] = "frame-ancestors " + " ".join(
            ["'self'", *origins]
        )
        if not origins:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
