# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paying without signing in: the pages of a pay link
(``res.partner._payment_portal_pay_link``). A guest sees the open invoices
and credits of the one customer the link was signed for, selects and pays
them with any method; no saved methods, history, addresses or settings."""

from datetime import datetime, timedelta

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .. import const
from ..models.res_partner_pay_link import PayLinkError
from .checkout import PaymentPortalCheckout, _route_selection
from .payment_portal import _parse_ids

GUEST_ROUTE = "/pay/<int:customer_id>/<int:expiry>/<string:signature>"
# What the error page says, and its status, by kind of refusal.
GUEST_ERRORS = {"invalid": 403, "expired": 410, "busy": 429}


class PaymentPortalGuest(PaymentPortalCheckout):
    """The guest pages of a pay link."""

    # ------------------------------------------------------------------
    # The link
    # ------------------------------------------------------------------

    def _payment_portal_guest(self, customer_id, expiry, signature):
        """``(customer in sudo, None)`` of a valid link, or ``(None, error
        page)``. An address that keeps opening invalid links of a customer
        is refused every link of that customer for a while (counted in the
        database, across workers): guessing a signature is hopeless anyway
        (HMAC-SHA256), this keeps the tries from being endless."""
        # sudo: the public user counts its own failures; nothing is read.
        Failures = request.env["payment.portal.login.failure"].sudo()
        source = f"pay_link:{request.httprequest.remote_addr}:{customer_id}"
        failures, last = Failures._get_failures(source)
        cooldown = timedelta(minutes=const.PAY_LINK_COOLDOWN_MINUTES)
        if failures >= const.PAY_LINK_MAX_FAILURES and last > datetime.now() - cooldown:
            return None, self._payment_portal_guest_error("busy")
        try:
            customer = request.env["res.partner"]._payment_portal_check_pay_link(
                customer_id, expiry, signature
            )
        except PayLinkError as error:
            if error.kind == "invalid":
                Failures._record_failure(source)
            return None, self._payment_portal_guest_error(error.kind)
        return customer, None

    def _payment_portal_guest_error(self, kind):
        return request.render(
            "payment_portal.guest_pay_error",
            {"kind": kind, "company": request.env.company},
            status=GUEST_ERRORS[kind],
        )

    @staticmethod
    def _payment_portal_guest_url(customer_id, expiry, signature):
        return f"/pay/{customer_id}/{expiry}/{signature}"

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    @http.route(GUEST_ROUTE, type="http", auth="public", website=True, sitemap=False)
    def guest_pay(self, customer_id, expiry, signature, error_message=None, **kwargs):
        """The customer's open invoices and credits, to select and pay."""
        customer, error = self._payment_portal_guest(customer_id, expiry, signature)
        if error:
            return error
        Move = request.env["account.move"]
        # sudo: the domain restricts to the link's customer's own invoices.
        invoices = Move.sudo().search(
            Move._payment_portal_due_domain(customer), order="invoice_date_due, id"
        )
        credits = request.env["account.move.line"]._payment_portal_open_credits(
            customer, fnames=request.env["account.move.line"]._payment_portal_fields()
        )
        statuses = invoices._payment_portal_statuses()
        return request.render(
            "payment_portal.guest_pay",
            {
                "customer": customer,
                "company": invoices.company_id[:1] or request.env.company,
                "invoices": invoices,
                "statuses": statuses,
                "status_labels": self._payment_portal_status_labels(),
                "status_badges": const.INVOICE_STATUS_BADGES,
                "payable_statuses": {"unpaid", "overdue", "partial"},
                "credits": credits,
                "selected_ids": set(_parse_ids(kwargs.get("select"))),
                "guest_url": self._payment_portal_guest_url(
                    customer_id, expiry, signature
                ),
                "error_message": error_message,
            },
        )

    @http.route(
        f"{GUEST_ROUTE}/checkout",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def guest_pay_checkout(self, customer_id, expiry, signature, **kwargs):
        """The checkout of the guest's selection: the payment form, without
        saved methods."""
        customer, error = self._payment_portal_guest(customer_id, expiry, signature)
        if error:
            return error
        args = request.httprequest.args
        ids = _parse_ids(",".join(args.getlist("invoice_ids")))
        credit_ids = _parse_ids(",".join(args.getlist("credit_ids")))
        guest_url = self._payment_portal_guest_url(customer_id, expiry, signature)
        try:
            invoices, credits = self._payment_portal_browse(customer, ids, credit_ids)
            invoices._payment_portal_check_payable()
            credits._payment_portal_check_usable(invoices)
            amount = invoices._payment_portal_net_amount(credits)
            if invoices.currency_id.compare_amounts(amount, 0.0) <= 0:
                raise UserError(
                    request.env._(
                        "The selected credits cover these invoices: select fewer "
                        "credits, or more invoices."
                    )
                )
        except UserError as error:
            return self.guest_pay(
                customer_id, expiry, signature, error_message=error.args[0]
            )
        currency = invoices.currency_id
        company = invoices.company_id
        token = self._payment_portal_snapshot_token(customer, invoices, amount, credits)
        values = {
            "customer": customer,
            "company": company,
            "invoices": invoices,
            "credits": credits,
            "amount": amount,
            "currency": currency,
            "guest_url": guest_url,
        }
        values |= self._get_common_page_view_values(
            invoices_data={
                "partner": customer,
                "company": company,
                "total_amount": amount,
                "currency": currency,
                "amount_residual": amount,
                "payment_reference": invoices.name if len(invoices) == 1 else False,
                "landing_route": guest_url,
                "transaction_route": f"{guest_url}/transaction/"
                + _route_selection(invoices, credits),
            },
            access_token=token,
        )
        # A guest saves nothing and sees no saved method.
        values["tokens_sudo"] = request.env["payment.token"]
        values["show_tokenize_input_mapping"] = dict.fromkeys(
            values["providers_sudo"].ids, False
        )
        values["amount"] = amount
        self._payment_portal_add_fee_quotes(values, company, customer)
        return request.render("payment_portal.guest_pay_checkout", values)

    @http.route(
        [
            f"{GUEST_ROUTE}/transaction/<string:invoice_ids>",
            f"{GUEST_ROUTE}/transaction/<string:invoice_ids>/<string:credit_ids>",
        ],
        type="jsonrpc",
        auth="public",
    )
    def guest_pay_transaction(
        self,
        customer_id,
        expiry,
        signature,
        invoice_ids,
        credit_ids="",
        access_token=None,
        amount=None,
        **kwargs,
    ):
        """The one transaction of the guest's selection, as the portal's
        (``portal_pay_transaction``), for the link's customer; never with or
        into a saved method."""
        customer, error = self._payment_portal_guest(customer_id, expiry, signature)
        if error:
            raise ValidationError(
                request.env._("This payment link is no longer valid.")
            )
        if kwargs.get("flow") == "token" or kwargs.get("tokenization_requested"):
            raise ValidationError(
                request.env._("A payment without signing in saves no payment method.")
            )
        try:
            invoices, credits = self._payment_portal_browse(
                customer,
                _parse_ids(invoice_ids.replace("-", ",")),
                _parse_ids(str(credit_ids).replace("-", ",")),
            )
            charged = invoices._payment_portal_prepare_payment(
                expected_amount=self._cast_as_float(amount), credits=credits
            )
        except UserError as error_:
            raise ValidationError(error_.args[0]) from error_
        tx_sudo = self._payment_portal_selection_transaction(
            customer,
            invoices,
            credits,
            # sudo: empty (a guest pays in full), as the portal's are
            request.env["payment.portal.short.payment"].sudo(),
            charged,
            access_token,
            {**kwargs, "tokenization_requested": False},
        )
        # The guest lands on the payment's signed page: it opens this payment
        # only.
        tx_sudo.landing_route = tx_sudo._payment_portal_payment_url().removeprefix(
            tx_sudo.get_base_url()
        )
        return tx_sudo._get_processing_values()
