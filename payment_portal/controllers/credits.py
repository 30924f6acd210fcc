# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Credits covering a selection: applied without a payment."""

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils

from .checkout import PaymentPortalCheckout, _selection_key
from .payment_portal import _parse_ids


class PaymentPortalCredits(PaymentPortalCheckout):
    """Settle invoices with the customer's credits alone."""

    @http.route(
        "/my/pay/apply_credits",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def portal_pay_apply_credits(
        self, invoice_ids="", credit_ids="", total=None, access_token=None, **kwargs
    ):
        """Settle the selected invoices with the selected credits alone."""
        partner = request.env.user.partner_id
        ids = _parse_ids(invoice_ids)
        credit_ids = _parse_ids(credit_ids)
        try:
            # A refusal changes nothing (the savepoint is rolled back).
            with request.env.cr.savepoint():
                invoices, credits = self._payment_portal_browse(
                    partner, ids, credit_ids
                )
                if not credits:
                    raise UserError(request.env._("Select the credits to apply."))
                amount = invoices._payment_portal_net_amount(credits)
                if not payment_utils.check_access_token(
                    access_token,
                    partner.commercial_partner_id.id,
                    _selection_key(invoices, credits),
                    amount,
                    invoices.currency_id.id,
                ):
                    # not what the checkout page showed this customer
                    raise UserError(
                        request.env._(
                            "Your credits or the amounts due changed since this "
                            "page was shown (another payment may have used a "
                            "credit). Here are the current figures: select again."
                        )
                    )
                invoices._payment_portal_apply_credits(
                    credits, expected_amount=self._cast_as_float(total)
                )
        except UserError as error:
            return self._payment_portal_back_to_selection(
                ids, error.args[0], credit_ids
            )
        return request.render(
            "payment_portal.portal_pay_credits_applied",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "payment_portal_checkout",
                "invoices": invoices,
                "credits": credits,
                "currency": invoices.currency_id,
                "selection_url": "/my/pay",
            },
        )
