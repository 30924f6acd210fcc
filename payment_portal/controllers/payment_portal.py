# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.http import content_disposition, request
from odoo.tools import float_compare

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.payment import utils as payment_utils
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .. import const
from .transaction_params import check_transaction_params

PAGE_SIZE = 80  # as native /my/invoices (CustomerPortal._items_per_page)


def _parse_ids(value):
    """'3,5,8' -> [3, 5, 8]; anything malformed -> []."""
    try:
        return sorted({int(v) for v in str(value or "").split(",") if v.strip()})
    except ValueError:
        return []


class PaymentPortalInvoices(PortalAccount):
    """Select outstanding invoices, pay them in one payment, see the history."""

    # ------------------------------------------------------------------
    # Portal home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        Move = request.env["account.move"]
        if "payment_portal_due_count" in counters:
            # sudo: the domain restricts to the customer's own invoices.
            values["payment_portal_due_count"] = Move.sudo().search_count(
                Move._payment_portal_domain(partner)
                & Move._payment_portal_visible_domain()
                & Move._payment_portal_status_domain("unpaid")
            )
        if "payment_portal_payment_count" in counters:
            values["payment_portal_payment_count"] = self._payment_portal_txs_sudo(
                partner
            ).search_count(self._payment_portal_tx_domain(partner))
        return values

    # ------------------------------------------------------------------
    # Invoice selection
    # ------------------------------------------------------------------

    def _payment_portal_filters(self):
        env = request.env
        return {
            "unpaid": env._("Unpaid"),
            "overdue": env._("Overdue"),
            "pending": env._("Payment pending"),
            "paid": env._("Paid"),
            "credit": env._("Credit Notes"),
            "all": env._("All"),
        }

    def _payment_portal_sortings(self):
        env = request.env
        return {
            "duedate": {
                "label": env._("Due Date"),
                "order": "invoice_date_due asc, id",
            },
            "date": {
                "label": env._("Invoice Date"),
                "order": "invoice_date desc, id desc",
            },
            "name": {"label": env._("Number"), "order": "name desc, id desc"},
            "amount": {
                "label": env._("Amount Due"),
                "order": "amount_residual desc, id",
            },
        }

    def _payment_portal_status_labels(self):
        env = request.env
        return {
            "unpaid": env._("Unpaid"),
            "overdue": env._("Overdue"),
            "partial": env._("Partially paid"),
            "pending": env._("Payment pending"),
            "paid": env._("Paid"),
            "credit": env._("Credit note"),
        }

    @http.route(
        ["/my/pay", "/my/pay/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
    )
    def portal_pay_invoices(
        self, page=1, filterby="unpaid", sortby="duedate", search="", **kwargs
    ):
        values = self._prepare_pay_invoices_values(
            page=page, filterby=filterby, sortby=sortby, search=search, **kwargs
        )
        return request.render("payment_portal.portal_pay_invoices", values)

    def _prepare_pay_invoices_values(
        self, page=1, filterby="unpaid", sortby="duedate", search="", **kwargs
    ):
        """Values of the invoice selection page, in a constant number of
        queries whatever the number of invoices of the customer."""
        partner = request.env.user.partner_id
        Move = request.env["account.move"]
        filters = self._payment_portal_filters()
        sortings = self._payment_portal_sortings()
        filterby = filterby if filterby in filters else "unpaid"
        sortby = sortby if sortby in sortings else "duedate"
        search = (search or "").strip()
        # The invoices an entry point asks to tick (an invoice's Pay button,
        # the home banner, an email): only those the customer may pay now.
        # (``invoice_ids``: the links of emails sent before ``select``)
        preselected = Move._payment_portal_preselection(
            partner, kwargs.get("select") or kwargs.get("invoice_ids")
        )

        domain = (
            Move._payment_portal_listing_domain(partner)
            & Move._payment_portal_visible_domain()
            & Move._payment_portal_status_domain(filterby)
        )
        if preselected:
            # the listing narrowed to them, so that what is ticked is seen
            domain &= Domain("id", "in", preselected.ids)
        if search:
            domain &= Domain("name", "ilike", search)
        # sudo: the domain restricts to the customer's own invoices.
        MoveSudo = Move.sudo()
        total = MoveSudo.search_count(domain)
        pager = portal_pager(
            url="/my/pay",
            url_args={
                "filterby": filterby,
                "sortby": sortby,
                "search": search,
                **(
                    {"select": ",".join(map(str, preselected.ids))}
                    if preselected
                    else {}
                ),
            },
            total=total,
            page=page,
            step=PAGE_SIZE,
        )
        invoices = MoveSudo.search_fetch(
            domain,
            [
                "move_type",
                "name",
                "ref",
                "invoice_date",
                "invoice_date_due",
                "amount_total",
                "amount_residual",
                "currency_id",
                "company_id",
                "payment_state",
            ],
            order=sortings[sortby]["order"],
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        statuses = invoices._payment_portal_statuses()
        # the previous/next arrows of Odoo's invoice page follow this list
        request.session["my_invoices_history"] = invoices.ids[:100]
        env = request.env
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_pay",
            "invoices": invoices,
            "statuses": statuses,
            "status_labels": self._payment_portal_status_labels(),
            "status_badges": const.INVOICE_STATUS_BADGES,
            "payable_statuses": {"unpaid", "overdue", "partial"},
            "selected_ids": set(preselected.ids),
            "preselected": preselected,
            # The name screen readers give each checkbox.
            "select_labels": {
                invoice.id: env._("Select %(invoice)s", invoice=invoice.name)
                for invoice in invoices
            },
            "pager": pager,
            "searchbar_filters": {k: {"label": v} for k, v in filters.items()},
            "filterby": filterby,
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "search": search,
            "search_in": "name",
            "searchbar_inputs": {
                "name": {"input": "name", "label": request.env._("Number")}
            },
            "default_url": "/my/pay",
            "error_message": kwargs.get("error_message"),
        }

    # ------------------------------------------------------------------
    # Checkout
    # ------------------------------------------------------------------

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
        shown = self._cast_as_float(total)
        if shown is None or float_compare(
            shown, amount, precision_rounding=currency.rounding
        ):
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
            charged = invoices._payment_portal_prepare_payment()
        except UserError as error:
            raise ValidationError(error.args[0]) from error
        currency = invoices.currency_id
        client_amount = self._cast_as_float(amount)
        if (
            client_amount is None
            or float_compare(
                client_amount, charged, precision_rounding=currency.rounding
            )
            or not payment_utils.check_access_token(
                access_token,
                partner.commercial_partner_id.id,
                ",".join(map(str, invoices.ids)),
                charged,
                currency.id,
            )
        ):
            raise ValidationError(
                request.env._(
                    "The amounts due changed since this page was shown: the selected "
                    "invoices now total %(amount)s. Reload the page to see the new "
                    "figures.",
                    amount=currency.format(charged),
                )
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
            # The draft is committed before the charge is sent: if the request
            # dies after the provider charged (worker killed, database down),
            # the transaction still exists, with the reference the provider
            # knows the charge by, and the provider's polling finds it. Sent in
            # the same transaction, the charge would be lost with its rollback.
            # Until then the invoices are in flight (see
            # account.move._payment_portal_in_flight_domain).
            request.env.cr.commit()  # pylint: disable=invalid-commit
            tx_sudo._charge_with_token()
        return tx_sudo._get_processing_values()

    # ------------------------------------------------------------------
    # History, confirmation, receipt
    # ------------------------------------------------------------------

    def _payment_portal_txs_sudo(self, partner):
        # sudo: portal users have no access to transactions; every search
        # goes through _payment_portal_tx_domain().
        return request.env["payment.transaction"].sudo()

    def _payment_portal_tx_domain(self, partner):
        return request.env["payment.transaction"]._payment_portal_history_domain(
            partner
        )

    def _payment_portal_tx_statuses(self):
        env = request.env
        return {
            "pending": env._("Pending"),
            "done": env._("Done"),
            "failed": env._("Failed"),
            "refunded": env._("Refunded"),
        }

    def _payment_portal_tx_status(self, tx):
        if tx.state == "done" and tx.child_transaction_ids.filtered(
            lambda t: t.operation == "refund" and t.state == "done"
        ):
            return "refunded"
        return const.TX_HISTORY_STATUSES[tx.state]

    @http.route(
        ["/my/payments", "/my/payments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
    )
    def portal_my_payments(self, page=1, **kwargs):
        partner = request.env.user.partner_id
        Tx = self._payment_portal_txs_sudo(partner)
        domain = self._payment_portal_tx_domain(partner)
        total = Tx.search_count(domain)
        pager = portal_pager(url="/my/payments", total=total, page=page, step=PAGE_SIZE)
        txs = Tx.search(
            domain,
            order="create_date desc, id desc",
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_payments",
            "transactions": txs,
            "tx_status": {tx.id: self._payment_portal_tx_status(tx) for tx in txs},
            "tx_status_labels": self._payment_portal_tx_statuses(),
            "pager": pager,
            "default_url": "/my/payments",
        }
        return request.render("payment_portal.portal_my_payments", values)

    def _payment_portal_receipt(self, tx_sudo, download):
        """The PDF receipt of a done payment (Odoo's payment receipt report)."""
        payment_sudo = tx_sudo.payment_id
        if not payment_sudo:
            raise NotFound()
        # sudo: reports run as the server; access was checked on the transaction.
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(payment_sudo.company_id)
            ._render_qweb_pdf(
                "account.action_report_payment_receipt", payment_sudo.ids
            )[0]
        )
        filename = re.sub(r"\W+", "_", f"Receipt {tx_sudo.reference}") + ".pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                (
                    "Content-Disposition",
                    content_disposition(
                        filename,
                        disposition_type="attachment" if download else "inline",
                    ),
                ),
            ],
        )

    @http.route(
        "/my/payments/<int:tx_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_my_payment(
        self, tx_id, report_type=None, download=False, access_token=None, **kwargs
    ):
        """A payment's page: for the signed-in customer of its company, or
        for anyone with its signed link from the payment's emails."""
        user = request.env.user
        if user._is_public() and not access_token:
            return request.redirect(
                f"/web/login?{urlencode({'redirect': request.httprequest.full_path})}"
            )
        tx_sudo = request.env["payment.transaction"]._payment_portal_get_portal_payment(
            tx_id, user, access_token=access_token
        )
        if not tx_sudo:
            raise NotFound()
        if report_type:
            return self._payment_portal_receipt(tx_sudo, download)
        status = self._payment_portal_tx_status(tx_sudo)
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_payment",
            "tx": tx_sudo,
            "status": status,
            "status_label": self._payment_portal_tx_statuses()[status],
            "retry_url": tx_sudo.invoice_ids._payment_portal_selection_url(),
            "signed_in": not user._is_public(),
            "access_token": access_token if user._is_public() else None,
        }
        return request.render("payment_portal.portal_my_payment", values)
