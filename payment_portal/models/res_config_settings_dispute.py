# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

# One feature per file: res_config_settings.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    payment_portal_disputes_enabled = fields.Boolean(
        related="company_id.payment_portal_disputes_enabled", readonly=False
    )
    payment_portal_dispute_user_id = fields.Many2one(
        related="company_id.payment_portal_dispute_user_id", readonly=False
    )
