# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Disputes: a customer flags an invoice from the portal, staff accept it
(a credit note) or reject it (the invoice is payable again)."""

import logging

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .. import const

_logger = logging.getLogger(__name__)

# One feature per file: account_move.py holds what a customer pays.
# pylint: disable=consider-merging-classes-inherited

# What a customer may attach to a dispute: one file, of these types.
DISPUTE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
DISPUTE_ATTACHMENT_MIMETYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "text/plain",
    "text/csv",
)
DISPUTE_MESSAGE_MAX = 5000


class AccountMove(models.Model):
    _inherit = "account.move"

    payment_portal_dispute_state = fields.Selection(
        [("open", "Open"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        string="Dispute",
        copy=False,
        readonly=True,
        tracking=True,
        index="btree_not_null",
        help="Open: the customer disputed the invoice in the portal; it cannot "
        "be paid until staff accept the dispute (a credit note) or reject it.",
    )
    payment_portal_dispute_reason_id = fields.Many2one(
        "payment.portal.reason",
        string="Dispute Reason",
        copy=False,
        readonly=True,
    )
    payment_portal_dispute_text = fields.Char(
        string="Dispute Reason Details", copy=False, readonly=True
    )
    payment_portal_dispute_date = fields.Datetime(
        string="Disputed On", copy=False, readonly=True
    )
    payment_portal_dispute_partner_id = fields.Many2one(
        "res.partner",
        string="Disputed By",
        copy=False,
        readonly=True,
        help="The customer's contact who disputed the invoice: told of the outcome.",
    )
    payment_portal_dispute_activity_id = fields.Many2one(
        "mail.activity", copy=False, readonly=True, ondelete="set null"
    )

    # ------------------------------------------------------------------
    # Payments refused while disputed
    # ------------------------------------------------------------------

    def _has_to_be_paid(self):
        """Override of `account_payment`: Odoo's Pay button is not offered for an
        invoice in open dispute."""
        return super()._has_to_be_paid() and self.payment_portal_dispute_state != "open"

    def _get_online_payment_error(self):
        """Override of `account_payment` to say why a disputed invoice cannot be
        paid online."""
        if self.payment_portal_dispute_state == "open":
            return self.env._(
                "This invoice is disputed: it can be paid once the dispute is resolved."
            )
        return super()._get_online_payment_error()

    def _payment_portal_check_payable(self):
        """Override of `payment_portal` to refuse invoices in open dispute (Auto Pay,
        schedules, the selection, Odoo's Pay Now)."""
        disputed = self.filtered(lambda m: m.payment_portal_dispute_state == "open")
        if disputed:
            raise UserError(
                self.env._(
                    "%(invoices)s is disputed: it can be paid once the dispute is "
                    "resolved.",
                    invoices=", ".join(disputed.mapped("name")),
                )
            )
        return super()._payment_portal_check_payable()

    # ------------------------------------------------------------------
    # Raising a dispute (the customer, from the portal)
    # ------------------------------------------------------------------

    def _payment_portal_disputable(self, partner):
        """Whether ``partner`` (a customer's contact) may dispute this invoice
        now: the company allows it, and it is one of the customer's invoices
        it may see, with an amount due, no payment in flight, not disputed."""
        self.ensure_one()
        if not (
            self.company_id.payment_portal_enabled
            and self.company_id.payment_portal_disputes_enabled
        ):
            return False
        # sudo: the domain restricts to the customer's own invoices.
        mine = self.sudo().search_count(
            self._payment_portal_domain(partner)
            & self._payment_portal_visible_domain()
            & Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
            & Domain("id", "=", self.id),
            limit=1,
        )
        return bool(
            mine
            and not self.currency_id.is_zero(self.amount_residual)
            and not self._payment_portal_in_flight_ids()
        )

    def _payment_portal_dispute_attachment_values(self, attachment):
        """The ``ir.attachment`` values of the customer's file ``attachment``
        ((file name, content) or nothing), checked: one file, small enough,
        of an allowed type (read from the content, not the browser)."""
        if not attachment:
            return None
        name, raw = attachment
        if not raw:
            return None
        if len(raw) > DISPUTE_ATTACHMENT_MAX_BYTES:
            raise UserError(
                self.env._(
                    "The attached file is too large: %(size)s MB at most.",
                    size=DISPUTE_ATTACHMENT_MAX_BYTES // (1024 * 1024),
                )
            )
        mimetype = guess_mimetype(raw)
        if mimetype not in DISPUTE_ATTACHMENT_MIMETYPES:
            raise UserError(
                self.env._("Attach a PDF, an image (PNG, JPEG, WebP) or a text file.")
            )
        name = (name or "").replace("/", "_").replace("\\", "_").strip()[:128]
        return {
            "name": name or self.env._("Attachment"),
            "raw": raw,
            "mimetype": mimetype,
            "res_model": self._name,
            "res_id": self.id,
        }

    def _payment_portal_dispute_responsible(self):
        """Who gets the activity: the invoice's salesperson if staff, else the
        company's dispute responsible, else whoever created the invoice, else
        the administrator."""
        self.ensure_one()
        for user in (
            self.invoice_user_id,
            self.company_id.payment_portal_dispute_user_id,
            self.create_uid,
        ):
            if user and user.active and not user.share:
                return user
        return self.env.ref("base.user_admin", raise_if_not_found=False) or (
            self.env["res.users"].browse()
        )

    def _payment_portal_raise_dispute(
        self, partner, reason, text, message, attachment=None
    ):
        """``partner`` (a customer's contact) disputes this invoice.

        :param reason: a ``payment.portal.reason`` record, or its id as the
            form sent it (checked: an active dispute reason)
        :param text: the text typed with the reason ("Other")
        :param message: the customer's message to the company
        :param attachment: (file name, content) of an optional file
        :raise UserError: what is wrong, nothing changed
        """
        self.ensure_one()
        invoice = self.sudo()  # sudo: the customer's own invoice, checked below
        invoice._payment_portal_lock()
        if invoice.payment_portal_dispute_state == "open":
            raise UserError(self.env._("This invoice is already disputed."))
        if not invoice._payment_portal_disputable(partner):
            raise UserError(self.env._("This invoice cannot be disputed."))
        reason, text = self.env["payment.portal.reason"]._payment_portal_check_reason(
            "dispute",
            reason.id if isinstance(reason, models.BaseModel) else reason,
            text,
            company=invoice.company_id,
        )
        message = self.env["payment.portal.reason"]._payment_portal_clean_text(
            message, DISPUTE_MESSAGE_MAX, self.env._("The message")
        )
        if not message:
            raise UserError(self.env._("Tell us what is wrong with this invoice."))
        attachment_values = invoice._payment_portal_dispute_attachment_values(
            attachment
        )
        # sudo: portal users cannot create attachments; the file was checked.
        attachments = (
            self.env["ir.attachment"].sudo().create(attachment_values)
            if attachment_values
            else self.env["ir.attachment"]
        )
        reason_label = f"{reason.name}: {text}" if text else reason.name
        posted = invoice.message_post(
            body=Markup("<p><b>%s</b></p>%s")
            % (
                self.env._("Dispute: %(reason)s", reason=reason_label),
                plaintext2html(message),
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Linked here: message_post keeps only a portal user's own
        # composer uploads (the invoice is in sudo, the user is not).
        posted.attachment_ids = attachments
        responsible = invoice._payment_portal_dispute_responsible()
        activity = invoice.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Dispute: %(reason)s", reason=reason.name),
            note=plaintext2html(message),
            user_id=responsible.id,
        )
        invoice.write(
            {
                "payment_portal_dispute_state": "open",
                "payment_portal_dispute_reason_id": reason.id,
                "payment_portal_dispute_text": text or False,
                "payment_portal_dispute_date": fields.Datetime.now(),
                "payment_portal_dispute_partner_id": partner.id,
                "payment_portal_dispute_activity_id": activity.id
                if activity
                else False,
            }
        )
        _logger.info("Invoice %s disputed by partner %s", invoice.id, partner.id)
        return True

    # ------------------------------------------------------------------
    # Resolving it (staff)
    # ------------------------------------------------------------------

    def _payment_portal_check_dispute_open(self):
        not_open = self.filtered(lambda m: m.payment_portal_dispute_state != "open")
        if not_open:
            raise UserError(
                self.env._(
                    "%(invoices)s has no open dispute.",
                    invoices=", ".join(not_open.mapped("name")),
                )
            )

    def _payment_portal_tell_customer(self, body):
        """Post ``body`` on the invoice, to the contact who disputed it
        (emailed) and visible in the portal."""
        self.ensure_one()
        self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.payment_portal_dispute_partner_id.ids,
        )

    def _payment_portal_close_dispute(self, state, feedback):
        self.ensure_one()
        self.payment_portal_dispute_state = state
        activity = self.payment_portal_dispute_activity_id
        if activity.exists():
            # sudo: the activity may be another user's (the responsible's).
            activity.sudo().action_feedback(feedback=feedback)

    def action_payment_portal_dispute_accept(self):
        """Accept the dispute: Odoo's credit note wizard; posting the credit
        note closes the dispute (see ``_post``)."""
        self.ensure_one()
        self._payment_portal_check_dispute_open()
        action = self.action_reverse()
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
            "active_id": self.id,
        }
        return action

    def action_payment_portal_dispute_reject(self):
        """Reject the dispute: a wizard asks the reason told to the customer."""
        self.ensure_one()
        self._payment_portal_check_dispute_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Dispute"),
            "res_model": "payment.portal.dispute.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_invoice_id": self.id},
        }

    def _payment_portal_reject_dispute(self, reason):
        """Reject the open dispute of this invoice: the customer is told
        ``reason``, the invoice is payable again."""
        self.ensure_one()
        self._payment_portal_check_dispute_open()
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(
                self.env._("Tell the customer why the dispute is rejected.")
            )
        self._payment_portal_tell_customer(
            Markup("<p><b>%s</b></p>%s")
            % (
                self.env._(
                    "Your dispute of %(invoice)s was rejected.", invoice=self.name
                ),
                plaintext2html(reason),
            )
        )
        self._payment_portal_close_dispute("rejected", reason)

    def _payment_portal_accept_dispute(self, credit_note):
        """The dispute of this invoice is accepted with ``credit_note``."""
        self.ensure_one()
        message = self.env._(
            "Your dispute of %(invoice)s was accepted: credit note %(credit_note)s "
            "of %(amount)s was issued.",
            invoice=self.name,
            credit_note=credit_note.name,
            amount=credit_note.currency_id.format(credit_note.amount_total),
        )
        self._payment_portal_tell_customer(Markup("<p>%s</p>") % message)
        self._payment_portal_close_dispute("accepted", message)

    def _post(self, soft=True):
        """Override of `account`: posting a credit note of an invoice in open
        dispute accepts the dispute."""
        posted = super()._post(soft=soft)
        for credit_note in posted.filtered(lambda m: m.move_type == "out_refund"):
            invoice = credit_note.reversed_entry_id
            if invoice.payment_portal_dispute_state == "open":
                invoice._payment_portal_accept_dispute(credit_note)
        return posted
