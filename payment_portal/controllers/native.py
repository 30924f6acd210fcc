# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What native Odoo gets wrong for a B2B payment portal, fixed in its own
routes: contacts could not pay their company's overdue invoices, the overdue
page asked for the invoices' totals instead of the amount due, and both
transaction routes charged whatever amount the browser sent."""

from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers import payment as account_payment_payment
from odoo.addons.account_payment.controllers.portal import PortalAccount

from .transaction_params import check_transaction_params


class PaymentPortalNativeOverdue(PortalAccount):
    def _get_overdue_invoices_domain(self, partner_id=None):
        """Override of `account`: overdue invoices of the customer's company, not of the
        contact only."""
        partner = (
            request.env["res.partner"].sudo().browse(partner_id)
            if partner_id
            else request.env.user.partner_id
        )
        return [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id)
            if isinstance(leaf, (tuple, list)) and leaf[0] == "partner_id"
            else leaf
            for leaf in super()._get_overdue_invoices_domain(partner_id)
        ] + list(request.env["account.move"]._payment_portal_visible_domain())

    def _document_check_access(self, model_name, document_id, access_token=None):
        """Override of `portal`: future-dated invoices of a company hiding them do not
        exist for customers, even with an access token (links in emails, PDF). A token
        that is not ASCII text is refused here: Odoo's constant-time comparison would
        end in a server error."""
        if access_token and not (
            isinstance(access_token, str) and access_token.isascii()
        ):
            raise AccessError(request.env._("The access token is invalid."))
        document_sudo = super()._document_check_access(
            model_name, document_id, access_token
        )
        if (
            model_name == "account.move"
            and request.env.user.share
            and not document_sudo.filtered_domain(
                list(document_sudo._payment_portal_visible_domain())
            )
        ):
            raise MissingError(request.env._("This document does not exist."))
        return document_sudo

    def _overdue_invoices_get_page_view_values(self, overdue_invoices, **kwargs):
        """Native's page values, for the invoices of a company's contacts
        together (native refuses several partners) and for the amount due
        (native asks for amount_total, even of partly paid invoices)."""
        values = {"page_name": "overdue_invoices"}
        if not overdue_invoices:
            return values
        if (
            len(overdue_invoices.company_id) > 1
            or len(overdue_invoices.currency_id) > 1
        ):
            # as native: one payment is for one company and one currency
            raise ValidationError(
                request.env._(
                    "Overdue invoices should share the same company and currency."
                )
            )
        company = overdue_invoices.company_id
        currency = overdue_invoices.currency_id
        amount_due = overdue_invoices._payment_portal_amount_due()
        batch_name = (
            company.get_next_batch_payment_communication()
            if len(overdue_invoices) > 1
            else overdue_invoices.name
        )
        values.update(
            {
                "payment": {
                    "date": fields.Date.today(),
                    "reference": batch_name,
                    "amount": amount_due,
                    "currency": currency,
                },
                "amount": amount_due,
            }
        )
        values |= self._get_common_page_view_values(
            invoices_data={
                "partner": overdue_invoices.commercial_partner_id,
                "company": company,
                "total_amount": amount_due,
                "currency": currency,
                "amount_residual": amount_due,
                "payment_reference": batch_name,
                "landing_route": "/my/invoices/",
                "transaction_route": "/invoice/transaction/overdue",
            },
            **kwargs,
        )
        return values


# Odoo's invoice list filters and sortings that have an equivalent on /my/pay.
NATIVE_FILTERS = {"all": "all", "invoices": "all", "overdue_invoices": "overdue"}
NATIVE_SORTINGS = {"date": "date", "duedate": "duedate", "name": "name"}


class PaymentPortalNativeEntries(PortalAccount):
    """Every way into paying leads to the one selection page, /my/pay, for a
    signed-in customer (portal user) of a company with the portal on: Odoo's
    invoice list (customer invoices; vendor bills keep Odoo's list), its
    overdue page and the Pay button of an invoice's page. With the portal
    off, for staff, or for someone opening an emailed link without signing
    in, Odoo's own pages stay."""

    @staticmethod
    def _payment_portal_leads_here():
        """A signed-in customer (a portal user; staff browsing the portal
        keep Odoo's pages) of a company with the portal on."""
        user = request.env.user
        return (
            user.share
            and not user._is_public()
            and request.env.company.payment_portal_enabled
        )

    def _get_overdue_invoice_count(self):
        """Override of `account`: the home banner counts the overdue invoices it
        preselects."""
        if not self._payment_portal_leads_here():
            return super()._get_overdue_invoice_count()
        Move = request.env["account.move"]
        # sudo: the domain restricts to the customer's own invoices.
        return Move.sudo().search_count(
            Move._payment_portal_overdue_domain(request.env.user.partner_id)
        )

    @http.route()
    def portal_my_invoices(
        self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None, **kw
    ):
        """Override of `account` to lead customers from Odoo's invoice list to the
        selection page (bills and a portal turned off keep Odoo's list)."""
        if filterby == "bills" or not self._payment_portal_leads_here():
            return super().portal_my_invoices(
                page=page,
                date_begin=date_begin,
                date_end=date_end,
                sortby=sortby,
                filterby=filterby,
                **kw,
            )
        query = {}
        if isinstance(filterby, str) and filterby in NATIVE_FILTERS:
            query["filterby"] = NATIVE_FILTERS[filterby]
        if isinstance(sortby, str) and sortby in NATIVE_SORTINGS:
            query["sortby"] = NATIVE_SORTINGS[sortby]
        search = kw.get("search")
        if (
            isinstance(search, str)
            and search.strip()
            and search.isprintable()
            and len(search) <= 200
        ):
            query["search"] = search
        return request.redirect("/my/pay" + ("?" + url_encode(query) if query else ""))

    @http.route()
    def portal_my_overdue_invoices(self, access_token=None, **kw):
        """Override of `account_payment`: the banner's page: the selection, with the
        overdue invoices ticked."""
        if not self._payment_portal_leads_here():
            return super().portal_my_overdue_invoices(access_token=access_token, **kw)
        Move = request.env["account.move"]
        partner = request.env.user.partner_id
        # sudo: the domain restricts to the customer's own invoices.
        overdue = Move.sudo().search(Move._payment_portal_overdue_domain(partner))
        preselected = Move._payment_portal_preselection(
            partner, ",".join(map(str, overdue.ids))
        )
        if not preselected:
            return request.redirect("/my/pay?filterby=overdue")
        return request.redirect(preselected._payment_portal_selection_url())

    @http.route()
    def portal_my_invoice_detail(
        self, invoice_id, access_token=None, report_type=None, download=False, **kw
    ):
        """Override of `account_payment`: Odoo's "Pay Now" links (``?payment=True``)
        open the selection with the invoice ticked, for the customer whose invoice it
        is."""
        if kw.get("payment") and not report_type and self._payment_portal_leads_here():
            invoice_sudo = request.env["account.move"].sudo().browse(invoice_id)
            if (
                invoice_sudo.exists()
                and invoice_sudo._payment_portal_leads_to_selection(request.env.user)
            ):
                preselected = request.env["account.move"]._payment_portal_preselection(
                    request.env.user.partner_id, str(invoice_sudo.id)
                )
                return request.redirect(preselected._payment_portal_selection_url())
        return super().portal_my_invoice_detail(
            invoice_id,
            access_token=access_token,
            report_type=report_type,
            download=download,
            **kw,
        )

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        """Override of `account_payment`: the invoice page's breadcrumb goes back to the
        selection and its Pay button opens it with the invoice ticked."""
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        if self._payment_portal_leads_here() and (
            invoice._payment_portal_leads_to_selection(request.env.user)
        ):
            values["payment_portal_pay_url"] = invoice._payment_portal_selection_url()
            values["payment"] = False  # Odoo's payment dialog stays closed
        return values


class PaymentPortalNativeTransactions(account_payment_payment.PaymentPortal):
    @http.route()
    def overdue_invoices_transaction(self, payment_reference=None, **kwargs):
        """Override of `account_payment`: charge the amount due now, computed here,
        never the browser's."""
        if not request.env.user._is_public():
            overdue = request.env["account.move"].search(
                self._get_overdue_invoices_domain()
            )
            if not overdue:
                raise ValidationError(
                    request.env._("There is no overdue invoice to pay.")
                )
            if not isinstance(payment_reference, str) or not payment_reference:
                raise ValidationError(
                    request.env._("This payment cannot be processed.")
                )
            try:
                amount_due = overdue._payment_portal_prepare_payment(
                    expected_amount=self._cast_as_float(kwargs.get("amount"))
                )
            except UserError as error:
                raise ValidationError(error.args[0]) from error
            kwargs["amount"] = amount_due
            self._validate_transaction_kwargs(kwargs)
            check_transaction_params(
                request.env,
                kwargs,
                request.env.user.partner_id,
                overdue.company_id[:1],
                amount_due,
                overdue.currency_id,
            )
        return super().overdue_invoices_transaction(payment_reference, **kwargs)

    @http.route()
    def invoice_transaction(self, invoice_id, access_token=None, **kwargs):
        """Override of `account_payment`: Pay Now of a signed-in customer: no access
        token needed (native made it mandatory), and the amount may be an installment or
        a part of the amount due, never more, never nothing. Payment links opened
        without signing in keep native behaviour: their amount was signed by staff."""
        if access_token is not None and not isinstance(access_token, str):
            raise ValidationError(request.env._("The access token is invalid."))
        if request.env.user._is_public():
            return super().invoice_transaction(invoice_id, access_token, **kwargs)
        invoice_sudo = self._document_check_access(
            "account.move", invoice_id, access_token
        )
        amount = self._cast_as_float(kwargs.get("amount"))
        try:
            invoice_sudo._payment_portal_prepare_part_payment(amount)
        except UserError as error:
            raise ValidationError(error.args[0]) from error
        self._validate_transaction_kwargs(
            kwargs, additional_allowed_keys={"name_next_installment"}
        )
        check_transaction_params(
            request.env,
            kwargs,
            request.env.user.partner_id,
            invoice_sudo.company_id,
            amount,
            invoice_sudo.currency_id,
        )
        return super().invoice_transaction(
            invoice_id, access_token or invoice_sudo._portal_ensure_token(), **kwargs
        )
