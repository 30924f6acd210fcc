# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Payment profiles and Auto Pay in the portal, on Odoo's own payment
method page (/my/payment_method) and tokenization flow."""

from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.payment.controllers.portal import PaymentPortal

from .transaction_params import check_transaction_shape


class PaymentPortalProfiles(PaymentPortal):
    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _payment_portal_customer():
        return request.env.user.partner_id.commercial_partner_id

    def _payment_portal_own_token_sudo(self, token_id):
        token = request.env["payment.token"]._payment_portal_of_customer(
            request.env.user.partner_id, Domain("id", "=", token_id)
        )
        if not token:
            raise NotFound()
        return token

    @staticmethod
    def _payment_portal_redirect(message=None, error=None):
        query = {
            key: value
            for key, value in (("message", message), ("error", error))
            if value
        }
        return request.redirect(
            "/my/payment_profiles" + (f"?{urlencode(query)}" if query else "")
        )

    # ------------------------------------------------------------------
    # The profiles page
    # ------------------------------------------------------------------

    @http.route(
        "/my/payment_profiles", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_payment_profiles(self, message=None, error=None, **_kwargs):
        customer = self._payment_portal_customer()
        company = request.env.company
        return request.render(
            "payment_portal.portal_my_payment_profiles",
            {
                "page_name": "payment_portal_profiles",
                "tokens_sudo": request.env["payment.token"]._payment_portal_of_customer(
                    customer
                ),
                # sudo: portal users cannot read these partner fields.
                "customer_sudo": customer.sudo(),
                "can_delete": company.payment_portal_profile_delete,
                "can_change_autopay": company.payment_portal_autopay_change,
                "message": message,
                "error": error,
            },
        )

    @http.route(
        "/my/payment_profiles/<int:token_id>/delete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_payment_profile_delete(self, token_id, **_kwargs):
        token_sudo = self._payment_portal_own_token_sudo(token_id)
        try:
            token_sudo._payment_portal_check_deletion()
        except UserError as error:
            return self._payment_portal_redirect(error=str(error))
        customer_sudo = self._payment_portal_customer().sudo()
        was_autopay = token_sudo in customer_sudo.payment_portal_autopay_ids.token_id
        token_sudo.action_archive()
        message = request.env._(
            "%(method)s was deleted.", method=token_sudo.display_name
        )
        if was_autopay:
            message += " " + request.env._(
                "It was your Auto Pay method: Auto Pay is now off."
            )
        return self._payment_portal_redirect(message=message)

    @http.route(
        "/my/payment_profiles/autopay",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_payment_profile_autopay(self, token_id=None, enabled="1", **_kwargs):
        customer = self._payment_portal_customer()
        token_sudo = None
        if token_id:
            try:
                token_sudo = self._payment_portal_own_token_sudo(int(token_id))
            except ValueError as error:
                raise NotFound() from error
        on = enabled == "1"
        try:
            # The rights of the portal user are checked there; it returns the
            # record in sudo (portal users cannot read Auto Pay).
            autopay_sudo = request.env["payment.portal.autopay"]._payment_portal_set(
                customer, token_sudo, enabled=on
            )
        except (UserError, AccessError) as error:
            return self._payment_portal_redirect(error=str(error))
        method = autopay_sudo.token_id.display_name
        return self._payment_portal_redirect(
            message=request.env._("Auto Pay is on with %(method)s.", method=method)
            if on
            else request.env._("Auto Pay is off.")
        )

    # ------------------------------------------------------------------
    # Odoo's own payment method page and routes
    # ------------------------------------------------------------------

    def _get_extra_payment_form_values(self, **kwargs):
        """Override of `payment` to apply the company's settings to the payment form:
        deleting saved methods, offering Auto Pay."""
        values = super()._get_extra_payment_form_values(**kwargs)
        company = request.env.company
        if not company.payment_portal_profile_delete:
            values["allow_token_deletion"] = False
        values["payment_portal_autopay_offer"] = company.payment_portal_autopay_change
        values["payment_portal_autopay_default"] = (
            company.payment_portal_autopay_default
        )
        return values

    @http.route()
    def archive_token(self, token_id=None):
        """Override of `payment`.

        Odoo's delete button: refused when the company does not allow it."""
        if isinstance(token_id, bool) or not isinstance(token_id, int):
            raise NotFound()
        token_sudo = request.env["payment.token"]._payment_portal_of_customer(
            request.env.user.partner_id, Domain("id", "=", token_id)
        )
        token_sudo._payment_portal_check_deletion()
        return super().archive_token(token_id)

    @http.route()
    def payment_transaction(self, *args, payment_portal_autopay=None, **kwargs):
        """Override of `payment`.

        Odoo's transaction route, with the 'Use this payment method for
        Auto Pay' choice of the add-a-method page (validations only, and only
        where customers may change Auto Pay). Malformed parameters are
        refused before Odoo's code would crash on them."""
        params = dict(
            zip(
                ("amount", "currency_id", "partner_id", "access_token"),
                args,
                strict=False,
            ),
            **kwargs,
        )
        check_transaction_shape(
            request.env,
            params,
            required=("amount", "currency_id", "partner_id", "access_token"),
        )
        if (
            payment_portal_autopay
            and kwargs.get("is_validation")
            and request.env.company.payment_portal_autopay_change
            and not request.env.user._is_public()
        ):
            request.update_context(payment_portal_autopay=True)
        return super().payment_transaction(*args, **kwargs)

    def _create_transaction(self, *args, custom_create_values=None, **kwargs):
        """Override of `payment` to remember that the customer asked for the saved
        method to become their Auto Pay method."""
        if request.env.context.get("payment_portal_autopay"):
            custom_create_values = {
                **(custom_create_values or {}),
                "payment_portal_autopay_requested": True,
            }
        return super()._create_transaction(
            *args, custom_create_values=custom_create_values, **kwargs
        )
