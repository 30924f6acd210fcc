# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Short payments at checkout: the amounts the customer pays on each invoice
when its company lets it pay less than the amount due."""

from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.payment.controllers.portal import PaymentPortal


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def short_choices(invoices, form):
    """What the checkout form asks: invoice id -> (amount, reason id, text)
    for each invoice whose amount the customer lowered (``amount`` ``None``
    when it is not a number)."""
    choices = {}
    for invoice in invoices:
        raw = form.get(f"amount_{invoice.id}")
        if raw is None:
            continue
        amount = PaymentPortal._cast_as_float(raw)
        if amount is not None and not invoice.currency_id.compare_amounts(
            amount, invoice.amount_residual
        ):
            continue  # the amount due: not a short payment
        choices[invoice.id] = (
            amount,
            _int_or_none(form.get(f"reason_{invoice.id}")),
            form.get(f"reason_text_{invoice.id}") or "",
        )
    return choices


def short_payments(invoices, form):
    """The short payments of a checkout: chosen now (POST), or refused with
    the error to show (nothing recorded). ``(records, error)``."""
    ShortPayment = request.env["payment.portal.short.payment"]
    if request.httprequest.method != "POST":
        return ShortPayment.browse(), None
    try:
        # A refusal records nothing (the savepoint is rolled back).
        with request.env.cr.savepoint():
            return ShortPayment._payment_portal_choose(
                request.env.user.partner_id, invoices, short_choices(invoices, form)
            ), None
    except UserError as error:
        return ShortPayment.browse(), error.args[0]


def short_values(invoices, shorts, error, form):
    """The checkout page's values about short payments."""
    company = invoices.company_id
    enabled = company.payment_portal_short_payments
    return {
        "short_enabled": enabled,
        "shorts": shorts,
        "short_amounts": shorts._payment_portal_amounts(),
        "short_error": error,
        "short_form": form if error else {},
        "short_reasons": (
            request.env["payment.portal.reason"]._payment_portal_reasons(
                "short_payment", company
            )
            if enabled
            else ()
        ),
    }
