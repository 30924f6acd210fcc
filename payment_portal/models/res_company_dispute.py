# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

# One feature per file: res_company.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_portal_disputes_enabled = fields.Boolean(
        string="Customers May Dispute Invoices",
        default=True,
        help="Customers may dispute an invoice in the portal, with a reason and a "
        "message; it cannot be paid until staff resolve the dispute. Off: the "
        "Dispute buttons are hidden and the server refuses.",
    )
    payment_portal_dispute_user_id = fields.Many2one(
        "res.users",
        string="Dispute Responsible",
        domain=[("share", "=", False)],
        help="Gets the activity of a dispute when the invoice has no internal "
        "salesperson.",
    )
