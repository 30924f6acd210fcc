# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_portal_card_failure_email = fields.Boolean(
        string="Email Customers About Declined Cards",
        help="Email the customer when a card payment of the portal is declined "
        "or fails. The portal always tells them on the page. Failures of bank "
        "(ACH) payments, which are known only later, are always emailed.",
    )
