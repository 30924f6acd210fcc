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
from .short_payments import short_payments, short_values
from .transaction_params import check_transaction_params

# The transaction of a selection: its invoices, then its credits ('0': none),
# then its short payments, each as ids joined by '-'.
TRANSACTION_ROUTE = "/my/pay/transaction/<string:invoice_ids>"


def _selection_key(invoices, credits, shorts=None):
    """What a snapshot token signs of a selection: '3,5', '3,5|c9,12',
    '3,5|c9|s4'."""
    key = ",".join(map(str, sorted(invoices.ids)))
    if credits:
        key += "|c" + ",".join(map(str, sorted(credits.ids)))
    if shorts:
        key += "|s" + ",".join(map(str, sorted(shorts.ids)))
    return key


def _route_selection(invoices, credits, shorts=None):
    """The path of the transaction route's selection: '3-5', '3-5/9-12',
    '3-5/0/4' (invoices / credits or 0 / short payments)."""
    path = "-".join(map(str, invoices.ids))
    if credits or shorts:
        path += "/" + ("-".join(map(str, credits.ids)) or "0")
    if shorts:
        path += "/" + "-".join(map(str, shorts.ids))
    return path


class PaymentPortalCheckout(PaymentPortalInvoices):
    """Pay a selection of invoices in one payment."""

    def _payment_portal_snapshot_token(
        self, partner, invoices, amount, credits, shorts=None
    ):
        """Sign what the customer is shown: who pays, which invoices, which
        credits, which short payments, how much."""
        return payment_utils.generate_access_token(
            partner.commercial_partner_id.id,
            _selection_key(invoices, credits, shorts),
            amount,
            invoices.currency_id.id,
        )

    def _payment_portal_back_to_selection(self, invoice_ids, message, credit_ids=()):
        """The selection again, with what can still be paid ticked."""
        values = self._prepare_pay_invoices_values(
            select=",".join(map(str, invoice_ids)),
            credit_ids=",".join(map(str, credit_ids)),
            error_message=message,
        )
        return request.render("payment_portal.portal_pay_invoices", values)

    def _payment_portal_browse(self, partner, ids, credit_ids):
        """The customer's invoices and credits of a selection, in sudo; any
        that are not raise a UserError."""
        invoices = request.env["account.move"]._payment_portal_browse_selection(
            partner, ids
        )
        credits = request.env["account.move.line"]._payment_portal_browse_credits(
            partner, credit_ids
        )
        return invoices, credits

    @http.route(
        "/my/pay/checkout",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def portal_pay_checkout(self, invoice_ids="", total=None, credit_ids="", **kwargs):
        """The checkout of a selection (GET, from the selection page); POST:
        the customer changed the amounts it pays (short payments)."""
        partner = request.env.user.partner_id
        ids = _parse_ids(invoice_ids)
        credit_ids = _parse_ids(credit_ids)
        try:
            invoices, credits = self._payment_portal_browse(partner, ids, credit_ids)
            invoices._payment_portal_check_payable()
            credits._payment_portal_check_usable(invoices)
        except UserError as error:
            return self._payment_portal_back_to_selection(
                ids, error.args[0], credit_ids
            )
        currency = invoices.currency_id
        shorts, short_error = short_payments(invoices, kwargs)
        amount = invoices._payment_portal_net_amount(credits, shorts)
        if shorts and currency.compare_amounts(amount, 0.0) <= 0:
            shorts.unlink()
            shorts, short_error = (
                shorts.browse(),
                request.env._(
                    "Your credits cover what you chose to pay: pay these invoices in "
                    "full with your credits instead."
                ),
            )
            amount = invoices._payment_portal_net_amount(credits)
        if request.httprequest.method == "GET" and (
            invoices._payment_portal_amount_changed(self._cast_as_float(total), credits)
        ):
            return self._payment_portal_back_to_selection(
                ids,
                request.env._(
                    "The amounts due changed since the list was shown. Here are the "
                    "current figures: check your selection and pay again."
                ),
                credit_ids,
            )
        token = self._payment_portal_snapshot_token(
            partner, invoices, amount, credits, shorts
        )
        if not shorts and credits and currency.compare_amounts(amount, 0.0) <= 0:
            # The credits settle everything: no payment, no provider.
            return request.render(
                "payment_portal.portal_pay_apply_credits",
                {
                    **self._prepare_portal_layout_values(),
                    "page_name": "payment_portal_checkout",
                    "invoices": invoices,
                    "credits": credits,
                    "applied": invoices._payment_portal_amount_due(),
                    "currency": currency,
                    "net_amount": amount,
                    "access_token": token,
                    "short_error": short_error,
                    "selection_url": invoices._payment_portal_selection_url(),
                },
            )
        company = invoices.company_id
        # A payment of several invoices gets the company's next group payment
        # number when it is created, not each time this page is shown.
        reference = invoices.name if len(invoices) == 1 else False
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_checkout",
            "invoices": invoices,
            "credits": credits,
            "amount": amount,
            "currency": currency,
            "selection_url": invoices._payment_portal_selection_url(),
            **short_values(invoices, shorts, short_error, kwargs),
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
                "transaction_route": "/my/pay/transaction/"
                + _route_selection(invoices, credits, shorts),
            },
            access_token=token,
        )
        values["amount"] = amount
        self._payment_portal_add_fee_quotes(values, company, partner)
        return request.render("payment_portal.portal_pay_checkout", values)

    @staticmethod
    def _payment_portal_add_fee_quotes(values, company, partner):
        """What each method the payment form of ``values`` offers adds to
        its amount: shown before the customer pays."""
        values["fee_quotes"] = request.env[
            "payment.transaction"
        ]._payment_portal_fee_quotes(
            company,
            values["amount"],
            values["currency"],
            partner,
            values["providers_sudo"],
            values["payment_methods_sudo"],
        )

    @http.route(
        [
            TRANSACTION_ROUTE,
            f"{TRANSACTION_ROUTE}/<string:credit_ids>",
            f"{TRANSACTION_ROUTE}/<string:credit_ids>/<string:short_ids>",
        ],
        type="jsonrpc",
        auth="user",
    )
    def portal_pay_transaction(
        self,
        invoice_ids,
        credit_ids="",
        short_ids="",
        access_token=None,
        amount=None,
        **kwargs,
    ):
        """Create the one transaction paying the selection.

        The amount is the sum of the amounts due now minus the credits
        applied, computed here; the amount the browser sends must match it,
        and so must the signed snapshot of what the checkout page showed.
        """
        partner = request.env.user.partner_id
        ids = _parse_ids(invoice_ids.replace("-", ","))
        # Without credits in the path, ``credit_ids`` may come from the JSON
        # body, of any type: read as text, as the path's.
        credit_ids = _parse_ids(str(credit_ids).replace("-", ","))
        try:
            invoices, credits = self._payment_portal_browse(partner, ids, credit_ids)
            shorts = request.env["payment.portal.short.payment"]._payment_portal_browse(
                partner, _parse_ids(str(short_ids).replace("-", ",")), invoices
            )
            charged = invoices._payment_portal_prepare_payment(
                expected_amount=self._cast_as_float(amount),
                credits=credits,
                shorts=shorts,
            )
        except UserError as error:
            raise ValidationError(error.args[0]) from error
        tx_sudo = self._payment_portal_selection_transaction(
            partner, invoices, credits, shorts, charged, access_token, kwargs
        )
        tx_sudo.landing_route = f"/my/payments/{tx_sudo.id}"
        if kwargs.get("flow") == "token":
            # The draft is committed before the charge is sent, exactly once
            # (see payment.transaction._payment_portal_commit_then_charge).
            tx_sudo._payment_portal_commit_then_charge()
        return tx_sudo._get_processing_values()

    def _payment_portal_selection_transaction(
        self, partner, invoices, credits, shorts, charged, access_token, kwargs
    ):
        """Check the payment form's request (``kwargs``, checked in place)
        against the signed snapshot of what the checkout showed ``partner``,
        price the card fee of the method used and create the transaction of
        the selection, charging ``charged`` plus that fee. A saved-method
        charge is left to the caller (``delay_token_charge``)."""
        currency = invoices.currency_id
        if not payment_utils.check_access_token(
            access_token,
            partner.commercial_partner_id.id,
            _selection_key(invoices, credits, shorts),
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
        # The card fee of the method actually used, priced here: never the
        # browser's figure (the snapshot signed the amount before fees).
        # sudo: customers cannot read providers and methods; both were
        # checked against what the payment form offers.
        charged, fee_values = request.env["payment.transaction"]._payment_portal_price(
            invoices.company_id,
            charged,
            currency,
            request.env["payment.provider"].sudo().browse(kwargs["provider_id"]),
            request.env["payment.method"].sudo().browse(kwargs["payment_method_id"]),
            partner,
            "portal",
        )
        # the reference is the server's, never the browser's
        kwargs.pop("payment_reference", None)
        kwargs.pop("landing_route", None)
        if kwargs.get("flow") == "token":
            # Charged by the caller, once the transaction is committed.
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
                "payment_portal_credit_line_ids": [Command.set(credits.ids)],
                "payment_portal_short_ids": [Command.set(shorts.ids)],
                "payment_portal_origin": "portal",
                **fee_values,
            },
            **kwargs,
        )
        shorts.state = "pending"
        return tx_sudo
