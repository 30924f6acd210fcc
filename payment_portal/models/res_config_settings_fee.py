# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

# One feature per file: res_config_settings.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited

FEE_FIELDS = (
    "payment_portal_fee_mode",
    "payment_portal_surcharge_rate",
    "payment_portal_surcharge_cap",
    "payment_portal_surcharge_max_amount",
    "payment_portal_convenience_fee",
    "payment_portal_surcharge_off_session",
    "payment_portal_surcharge_country_ids",
    "payment_portal_surcharge_state_ids",
    "payment_portal_fee_account_id",
    "payment_portal_fee_refund",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    payment_portal_fee_mode = fields.Selection(
        related="company_id.payment_portal_fee_mode", readonly=False, required=True
    )
    payment_portal_surcharge_rate = fields.Float(
        related="company_id.payment_portal_surcharge_rate", readonly=False
    )
    payment_portal_surcharge_cap = fields.Float(
        related="company_id.payment_portal_surcharge_cap", readonly=False
    )
    payment_portal_surcharge_max_amount = fields.Monetary(
        related="company_id.payment_portal_surcharge_max_amount", readonly=False
    )
    payment_portal_convenience_fee = fields.Monetary(
        related="company_id.payment_portal_convenience_fee", readonly=False
    )
    payment_portal_surcharge_off_session = fields.Boolean(
        related="company_id.payment_portal_surcharge_off_session", readonly=False
    )
    payment_portal_surcharge_country_ids = fields.Many2many(
        related="company_id.payment_portal_surcharge_country_ids", readonly=False
    )
    payment_portal_surcharge_state_ids = fields.Many2many(
        related="company_id.payment_portal_surcharge_state_ids", readonly=False
    )
    payment_portal_fee_account_id = fields.Many2one(
        related="company_id.payment_portal_fee_account_id", readonly=False
    )
    payment_portal_fee_refund = fields.Boolean(
        related="company_id.payment_portal_fee_refund", readonly=False
    )

    @api.onchange("payment_portal_fee_mode")
    def _onchange_payment_portal_fee_mode(self):
        """Propose the company's other income account for the fees."""
        if self.payment_portal_fee_mode != "none" and not (
            self.payment_portal_fee_account_id
        ):
            self.payment_portal_fee_account_id = self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(self.company_id),
                    ("account_type", "=", "income_other"),
                ],
                limit=1,
            ) or self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(self.company_id),
                    ("account_type", "=", "income"),
                ],
                limit=1,
            )
