# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

# One feature per file: res_config_settings.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    payment_portal_statement_monthly = fields.Boolean(
        related="company_id.payment_portal_statement_monthly", readonly=False
    )
    payment_portal_statement_kind = fields.Selection(
        related="company_id.payment_portal_statement_kind", readonly=False
    )
    payment_portal_statement_day = fields.Integer(
        related="company_id.payment_portal_statement_day", readonly=False
    )
