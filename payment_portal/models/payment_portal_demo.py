# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The demo's payment history, saved methods, Auto Pay and schedules.

Called by ``demo/payment_portal_demo_history.xml`` (demo data only). Every
record is made by the flows the portal uses: transactions driven through
the demo provider's states and post-processed (payments reconciled, mails
queued), Auto Pay failures counted by the cron's own bookkeeping, schedules
and plans validated as the portal form does. The demo provider belongs to
``payment_demo``, which the demo installs beside the addons; without it the
demo stays without history (logged)."""

import logging
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Command

_logger = logging.getLogger(__name__)

# Payment methods of the demo's saved methods and payments.
DEMO_METHODS = {
    "card": "payment.payment_method_card",
    "ach": "payment.payment_method_ach_direct_debit",
}


class PaymentPortalDemo(models.AbstractModel):
    _name = "payment.portal.demo"
    _description = "Customer Payment Portal: demo history"

    @api.model
    def _demo_provider(self):
        """The demo provider, enabled in test mode with saved methods; empty
        when ``payment_demo`` is not installed."""
        provider = self.env.ref("payment.payment_provider_demo", False)
        if not provider or provider.code != "demo":
            _logger.info("payment_demo is not installed: no demo payment history")
            return self.env["payment.provider"]
        if provider.state == "disabled":
            provider.write({"state": "test", "allow_tokenization": True})
        return provider

    @api.model
    def _demo_datetime(self, days_ago):
        """A time ``days_ago`` days back: creation dates may be set while the
        registry loads (demo data), and are ignored otherwise."""
        day = fields.Date.context_today(self) - timedelta(days=days_ago)
        return datetime.combine(day, time(15, 30))

    @api.model
    def _demo_token(self, partner_id, kind, digits, simulated_state, days_ago=0):
        """The saved ``kind`` (card, ach) of a contact ending in ``digits``;
        its charges end in ``simulated_state`` (the demo provider's)."""
        provider = self._demo_provider()
        if not provider:
            return self.env["payment.token"]
        partner = self.env["res.partner"].browse(partner_id)
        reference = f"demo-{partner.id}-{kind}-{digits}"
        Token = self.env["payment.token"]
        return Token.search([("provider_ref", "=", reference)], limit=1) or (
            Token.create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": self.env.ref(DEMO_METHODS[kind]).id,
                    "partner_id": partner.id,
                    "payment_details": digits,
                    "provider_ref": reference,
                    "demo_simulated_state": simulated_state,
                    "create_date": self._demo_datetime(days_ago),
                }
            )
        )

    @api.model
    def _demo_find_token(self, partner_id, digits):
        partner = self.env["res.partner"].browse(partner_id)
        return self.env["payment.token"].search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("payment_details", "=", digits),
            ],
            limit=1,
        )

    @api.model
    def _demo_pay(
        self, partner_id, invoice_ids, steps, kind="card", digits=None, days_ago=0
    ):
        """A portal payment of the invoices by a contact, as the checkout
        creates it, taken through ``steps``: ``done``, ``pending``, or
        ``error: <reason>``; each step post-processed (payment created and
        reconciled, receipt, pending or failure mail) as the status page or
        the post-processing cron does."""
        provider = self._demo_provider()
        if not provider:
            return self.env["payment.transaction"]
        invoices = self.env["account.move"].browse(invoice_ids)
        partner = self.env["res.partner"].browse(partner_id)
        token = self._demo_find_token(partner_id, digits) if digits else None
        company = invoices.company_id
        Tx = self.env["payment.transaction"]
        prefix = (
            company._payment_portal_next_batch_reference()
            if len(invoices) > 1
            else None
        )
        tx = Tx.create(
            {
                "provider_id": provider.id,
                "payment_method_id": (
                    token.payment_method_id
                    if token
                    else self.env.ref(DEMO_METHODS[kind])
                ).id,
                "token_id": token.id if token else False,
                "operation": "online_token" if token else "online_direct",
                "amount": invoices._payment_portal_amount_due(),
                "currency_id": invoices.currency_id.id,
                "partner_id": partner.id,
                "reference": Tx._compute_reference(
                    provider.code,
                    prefix=prefix,
                    invoice_ids=[Command.set(invoices.ids)],
                ),
                "invoice_ids": [Command.set(invoices.ids)],
                "payment_portal_origin": "portal",
                "create_date": self._demo_datetime(days_ago),
            }
        )
        tx.landing_route = f"/my/payments/{tx.id}"
        for step in steps:
            if step.startswith("error:"):
                tx._set_error(step.split(":", 1)[1].strip())
            else:
                tx._process(
                    "demo", {"reference": tx.reference, "simulated_state": step}
                )
            tx._post_process()
        return tx

    @api.model
    def _demo_autopay(self, partner_id, digits, failures=0):
        """Auto Pay on with the contact's saved method ending in ``digits``,
        as ticked when saving it; then ``failures`` failed runs on the
        invoices due, as the cron charges and counts them (the last retry
        pauses Auto Pay and gives staff an activity)."""
        token = self._demo_find_token(partner_id, digits)
        if not token:
            return
        autopay = self.env["payment.portal.autopay"]._payment_portal_use(
            token.partner_id, token
        )
        Tx = self.env["payment.transaction"]
        for _run in range(failures):
            groups = autopay._payment_portal_invoices()
            for (_company, currency), invoices in groups.items():
                tx = Tx._payment_portal_create_offline(
                    token, invoices, currency, origin="autopay"
                )
                tx._payment_portal_charge()

    @api.model
    def _demo_schedule(self, partner_id, digits, invoice_ids, amount, in_days):
        """A payment a contact scheduled in the portal (validated as the
        form does)."""
        token = self._demo_find_token(partner_id, digits)
        if not token:
            return self.env["payment.portal.schedule"]
        contact = self.env["res.partner"].browse(partner_id)
        return self.env["payment.portal.schedule"]._payment_portal_schedule(
            contact.commercial_partner_id,
            token,
            self.env["account.move"].browse(invoice_ids),
            amount,
            fields.Date.context_today(self) + timedelta(days=in_days),
            contact,
        )

    @api.model
    def _demo_plan(self, partner_id, digits, invoice_id, in_days):
        """An installment plan a contact set up for one invoice, one
        payment ``in_days`` days from today each."""
        token = self._demo_find_token(partner_id, digits)
        if not token:
            return self.env["payment.portal.schedule"]
        contact = self.env["res.partner"].browse(partner_id)
        today = fields.Date.context_today(self)
        return self.env["payment.portal.schedule"]._payment_portal_create_plan(
            contact.commercial_partner_id,
            token,
            self.env["account.move"].browse(invoice_id),
            [today + timedelta(days=days) for days in in_days],
            contact,
        )
