# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Short payments: a customer pays less than the amount due on an invoice,
for a reason, when its company allows it. The rest stays due."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class PaymentPortalShortPayment(models.Model):
    _name = "payment.portal.short.payment"
    _description = "Short Payment of an Invoice"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    requested_by_id = fields.Many2one("res.partner", required=True, readonly=True)
    invoice_id = fields.Many2one(
        "account.move", required=True, index=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="invoice_id.company_id", store=True)
    currency_id = fields.Many2one(related="invoice_id.currency_id", store=True)
    amount = fields.Monetary(
        string="Amount Paid",
        required=True,
        readonly=True,
        help="What the customer pays.",
    )
    amount_due = fields.Monetary(
        readonly=True, help="The amount due on the invoice when the customer chose."
    )
    reason_id = fields.Many2one("payment.portal.reason", required=True, readonly=True)
    reason_text = fields.Char(string="Customer's Words", readonly=True)
    transaction_id = fields.Many2one(
        "payment.transaction", readonly=True, index="btree_not_null", copy=False
    )
    state = fields.Selection(
        [
            ("draft", "Chosen"),
            ("pending", "Being Paid"),
            ("done", "Paid"),
            ("cancel", "Not Paid"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "A short payment must be for a positive amount."
    )

    # ------------------------------------------------------------------
    # Choosing
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_minimum(self, invoice):
        """The least the customer may pay on ``invoice`` now: the company's
        minimum amount or per cent of the amount due, the higher."""
        company = invoice.company_id
        due = invoice.amount_residual
        by_percent = due * (company.payment_portal_short_min_percent or 0.0) / 100.0
        minimum = max(company.payment_portal_short_min_amount or 0.0, by_percent)
        return invoice.currency_id.round(minimum)

    def _payment_portal_check(self, invoice, amount):
        """Refuse, with a message the customer understands, paying
        ``amount`` on ``invoice`` (``None``: not a number) now."""
        currency = invoice.currency_id
        if not invoice.company_id.payment_portal_short_payments:
            raise UserError(
                self.env._("Paying less than the amount due is not available.")
            )
        due = invoice.amount_residual
        if (
            amount is None
            or currency.compare_amounts(amount, 0.0) <= 0
            or currency.compare_amounts(amount, due) >= 0
        ):
            raise UserError(
                self.env._(
                    "The amount to pay on %(invoice)s must be more than zero and less "
                    "than the amount due (%(due)s).",
                    invoice=invoice.name,
                    due=currency.format(due),
                )
            )
        minimum = self._payment_portal_minimum(invoice)
        if currency.compare_amounts(amount, minimum) < 0:
            raise UserError(
                self.env._(
                    "The least you may pay on %(invoice)s is %(minimum)s.",
                    invoice=invoice.name,
                    minimum=currency.format(minimum),
                )
            )

    @api.model
    def _payment_portal_choose(self, partner, invoices, choices):
        """Record what ``partner`` (a signed-in contact) chose to pay less
        of, on its selection ``invoices``: ``choices`` maps an invoice id to
        ``(amount, reason_id, text)``. All are checked before anything is
        written; the contact's earlier choices on these invoices are
        replaced. Returns the new records, in sudo."""
        Reason = self.env["payment.portal.reason"]
        values = []
        for invoice in invoices:
            if invoice.id not in choices:
                continue
            amount, reason_id, text = choices[invoice.id]
            self._payment_portal_check(invoice, amount)
            reason, text = Reason._payment_portal_check_reason(
                "short_payment", reason_id, text, company=invoice.company_id
            )
            values.append(
                {
                    "partner_id": partner.commercial_partner_id.id,
                    "requested_by_id": partner.id,
                    "invoice_id": invoice.id,
                    "amount": invoice.currency_id.round(amount),
                    "amount_due": invoice.amount_residual,
                    "reason_id": reason.id,
                    "reason_text": text,
                }
            )
        # sudo: portal users cannot write short payments; checked above.
        ShortSudo = self.sudo()
        ShortSudo.search(
            [
                ("requested_by_id", "=", partner.id),
                ("invoice_id", "in", invoices.ids),
                ("state", "=", "draft"),
            ]
        ).unlink()
        return ShortSudo.create(values)

    @api.model
    def _payment_portal_browse(self, partner, ids, invoices):
        """The short payments of ``ids`` that ``partner`` chose on
        ``invoices`` and has not paid yet, in sudo; anything else refuses
        the whole selection."""
        ids = {int(i) for i in ids or []}
        # sudo: the domain restricts to the contact's own choices.
        shorts = self.sudo().search(
            Domain("id", "in", list(ids))
            & Domain("requested_by_id", "=", partner.id)
            & Domain("invoice_id", "in", invoices.ids)
            & Domain("state", "=", "draft")
        )
        if len(shorts) != len(ids) or len(shorts.invoice_id) != len(shorts):
            raise UserError(
                self.env._(
                    "The amounts you chose to pay can no longer be used. Choose them "
                    "again."
                )
            )
        return shorts

    def _payment_portal_amounts(self):
        """Amount paid by invoice id."""
        return {short.invoice_id.id: short.amount for short in self}

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------

    def _payment_portal_write_off_lines(self, payment_currency, company, date):
        """The payment's receivable lines, one per short-paid invoice, of
        exactly what is paid on it (``account.payment``'s
        ``write_off_line_vals``): reconciled each with its invoice, so that
        every invoice gets exactly what the customer chose."""
        lines = []
        for short in self:
            receivable = short.invoice_id.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            ).account_id[:1]
            balance = payment_currency._convert(
                short.amount, company.currency_id, company, date
            )
            lines.append(
                {
                    "name": self.env._(
                        "Short payment of %(invoice)s", invoice=short.invoice_id.name
                    ),
                    "account_id": receivable.id,
                    "partner_id": short.partner_id.id,
                    "currency_id": payment_currency.id,
                    "amount_currency": -short.amount,
                    "balance": -balance,
                }
            )
        return lines

    def _payment_portal_reconcile(self, payment, write_offs, invoices, credits):
        """Reconcile ``payment`` (created with ``write_offs``, the lines of
        ``_payment_portal_write_off_lines``) by plan: its main receivable
        line, the ``credits`` and the fully paid ``invoices`` together; then
        each short-paid invoice with its own line, of exactly its amount."""
        receivables = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == payment.destination_account_id
        )
        short_of = {
            write_off["name"]: short
            for write_off, short in zip(write_offs, self, strict=True)
        }
        short_lines = receivables.filtered(lambda line: line.name in short_of)

        def open_terms(moves):
            return moves.line_ids.filtered(
                lambda line: line.display_type == "payment_term" and not line.reconciled
            )

        plan = [
            (receivables - short_lines)
            + credits.filtered(lambda line: not line.reconciled)
            + open_terms(invoices - self.invoice_id)
        ]
        plan += [
            line + open_terms(short_of[line.name].invoice_id) for line in short_lines
        ]
        self.env["account.move.line"].with_context(
            skip_invoice_sync=True
        )._reconcile_plan(plan)

    def _payment_portal_done(self):
        """The payment went through: the reason goes on each invoice and staff
        get an activity to follow up on the rest."""
        for short in self.filtered(lambda s: s.state == "pending"):
            invoice = short.invoice_id
            reason = short.reason_id.name
            if short.reason_text:
                reason = f"{reason}: {short.reason_text}"
            note = self.env._(
                "Short payment: %(customer)s paid %(amount)s of %(due)s. Reason: "
                "%(reason)s",
                customer=short.requested_by_id.name,
                amount=short.currency_id.format(short.amount),
                due=short.currency_id.format(short.amount_due),
                reason=reason,
            )
            invoice.message_post(body=note, subtype_xmlid="mail.mt_note")
            invoice.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Short payment to follow up"),
                note=note,
                user_id=invoice._payment_portal_dispute_responsible().id,
            )
        self.write({"state": "done"})

    @api.autovacuum
    def _gc_choices(self):
        """Choices never paid: forgotten after a day."""
        self.search(
            [
                ("state", "=", "draft"),
                ("create_date", "<", fields.Datetime.now() - timedelta(days=1)),
            ]
        ).unlink()
