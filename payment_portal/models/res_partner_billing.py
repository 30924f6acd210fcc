# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Billing email addresses: the contacts of a customer that receive its
invoices and payment receipts, managed by staff or in the portal."""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import email_normalize

# One feature per file: res_partner.py holds portal access and activation.
# pylint: disable=consider-merging-classes-inherited


class ResPartner(models.Model):
    _inherit = "res.partner"

    payment_portal_billing_email = fields.Boolean(
        string="Receives Invoices and Receipts",
        copy=False,
        help="A billing email address of the customer: this contact receives "
        "the customer's invoices and payment receipts. Customers manage these "
        "addresses in the portal when the company allows it.",
    )

    def _payment_portal_billing_recipients(self, domain=None):
        """The billing email addresses of this customer (a commercial
        partner): its active contacts flagged to receive invoices and
        receipts, with an email. ``domain`` narrows them (the id a browser
        sent: one that is not theirs finds nothing)."""
        self.ensure_one()
        # sudo: whoever sends (a portal payment, the cron) may not read the
        # customer's contacts; only recipients come out.
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                Domain(
                    [
                        ("id", "child_of", self.commercial_partner_id.id),
                        ("payment_portal_billing_email", "=", True),
                        ("email", "!=", False),
                    ]
                )
                & Domain(domain or Domain.TRUE)
            )
        )

    def _payment_portal_valid_email(self, email):
        """``email`` normalized, or a clear error."""
        normalized = email_normalize(email or "", strict=True)
        if not normalized:
            raise UserError(
                self.env._(
                    "“%(email)s” is not a valid email address.", email=email or ""
                )
            )
        return normalized

    def _payment_portal_change_primary_email(self, email):
        """Change this contact's own primary email, as its user asks in the
        portal: their login follows (see ``write``), refused when another
        account signs in with it.

        :return: the email address, normalized
        """
        self.ensure_one()
        normalized = self._payment_portal_valid_email(email)
        # sudo: the customer's own contact, which portal users may not write.
        self.sudo().write({"email": normalized})
        return normalized

    def _payment_portal_billing_save(self, email, name="", contact=None):
        """Add a billing email address to this customer (a commercial
        partner), or change ``contact``, one of its billing addresses: an
        invoice-type contact flagged to receive invoices and receipts."""
        self.ensure_one()
        if contact and contact.with_context(active_test=False).user_ids:
            raise UserError(
                self.env._(
                    "%(email)s is how a colleague signs in: they change it themselves.",
                    email=contact.email,
                )
            )
        normalized = self._payment_portal_valid_email(email)
        others = self._payment_portal_billing_recipients() - (contact or self.browse())
        if normalized in others.mapped("email_normalized"):
            raise UserError(
                self.env._(
                    "%(email)s already receives your invoices.", email=normalized
                )
            )
        values = {"name": (name or "").strip() or normalized, "email": normalized}
        if contact:
            contact.write(values)
            return contact
        return self.create(
            {
                **values,
                "parent_id": self.id,
                "type": "invoice",
                "payment_portal_billing_email": True,
            }
        )

    def _payment_portal_billing_remove(self):
        """No longer a billing address. Archived (invoices and messages may
        refer to it), unless a colleague signs in with it: they keep their
        contact and only stop receiving invoices."""
        for contact in self:
            values = {"payment_portal_billing_email": False}
            if not contact.with_context(active_test=False).user_ids:
                values["active"] = False
            contact.write(values)
