# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Odoo's own parameter: every portal invitation link obeys it.
    payment_portal_activation_validity_hours = fields.Integer(
        string="Activation Link Validity (hours)",
        config_parameter="auth_signup.signup.validity.hours",
        default=72,
    )

    payment_portal_card_failure_email = fields.Boolean(
        related="company_id.payment_portal_card_failure_email", readonly=False
    )
    payment_portal_profile_delete = fields.Boolean(
        related="company_id.payment_portal_profile_delete", readonly=False
    )
    payment_portal_autopay_change = fields.Boolean(
        related="company_id.payment_portal_autopay_change", readonly=False
    )
    payment_portal_autopay_default = fields.Boolean(
        related="company_id.payment_portal_autopay_default", readonly=False
    )
    payment_portal_schedule = fields.Boolean(
        related="company_id.payment_portal_schedule", readonly=False
    )
    payment_portal_installments_max = fields.Integer(
        related="company_id.payment_portal_installments_max", readonly=False
    )
    payment_portal_installments_days = fields.Integer(
        related="company_id.payment_portal_installments_days", readonly=False
    )
    payment_portal_autopay_retry_days = fields.Char(
        string="Auto Pay Retries (days)",
        config_parameter="payment_portal.autopay_retry_days",
        default="1,3",
        help="After a failed Auto Pay charge, try again after these many days "
        "(counted from each failure); after the last, Auto Pay pauses for the "
        "customer and staff get an activity.",
    )

    @api.constrains(
        "payment_portal_installments_max",
        "payment_portal_installments_days",
        "payment_portal_autopay_retry_days",
    )
    def _check_payment_portal_autopay_settings(self):
        for settings in self:
            if not 2 <= settings.payment_portal_installments_max <= 60:
                raise ValidationError(
                    self.env._("An installment plan has between 2 and 60 payments.")
                )
            if not 1 <= settings.payment_portal_installments_days <= 3650:
                raise ValidationError(
                    self.env._("An installment plan spans between 1 and 3650 days.")
                )
            self.env["res.partner"]._payment_portal_autopay_retry_delays(
                settings.payment_portal_autopay_retry_days
            )

    @api.constrains("payment_portal_activation_validity_hours")
    def _check_payment_portal_activation_validity_hours(self):
        for settings in self:
            hours = settings.payment_portal_activation_validity_hours
            if not 1 <= hours <= 24 * 30:
                raise ValidationError(
                    self.env._(
                        "The activation link validity must be between 1 hour and "
                        "720 hours (30 days)."
                    )
                )
