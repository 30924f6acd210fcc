# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from markupsafe import escape

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
    payment_portal_credits_first = fields.Boolean(
        related="company_id.payment_portal_credits_first", readonly=False
    )
    payment_portal_short_payments = fields.Boolean(
        related="company_id.payment_portal_short_payments", readonly=False
    )
    payment_portal_short_min_amount = fields.Float(
        related="company_id.payment_portal_short_min_amount", readonly=False
    )
    payment_portal_short_min_percent = fields.Float(
        related="company_id.payment_portal_short_min_percent", readonly=False
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
    payment_portal_enabled = fields.Boolean(
        related="company_id.payment_portal_enabled", readonly=False
    )
    payment_portal_manage_emails = fields.Boolean(
        related="company_id.payment_portal_manage_emails", readonly=False
    )
    payment_portal_manage_address = fields.Boolean(
        related="company_id.payment_portal_manage_address", readonly=False
    )
    payment_portal_email_link = fields.Boolean(
        related="company_id.payment_portal_email_link", readonly=False
    )
    payment_portal_hide_future_invoices = fields.Boolean(
        related="company_id.payment_portal_hide_future_invoices", readonly=False
    )
    payment_portal_color = fields.Char(
        related="company_id.payment_portal_color", readonly=False
    )
    payment_portal_logo = fields.Image(
        related="company_id.payment_portal_logo", readonly=False
    )
    payment_portal_landing_text = fields.Text(
        related="company_id.payment_portal_landing_text", readonly=False
    )
    payment_portal_frame_origins = fields.Text(
        related="company_id.payment_portal_frame_origins", readonly=False
    )
    payment_portal_login_ref = fields.Boolean(
        related="company_id.payment_portal_login_ref", readonly=False
    )
    payment_portal_link_count = fields.Integer(compute="_compute_payment_portal_embed")
    payment_portal_landing_url = fields.Char(
        string="Landing Page URL", compute="_compute_payment_portal_embed"
    )
    payment_portal_embed_code = fields.Char(
        string="Embed Code", compute="_compute_payment_portal_embed"
    )
    payment_portal_landing_link = fields.Char(
        string="Landing Page Link", compute="_compute_payment_portal_embed"
    )
    payment_portal_autopay_retry_days = fields.Char(
        string="Auto Pay Retries (days)",
        config_parameter="payment_portal.autopay_retry_days",
        default="1,3",
        help="After a failed Auto Pay charge, try again after these many days "
        "(counted from each failure); after the last, Auto Pay pauses for the "
        "customer and staff get an activity.",
    )

    @api.depends("company_id")
    def _compute_payment_portal_embed(self):
        for settings in self:
            company = settings.company_id
            url = escape(company._payment_portal_landing_url())
            title = escape(self.env._("Pay your invoices online"))
            settings.payment_portal_landing_url = url
            settings.payment_portal_link_count = len(company.payment_portal_link_ids)
            settings.payment_portal_embed_code = (
                f'<iframe src="{url}" title="{title}" width="100%" height="560" '
                'style="border: 0;" loading="lazy"></iframe>'
            )
            settings.payment_portal_landing_link = f'<a href="{url}">{title}</a>'

    def action_payment_portal_links(self):
        """The portal's additional links of the company, to edit in a list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Portal Links"),
            "res_model": "payment.portal.link",
            "view_mode": "list",
            "domain": [("company_id", "=", self.company_id.id)],
            "context": {"default_company_id": self.company_id.id},
            "target": "current",
        }

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
            self.env["payment.portal.autopay"]._payment_portal_retry_delays(
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
