# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The gateway's credentials are shown for reference only: they are edited
    # on the provider (payment.provider), where Odoo guards them.
    payment_portal_gateway_id = fields.Many2one(
        "payment.provider",
        string="Payment Gateway",
        compute="_compute_payment_portal_gateway",
    )
    payment_portal_gateway_state = fields.Char(
        string="Gateway State", compute="_compute_payment_portal_gateway"
    )
    payment_portal_gateway_environment = fields.Char(
        string="Gateway Environment", compute="_compute_payment_portal_gateway"
    )
    payment_portal_gateway_location = fields.Char(
        string="Location", compute="_compute_payment_portal_gateway"
    )
    payment_portal_gateway_user = fields.Char(
        string="User ID", compute="_compute_payment_portal_gateway"
    )
    payment_portal_gateway_key = fields.Char(
        string="User API Key", compute="_compute_payment_portal_gateway"
    )

    @api.depends("company_id")
    def _compute_payment_portal_gateway(self):
        for settings in self:
            # sudo: the credentials are admin-only fields; only the masked key
            # and the ids leave this method.
            provider = (
                self.env["payment.provider"]
                .sudo()
                .search(
                    [
                        ("code", "=", "paya_connect"),
                        ("company_id", "=", settings.company_id.id),
                    ],
                    order="state desc, id",
                    limit=1,
                )
            )
            states = dict(provider._fields["state"]._description_selection(self.env))
            environments = dict(
                provider._fields["paya_environment"]._description_selection(self.env)
            )
            key = provider.paya_user_api_key or ""
            settings.update(
                {
                    "payment_portal_gateway_id": provider.id,
                    "payment_portal_gateway_state": states.get(provider.state, ""),
                    "payment_portal_gateway_environment": environments.get(
                        provider.paya_environment, ""
                    ),
                    "payment_portal_gateway_location": " ".join(
                        filter(
                            None,
                            [
                                provider.paya_location_name,
                                provider.paya_location_id
                                and f"({provider.paya_location_id})",
                            ],
                        )
                    ),
                    "payment_portal_gateway_user": provider.paya_user_id,
                    "payment_portal_gateway_key": f"••••{key[-4:]}" if key else "",
                }
            )

    def action_payment_portal_open_gateway(self):
        """Open the provider, where the credentials are edited."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.provider",
            "res_id": self.payment_portal_gateway_id.id,
            "view_mode": "form",
            "target": "current",
        }
