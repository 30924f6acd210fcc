# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The customer's payments: their history, a payment's page, its receipt."""

import re
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .payment_portal import PAGE_SIZE


def pdf_response(pdf, name, download=True):
    """``pdf`` as a response, a download (or shown inline) named after
    ``name``."""
    filename = re.sub(r"\W+", "_", name) + ".pdf"
    return request.make_response(
        pdf,
        headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            (
                "Content-Disposition",
                content_disposition(
                    filename, disposition_type="attachment" if download else "inline"
                ),
            ),
        ],
    )


class PaymentPortalPayments(PortalAccount):
    """The history of the customer's payments and each payment's page."""

    @http.route(
        ["/my/payments", "/my/payments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
    )
    def portal_my_payments(self, page=1, **kwargs):
        partner = request.env.user.partner_id
        Tx = request.env["payment.transaction"]
        pager = portal_pager(
            url="/my/payments",
            total=Tx._payment_portal_history_count(partner),
            page=page,
            step=PAGE_SIZE,
        )
        txs_sudo = Tx._payment_portal_history(
            partner, limit=PAGE_SIZE, offset=pager["offset"]
        )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_payments",
            "transactions": txs_sudo,
            "tx_status": {
                tx.id: tx._payment_portal_history_status() for tx in txs_sudo
            },
            "tx_status_labels": Tx._payment_portal_history_status_labels(),
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
        return pdf_response(pdf, f"Receipt {tx_sudo.reference}", download)

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
        status = tx_sudo._payment_portal_history_status()
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_payment",
            "tx": tx_sudo,
            "status": status,
            "status_label": tx_sudo._payment_portal_history_status_labels()[status],
            "retry_url": tx_sudo.invoice_ids._payment_portal_selection_url(),
            "signed_in": not user._is_public(),
            "access_token": access_token if user._is_public() else None,
        }
        return request.render("payment_portal.portal_my_payment", values)
