# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The emails of portal payments: receipt, pending and failure, each once."""

import logging

from odoo import fields, models
from odoo.fields import Command

_logger = logging.getLogger(__name__)

# Mails about a portal payment: flag field and template of each.
PAYMENT_MAILS = {
    "receipt": (
        "payment_portal_receipt_sent",
        "payment_portal.mail_template_payment_receipt",
    ),
    "pending": (
        "payment_portal_pending_sent",
        "payment_portal.mail_template_payment_pending",
    ),
    "failure": (
        "payment_portal_failure_sent",
        "payment_portal.mail_template_payment_failure",
    ),
}


# One feature per file: payment_transaction.py holds the portal's payments.
# pylint: disable=consider-merging-classes-inherited


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payment_portal_receipt_sent = fields.Boolean(readonly=True, copy=False)
    payment_portal_pending_sent = fields.Boolean(readonly=True, copy=False)
    payment_portal_failure_sent = fields.Boolean(readonly=True, copy=False)

    def _payment_portal_failure_mailed(self):
        """Failures are always mailed after a pending (ACH) payment; card
        declines only when the company asks for it (the page says it anyway).
        A draft superseded by a newer attempt is no failure."""
        self.ensure_one()
        if self.payment_portal_pending_sent or self.payment_portal_origin in (
            "autopay",
            "schedule",
        ):
            return True  # The customer was not there to see it.
        return (
            self.state == "error" and self.company_id.payment_portal_card_failure_email
        )

    def _payment_portal_send_mail(self, kind):
        """Queue the mail of this kind unless it was already queued.

        The transaction row is locked first: a provider notifying twice, the
        post-processing cron and the customer's status page never send twice.
        """
        self.ensure_one()
        flag, template_xmlid = PAYMENT_MAILS[kind]
        self.lock_for_update()
        self.invalidate_recordset([flag])
        if self[flag]:
            return
        template = self.env.ref(template_xmlid)
        # The customer's billing email addresses get receipts too.
        recipients = (
            self.partner_id
            | self.partner_id.commercial_partner_id._payment_portal_billing_recipients()
        )
        # The PDF receipt is rendered by the mail queue when it sends the
        # mail (see mail.mail._payment_portal_attach_reports), not here.
        email_values = {"recipient_ids": [Command.link(p.id) for p in recipients]}
        if template.report_template_ids:
            email_values["payment_portal_report_template_id"] = template.id
        template.sudo().with_context(payment_portal_defer_reports=True).send_mail(
            self.id, force_send=False, email_values=email_values
        )
        self[flag] = True
        _logger.info(
            "Payment portal %s mail queued for transaction %s", kind, self.reference
        )
