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
