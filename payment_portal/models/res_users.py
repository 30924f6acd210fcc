# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models
from odoo.fields import Domain


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_login_domain(self, login):
        """Sign in with the account number (the Reference of the customer's
        company contact) where the company allows it. Everything else of
        Odoo's login is kept: the password check, the cooldown after failed
        attempts (keyed by what was typed). An unknown, ambiguous or inactive
        account number matches nobody: the same error as a wrong password."""
        domain = super()._get_login_domain(login)
        account = (login or "").strip()
        # sudo: signing in happens before anyone is known.
        Users = self.sudo().with_context(active_test=True)
        if not account or Users.search_count(domain, limit=1):
            return domain
        users = Users.search(
            [
                ("share", "=", True),
                ("partner_id.commercial_partner_id.ref", "=", account),
                ("company_id.payment_portal_login_ref", "=", True),
            ],
            limit=2,
        )
        if len(users) != 1:
            return domain
        return Domain("id", "=", users.id)
