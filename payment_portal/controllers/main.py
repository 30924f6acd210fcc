# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.auth_signup.controllers.main import AuthSignupHome


class PaymentPortalSignup(AuthSignupHome):
    """Expired or used activation links get a clear page and a way out."""

    def _render_invalid_link(self, **values):
        response = request.render("payment_portal.portal_link_invalid", values)
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    @http.route()
    def web_auth_signup(self, *args, **kw):
        """Override of `auth_signup` to answer an expired or used link with the "new
        link" page, and a form posted without a login or password with a message
        instead of a server error."""
        if kw.get("token") and self.get_auth_signup_qcontext().get("invalid_token"):
            return self._render_invalid_link()
        if request.httprequest.method == "POST" and not all(
            isinstance(kw.get(key), str) and kw[key].strip()
            for key in ("login", "password")
        ):
            # Odoo would try to create a user without a login (a server error)
            qcontext = self.get_auth_signup_qcontext()
            if qcontext.get("token") or qcontext.get("signup_enabled"):
                qcontext["error"] = request.env._(
                    "Enter your email address and choose a password."
                )
                response = request.render("auth_signup.signup", qcontext)
                response.headers["X-Frame-Options"] = "SAMEORIGIN"
                response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
                return response
        return super().web_auth_signup(*args, **kw)

    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        """Override of `auth_signup` to answer an expired or used link with the "new
        link" page."""
        if kw.get("token") and self.get_auth_signup_qcontext().get("invalid_token"):
            return self._render_invalid_link()
        return super().web_auth_reset_password(*args, **kw)

    @http.route(
        "/portal/activation/request",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def portal_activation_request(self, email="", **kw):
        """Queue a new link for a portal login; never tell whether it exists."""
        if not email_normalize(email):
            return self._render_invalid_link(
                email=email,
                error=request.env._("Enter a valid email address."),
            )
        request.env["res.partner"]._portal_request_new_link(email)
        return self._render_invalid_link(
            message=request.env._(
                "If a customer account signs in with this email address, a new "
                "link is on its way. Check your inbox."
            )
        )
