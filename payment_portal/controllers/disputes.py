# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Disputes in the portal: a customer disputes one of its invoices with a
reason, a message and an optional file; the rules are in the model."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers import payment as account_payment_payment
from odoo.addons.account_payment.controllers.portal import PortalAccount

from ..models.account_move_dispute import DISPUTE_ATTACHMENT_MAX_BYTES


class PaymentPortalDisputes(PortalAccount):
    @staticmethod
    def _payment_portal_disputable_sudo(invoice_id):
        """The invoice ``invoice_id`` if the signed-in customer may dispute
        it now, else 404 (never telling whether it exists)."""
        if not request.env.company.payment_portal_disputes_enabled:
            raise NotFound()
        # sudo: the invoice is checked to be the customer's just below.
        invoice = request.env["account.move"].sudo().browse(invoice_id).exists()
        user = request.env.user
        if (
            not invoice
            or not user.share
            or not invoice._payment_portal_disputable(user.partner_id)
        ):
            raise NotFound()
        return invoice

    @staticmethod
    def _payment_portal_read_attachment():
        """The file of the form, as (file name, content), read up to one byte
        past the limit (the model refuses what is larger)."""
        upload = request.httprequest.files.get("attachment")
        if not upload or not upload.filename:
            return None
        return upload.filename, upload.read(DISPUTE_ATTACHMENT_MAX_BYTES + 1)

    @http.route(
        "/my/pay/dispute/<int:invoice_id>",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
        # a file over the limit is refused by the model; far over, here
        max_content_length=DISPUTE_ATTACHMENT_MAX_BYTES + 1024 * 1024,
    )
    def portal_pay_dispute(self, invoice_id, **form):
        invoice = self._payment_portal_disputable_sudo(invoice_id)
        error = None
        if request.httprequest.method == "POST":
            try:
                invoice._payment_portal_raise_dispute(
                    request.env.user.partner_id,
                    form.get("reason_id"),
                    form.get("reason_text"),
                    form.get("message"),
                    self._payment_portal_read_attachment(),
                )
            except UserError as exc:
                error = str(exc)
            else:
                return request.redirect(f"/my/invoices/{invoice.id}?dispute=raised")
        return request.render(
            "payment_portal.portal_pay_dispute",
            {
                "page_name": "payment_portal_dispute",
                "invoice_sudo": invoice,
                "reasons_sudo": request.env[
                    "payment.portal.reason"
                ]._payment_portal_reasons("dispute", invoice.company_id),
                "form": form if error else {},
                "error": error,
                "max_megabytes": DISPUTE_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            },
            status=400 if error else 200,
        )

    def _get_overdue_invoices_domain(self, partner_id=None):
        """Override of `account`: invoices in open dispute are not paid with the
        overdue ones."""
        return list(super()._get_overdue_invoices_domain(partner_id)) + [
            ("payment_portal_dispute_state", "!=", "open")
        ]

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        """Override of `account_payment`: Odoo's invoice page offers a signed-in
        customer to dispute the invoice, and says when it is disputed."""
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        user = request.env.user
        if (
            user.share
            and not user._is_public()
            and request.env.company.payment_portal_enabled
            and invoice.company_id.payment_portal_disputes_enabled
            and invoice._payment_portal_disputable(user.partner_id)
        ):
            values["payment_portal_dispute_url"] = f"/my/pay/dispute/{invoice.id}"
        values["payment_portal_dispute_raised"] = kwargs.get("dispute") == "raised"
        return values


class PaymentPortalDisputeTransactions(account_payment_payment.PaymentPortal):
    @http.route()
    def invoice_transaction(self, invoice_id, access_token=None, **kwargs):
        """Override of `account_payment`: an invoice in open dispute is not paid,
        not even with an access token."""
        try:
            invoice_sudo = self._document_check_access(
                "account.move", invoice_id, access_token
            )
        except (AccessError, MissingError, TypeError, ValueError):
            invoice_sudo = None  # refused by the routes below, as they do
        if invoice_sudo and invoice_sudo.payment_portal_dispute_state == "open":
            raise ValidationError(invoice_sudo._get_online_payment_error())
        return super().invoice_transaction(invoice_id, access_token, **kwargs)
