# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PaymentPortalLink(models.Model):
    """A link admins add to the customer portal's navigation (their website,
    a survey...)."""

    _name = "payment.portal.link"
    _description = "Customer Portal Link"
    _order = "company_id, sequence, id"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Text", required=True, translate=True)
    url = fields.Char(string="URL", required=True)
    new_window = fields.Boolean(
        string="Open in New Window",
        help="The link opens in a new browser tab (without access to the portal's "
        "window).",
    )

    @api.constrains("url")
    def _check_url(self):
        for link in self:
            parts = urlsplit((link.url or "").strip())
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or len(link.url) > 2048
                or any(char.isspace() or ord(char) < 32 for char in link.url.strip())
            ):
                raise ValidationError(
                    self.env._(
                        "The portal link %(name)s needs a web address starting "
                        "with http:// or https://, such as https://example.com.",
                        name=link.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("url"):
                vals["url"] = vals["url"].strip()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("url"):
            vals["url"] = vals["url"].strip()
        return super().write(vals)
