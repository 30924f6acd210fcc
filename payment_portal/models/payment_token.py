# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class PaymentToken(models.Model):
    _inherit = "payment.token"

    @api.model
    def _payment_portal_of_customer(self, partner, domain=None):
        """The saved payment methods of the customer of ``partner`` (those of
        every contact of its company), active, newest first, in sudo.

        :param partner: any contact of the customer (``res.partner``)
        :param domain: narrows them, e.g. to the id a browser sent: an id that
            is not one of the customer's finds nothing
        """
        # sudo: tokens are not readable by portal users; the domain keeps the
        # customer's own.
        return self.sudo().search(
            Domain(
                "partner_id.commercial_partner_id",
                "=",
                partner.commercial_partner_id.id,
            )
            & Domain(domain or Domain.TRUE),
            order="create_date desc, id desc",
        )

    def _payment_portal_check_deletion(self):
        """Refuse, with a message for the customer, deleting these saved
        methods in the portal when their company keeps that to itself."""
        for token in self:
            company = token.provider_id.company_id or self.env.company
            if not company.payment_portal_profile_delete:
                raise UserError(
                    self.env._(
                        "Saved payment methods can only be deleted by %(company)s. "
                        "Contact them to remove it.",
                        company=company.name,
                    )
                )

    def write(self, vals):
        """Override of `payment`.

        Deleting (archiving) the Auto Pay method turns Auto Pay off, and its
        record says so."""
        res = super().write(vals)
        if vals.get("active") is False:
            self.env["payment.portal.autopay"]._payment_portal_tokens_deleted(self)
        return res
