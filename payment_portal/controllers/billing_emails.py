# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Billing email addresses: the customer's contacts that receive invoices and
receipts, and the customer's own primary email (their login follows)."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

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
        customer = request.env.user.partner_id.commercial_partner_id
        contact_sudo = customer._payment_portal_billing_recipients(
            Domain("id", "=", contact_id)
        )
        if not contact_sudo or contact_sudo == request.env.user.partner_id:
            raise NotFound()
        return contact_sudo

    def _payment_portal_billing_check_allowed(self):
        if not request.env.company.payment_portal_manage_emails:
            raise Forbidden()

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
            # sudo: customers may not create contacts; the model creates only
            # an invoice-type child of their own company.
            customer_sudo = request.env.user.partner_id.commercial_partner_id.sudo()
            customer_sudo._payment_portal_billing_save(email, name)
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
            contact_sudo.commercial_partner_id._payment_portal_billing_save(
                email, name, contact=contact_sudo
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
            contact_sudo._payment_portal_billing_remove()
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
            request.env.user.partner_id._payment_portal_change_primary_email(email)
            # The login is part of the session token: keep the customer signed
            # in, as Odoo does after a password change.
            request.env.flush_all()
            request.env.registry.clear_cache()
            request.session.session_token = request.env.user._compute_session_token(
                request.session.sid
            )
            return "primary"

        return self._payment_portal_billing_apply(change, {"primary": email})
