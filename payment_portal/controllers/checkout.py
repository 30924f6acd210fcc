# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The checkout of a selection: the payment form for the ticked invoices,
and the one transaction paying them."""

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.http import request

from odoo.addons.payment import utils as payment_utils

from .payment_portal import PaymentPortalInvoices, _parse_ids
from .transaction_params import check_transaction_params


class PaymentPortalCheckout(PaymentPortalInvoices):
    """Pay a selection of invoices in one payment."""

    def _payment_portal_snapshot_token(self, partner, invoices, amount):
        """Sign what the customer is shown: who pays, which invoices, how much."""
        return payment_utils.generate_access_token(
            partner.commercial_partner_id.id,
            ",".join(str(i) for i in invoices.ids),
            amount,
            invoices.currency_id.id,
        )

    def _payment_portal_back_to_selection(self, invoice_ids, message):
        """The selection again, with what can still be paid ticked."""
        values = self._prepare_pay_invoices_values(
            select=",".join(map(str, invoice_ids)), error_message=message
        )
        return request.render("payment_portal.portal_pay_invoices", values)

    @http.route(
        "/my/pay/checkout", type="http", auth="user", website=True, sitemap=False
    )
    def portal_pay_checkout(self, invoice_ids="", total=None, **kwargs):
        partner = request.env.user.partner_id
        ids = _parse_ids(invoice_ids)
        Move = request.env["account.move"]
        try:
            invoices = Move._payment_portal_browse_selection(partner, ids)
            invoices._payment_portal_check_payable()
        except UserError as error:
            return self._payment_portal_back_to_selection(ids, error.args[0])
        amount = invoices._payment_portal_amount_due()
        currency = invoices.currency_id
        if invoices._payment_portal_amount_changed(self._cast_as_float(total)):
            return self._payment_portal_back_to_selection(
                ids,
                request.env._(
                    "The amounts due changed since the list was shown. Here are the "
                    "current figures: check your selection and pay again."
                ),
            )
        company = invoices.company_id
        # A payment of several invoices gets the company's next group payment
        # number when it is created, not each time this page is shown.
        reference = invoices.name if len(invoices) == 1 else False
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_checkout",
            "invoices": invoices,
            "amount": amount,
            "currency": currency,
            "selection_url": invoices._payment_portal_selection_url(),
        }
        values |= self._get_common_page_view_values(
            invoices_data={
                "partner": invoices.partner_id[:1],
                "company": company,
                "total_amount": amount,
                "currency": currency,
                "amount_residual": amount,
                "payment_reference": reference,
                "landing_route": "/my/payments",
                "transaction_route": f"/my/pay/transaction/{'-'.join(map(str, ids))}",
            },
            access_token=self._payment_portal_snapshot_token(partner, invoices, amount),
        )
        values["amount"] = amount
        return request.render("payment_portal.portal_pay_checkout", values)

    @http.route("/my/pay/transaction/<string:invoice_ids>", type="jsonrpc", auth="user")
    def portal_pay_transaction(
        self, invoice_ids, access_token=None, amount=None, **kwargs
    ):
        """Create the one transaction paying the selection.

        The amount is the sum of the amounts due now, computed here; the
        amount the browser sends must match it, and so must the signed
        snapshot of what the checkout page showed.
        """
        partner = request.env.user.partner_id
        ids = _parse_ids(invoice_ids.replace("-", ","))
        Move = request.env["account.move"]
        try:
            invoices = Move._payment_portal_browse_selection(partner, ids)
            charged = invoices._payment_portal_prepare_payment(
                expected_amount=self._cast_as_float(amount)
            )
        except UserError as error:
            raise ValidationError(error.args[0]) from error
        currency = invoices.currency_id
        if not payment_utils.check_access_token(
            access_token,
            partner.commercial_partner_id.id,
            ",".join(map(str, invoices.ids)),
            charged,
            currency.id,
        ):
            # not what the checkout page showed this customer
            raise ValidationError(
                invoices._payment_portal_amount_changed_error(charged).args[0]
            )
        self._validate_transaction_kwargs(
            kwargs, additional_allowed_keys={"payment_reference"}
        )
        if kwargs.pop("is_validation", False):
            # a validation would charge the provider's amount, not the invoices'
            raise ValidationError(request.env._("This payment cannot be processed."))
        check_transaction_params(
            request.env, kwargs, partner, invoices.company_id, charged, currency
        )
        # the reference is the server's, never the browser's
        kwargs.pop("payment_reference", None)
        kwargs.pop("landing_route", None)
        token_flow = kwargs.get("flow") == "token"
        if token_flow:
            # Charged below, once the transaction is committed.
            request.update_context(delay_token_charge=True)
        tx_sudo = self._create_transaction(
            amount=charged,
            currency_id=currency.id,
            partner_id=partner.id,
            reference_prefix=(
                invoices.company_id._payment_portal_next_batch_reference()
                if len(invoices) > 1
                else None
            ),
            landing_route="/my/payments",
            custom_create_values={
                "invoice_ids": [Command.set(invoices.ids)],
                "payment_portal_origin": "portal",
            },
            **kwargs,
        )
        tx_sudo.landing_route = f"/my/payments/{tx_sudo.id}"
        if token_flow:
            # The draft is committed before the charge is sent, exactly once
            # (see payment.transaction._payment_portal_commit_then_charge).
            tx_sudo._payment_portal_commit_then_charge()
        return tx_sudo._get_processing_values()
