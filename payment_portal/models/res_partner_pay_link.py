# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Pay links: a signed, expiring link to pay the open invoices of one customer
without signing in (the guest pages of controllers/guest.py; the reminders'
Pay now button, staff's "copy pay link").

A link is ``/pay/<customer id>/<expiry>/<signature>``: the signature is an
HMAC (Odoo's ``database.secret``) of the customer, its expiry (Unix seconds)
and the customer's link version; revoking a customer's links bumps the
version, so every earlier link stops working at once. No table of links is
kept: a link cannot be listed, only made again."""

import time
from datetime import datetime, timedelta
from datetime import time as dt_time

from odoo import api, fields, models
from odoo.exceptions import AccessDenied
from odoo.tools import consteq
from odoo.tools.misc import hmac

from .. import const

PAY_LINK_SCOPE = "payment_portal.pay_link"

# One feature per file: res_partner.py holds the portal's other fields.
# pylint: disable=consider-merging-classes-inherited


class PayLinkError(AccessDenied):
    """A pay link that cannot be used: ``kind`` is ``expired`` or
    ``invalid`` (tampered, revoked, of an unknown customer)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class ResPartner(models.Model):
    _inherit = "res.partner"

    payment_portal_pay_link_version = fields.Integer(
        string="Pay Link Version",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
        help="Revoking the customer's pay links increments it: links signed with "
        "an earlier version are refused.",
    )

    # ------------------------------------------------------------------
    # Making and checking links
    # ------------------------------------------------------------------

    def _payment_portal_pay_link_expiry(self, invoices=None):
        """When a link made now for ``invoices`` expires (Unix seconds): 30
        days after their latest due date, at least 7 and at most 120 days
        from now (the end of that day, UTC)."""
        today = fields.Date.context_today(self)
        due_dates = [
            d for d in (invoices.mapped("invoice_date_due") if invoices else []) if d
        ]
        day = (max(due_dates) if due_dates else today) + timedelta(
            days=const.PAY_LINK_DAYS_AFTER_DUE
        )
        day = min(
            max(day, today + timedelta(days=const.PAY_LINK_MIN_DAYS)),
            today + timedelta(days=const.PAY_LINK_MAX_DAYS),
        )
        return int(datetime.combine(day, dt_time.max).timestamp())

    def _payment_portal_pay_link_signature(self, expiry):
        """The signature of this customer's link expiring at ``expiry``."""
        self.ensure_one()
        # sudo: the version is staff-only; the secret is a system parameter.
        partner = self.sudo()
        return hmac(
            self.env(su=True),
            PAY_LINK_SCOPE,
            (partner.id, partner.payment_portal_pay_link_version, int(expiry)),
        )

    def _payment_portal_pay_link(self, invoices=None):
        """``(absolute URL, expiry datetime)`` of a new pay link of this
        contact's customer (its commercial partner) for ``invoices``."""
        self.ensure_one()
        customer = self.commercial_partner_id
        expiry = customer._payment_portal_pay_link_expiry(invoices)
        signature = customer._payment_portal_pay_link_signature(expiry)
        base_url = customer.sudo().get_base_url()
        return (
            f"{base_url}/pay/{customer.id}/{expiry}/{signature}",
            datetime.fromtimestamp(expiry),
        )

    @api.model
    def _payment_portal_check_pay_link(self, customer_id, expiry, signature):
        """The customer (in sudo) of a pay link, or :class:`PayLinkError`.

        A tampered, revoked or foreign link is ``invalid``; a genuine link
        past its expiry is ``expired`` (only a genuine one: the page may say
        so without telling anything of a forged one)."""
        # sudo: a visitor without a login opens the link; only the customer
        # it was signed for comes out.
        customer = self.sudo().browse(customer_id).exists()
        if (
            not customer
            or customer != customer.commercial_partner_id
            or not isinstance(signature, str)
            or not consteq(
                customer._payment_portal_pay_link_signature(expiry), signature
            )
        ):
            raise PayLinkError("invalid")
        if int(expiry) < time.time():
            raise PayLinkError("expired")
        return customer

    # ------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------

    def action_payment_portal_copy_pay_link(self):
        """Staff: show a new pay link of this customer, to copy."""
        self.ensure_one()
        url, expiry = self._payment_portal_pay_link(
            self.env["account.move"].search(
                self.env["account.move"]._payment_portal_due_domain(self)
            )
        )
        wizard = self.env["payment.portal.pay.link.wizard"].create(
            {"partner_id": self.commercial_partner_id.id, "url": url, "expiry": expiry}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pay Link"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_payment_portal_revoke_pay_links(self):
        """Staff: every pay link made so far for these customers stops
        working."""
        for customer in self.commercial_partner_id:
            # sudo: the version is staff-only and written by this action only.
            customer.sudo().payment_portal_pay_link_version += 1
            customer.message_post(
                body=self.env._(
                    "Pay links revoked: the links sent so far no longer open."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
