# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# The longest text a customer may type with a reason.
REASON_TEXT_MAX = 500


class PaymentPortalReason(models.Model):
    """The reasons customers choose from when they dispute an invoice or pay
    less than its amount due; staff keep the list."""

    _name = "payment.portal.reason"
    _description = "Payment Portal Reason"
    _order = "usage, sequence, id"

    name = fields.Char(required=True, translate=True)
    usage = fields.Selection(
        [("short_payment", "Short Payment"), ("dispute", "Dispute")],
        required=True,
        default="dispute",
        help="Where customers choose this reason: when they pay less than the "
        "amount due of an invoice, or when they dispute an invoice.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_other = fields.Boolean(
        string="Other",
        help="The customer must type a text with this reason.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Empty: offered to the customers of every company.",
    )

    @api.model
    def _payment_portal_reasons_domain(self, usage, company):
        return (
            Domain("usage", "=", usage)
            & Domain("active", "=", True)
            & (Domain("company_id", "=", False) | Domain("company_id", "=", company.id))
        )

    @api.model
    def _payment_portal_reasons(self, usage, company):
        """The reasons the portal form of ``usage`` offers to the customers
        of ``company``, in sudo (portal users read none)."""
        # sudo: customers choose from the list but may not read the model.
        return self.sudo().search(self._payment_portal_reasons_domain(usage, company))

    @api.model
    def _payment_portal_check_reason(self, usage, reason_id, text, company=None):
        """The reason a customer chose and the text typed with it, checked.

        :param usage: ``short_payment`` or ``dispute``
        :param reason_id: what the form sent (a string or an int)
        :param text: what the customer typed ("Other"), or nothing
        :param company: the company of the invoice (default: the current one)
        :return: (reason record in sudo, stripped text or ``""``)
        :raise UserError: not an active reason of that usage and company, or
            "Other" without a text, or a text too long
        """
        company = company or self.env.company
        try:
            reason_id = int(reason_id or 0)
        except (TypeError, ValueError):
            reason_id = 0
        reason = self.browse()
        if 0 < reason_id < 2**31:
            # sudo: see _payment_portal_reasons().
            reason = self.sudo().search(
                self._payment_portal_reasons_domain(usage, company)
                & Domain("id", "=", reason_id),
                limit=1,
            )
        if not reason:
            raise UserError(self.env._("Choose one of the reasons in the list."))
        text = self._payment_portal_clean_text(
            text, REASON_TEXT_MAX, self.env._("The reason")
        )
        if reason.is_other and not text:
            raise UserError(self.env._("Describe the reason in a few words."))
        return reason, text

    @api.model
    def _payment_portal_clean_text(self, value, max_length, label):
        """``value``, a text a customer typed, stripped (``""`` when it is not
        text); longer than ``max_length``: refused, naming it ``label``."""
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > max_length:
            raise UserError(
                self.env._(
                    "%(label)s is too long: %(max)s characters at most.",
                    label=label,
                    max=max_length,
                )
            )
        return text
