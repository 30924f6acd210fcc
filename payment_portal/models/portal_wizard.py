# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        """Override of `portal`.

        Send Activation Link reuses the portal wizard to create the login,
        but announces it with the payment portal's branded template, through
        the mail queue, in the same transaction as the login."""
        if not self.env.context.get("payment_portal_activation"):
            return super()._send_email()
        self.ensure_one()
        self.user_id.partner_id._portal_send_link("signup")
        return True
