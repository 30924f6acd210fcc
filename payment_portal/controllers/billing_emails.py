# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Billing email addresses: the customer's contacts that receive invoices and
receipts, and the customer's own primary email (their login follows)."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.portal.controllers.portal import CustomerPortal


class PaymentPortalBillingEmails(CustomerPortal):
    def _payment_portal_billing_messages(self):
        return {
            "added": request.env._("The billing email address was added."),
            "saved": request.env._("The billing email address was saved."),
            "removed": request.env._("The billing email address was removed."),
            "primary": request.env._(
                "Your email address was changed: sign in with it from now on."
            ),
        }

    def _payment_portal_billing_contacts_sudo(self):
        customer = request.env.user.partner_id.commercial_partner_id
        return customer._payment_portal_billing_recipients()

    def _payment_portal_billing_contact_sudo(self, contact_id):
        """One of the customer's billing addresses, or 404 (someone else's
        contact or no billing address: nothing to tell)."""
        contact_sudo = self._payment_portal_billing_contacts_sudo().filtered(
            lambda c: c.id == contact_id
        )
        if not contact_sudo or contact_sudo == request.env.user.partner_id:
            raise NotFound()
        return contact_sudo

    def _payment_portal_billing_check_allowed(self):
        if not request.env.company.payment_portal_manage_emails:
            raise Forbidden()

    def _payment_portal_billing_email(self, email):
        normalized = email_normalize(email or "", strict=True)
        if not normalized:
            raise UserError(
                request.env._(
                    "“%(email)s” is not a valid email address.", email=email or ""
                )
            )
        return normalized

    def _payment_portal_billing_render(self, error=None, message=None, values=None):
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_billing_emails",
            "partner_sudo": request.env.user.partner_id,
            "contacts_sudo": self._payment_portal_billing_contacts_sudo()
            - request.env.user.partner_id,
            "can_manage": request.env.company.payment_portal_manage_emails,
            "error": error,
            "message": self._payment_portal_billing_messages().get(message),
            "form": values or {},
        }
        return request.render("payment_portal.portal_billing_emails", values)

    @http.route(
        "/my/billing_emails", type="http", auth="user", website=True, readonly=True
    )
    def portal_billing_emails(self, message=None, **kwargs):
        return self._payment_portal_billing_render(message=message)

    def _payment_portal_billing_apply(self, action, form):
        """Run ``action`` in a savepoint: any refusal changes nothing and
        shows the page again with the error."""
        self._payment_portal_billing_check_allowed()
        try:
            with request.env.cr.savepoint():
                message = action()
        except (UserError, ValidationError) as error:
            return self._payment_portal_billing_render(error=error.args[0], values=form)
        return request.redirect(f"/my/billing_emails?message={message}")

    @http.route(
        "/my/billing_emails/add",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_billing_email_add(self, name="", email="", **kwargs):
        def add():
            normalized = self._payment_portal_billing_email(email)
            customer = request.env.user.partner_id.commercial_partner_id
            existing = self._payment_portal_billing_contacts_sudo().filtered(
                lambda c: c.email_normalized == normalized
            )
            if existing:
                raise UserError(
                    request.env._(
                        "%(email)s already receives your invoices.", email=normalized
                    )
                )
            # sudo: customers may not create contacts; this one is a child
            # of their own company, of the invoice type, nothing else.
            request.env["res.partner"].sudo().create(
                {
                    "parent_id": customer.id,
                    "type": "invoice",
                    "name": (name or "").strip() or normalized,
                    "email": normalized,
                    "payment_portal_billing_email": True,
                }
            )
            return "added"

        return self._payment_portal_billing_apply(add, {"name": name, "email": email})

    @http.route(
        "/my/billing_emails/<int:contact_id>/edit",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_billing_email_edit(self, contact_id, name="", email="", **kwargs):
        contact_sudo = self._payment_portal_billing_contact_sudo(contact_id)

        def edit():
            if contact_sudo.with_context(active_test=False).user_ids:
                raise UserError(
                    request.env._(
                        "%(email)s is how a colleague signs in: they change it "
                        "themselves.",
                        email=contact_sudo.email,
                    )
                )
            normalized = self._payment_portal_billing_email(email)
            others = self._payment_portal_billing_contacts_sudo() - contact_sudo
            if normalized in others.mapped("email_normalized"):
                raise UserError(
                    request.env._(
                        "%(email)s already receives your invoices.", email=normalized
                    )
                )
            contact_sudo.write(
                {"name": (name or "").strip() or normalized, "email": normalized}
            )
            return "saved"

        return self._payment_portal_billing_apply(edit, {"name": name, "email": email})

    @http.route(
        "/my/billing_emails/<int:contact_id>/delete",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_billing_email_delete(self, contact_id, **kwargs):
        contact_sudo = self._payment_portal_billing_contact_sudo(contact_id)

        def remove():
            # Kept (invoices and messages may refer to it), no longer a
            # recipient and out of the customer's contacts; a colleague who
            # signs in keeps their contact, only stops receiving invoices.
            values = {"payment_portal_billing_email": False}
            if not contact_sudo.with_context(active_test=False).user_ids:
                values["active"] = False
            contact_sudo.write(values)
            return "removed"

        return self._payment_portal_billing_apply(remove, {})

    @http.route(
        "/my/billing_emails/primary",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_billing_email_primary(self, email="", **kwargs):
        def change():
            normalized = self._payment_portal_billing_email(email)
            # sudo: the customer's own contact; the login follows (res.partner
            # write), refused when another account signs in with it.
            request.env.user.partner_id.sudo().write({"email": normalized})
            # The login is part of the session token: keep the customer signed
            # in, as Odoo does after a password change.
            request.env.flush_all()
            request.env.registry.clear_cache()
            request.session.session_token = request.env.user._compute_session_token(
                request.session.sid
            )
            return "primary"

        return self._payment_portal_billing_apply(change, {"primary": email})
