# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _eval_context(self):
        # The rule hiding future-dated invoices from customers compares dates.
        """Override of `base` to give record rules today's date (the rule
        hiding future-dated invoices compares dates)."""
        return {**super()._eval_context(), "payment_portal_today": fields.Date.today()}

    def _compute_domain_context_values(self):
        """Override of `base` to key the rules' cache on the day."""
        yield from super()._compute_domain_context_values()
        # Rules are cached: the cache of the day before must not serve today.
        yield fields.Date.today()
