# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .payment_portal_statement import STATEMENT_KIND_SELECTION

# One feature per file: res_company.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_portal_statement_monthly = fields.Boolean(
        string="Monthly Statements by Email",
        help="Every month, customers who opted in (in the portal, or staff on "
        "their contact) receive their statement of account as a PDF at their "
        "billing email addresses.",
    )
    payment_portal_statement_kind = fields.Selection(
        STATEMENT_KIND_SELECTION,
        string="Monthly Statement",
        default="open",
        required=True,
        help="Open items: what is open on the day it is sent, aged. Activity: "
        "everything of last month, with the opening and closing balances.",
    )
    payment_portal_statement_day = fields.Integer(
        string="Monthly Statement Day",
        default=1,
        help="The day of the month (1 to 28) from which the month's statements "
        "are sent.",
    )

    @api.constrains("payment_portal_statement_day")
    def _check_payment_portal_statement_day(self):
        for company in self:
            if not 1 <= company.payment_portal_statement_day <= 28:
                raise ValidationError(
                    self.env._("Monthly statements are sent on a day between 1 and 28.")
                )
