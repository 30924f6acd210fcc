# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Staff send statements of account, from a contact or in bulk from the
contact list, or print them."""

from odoo import api, fields, models
from odoo.fields import Command

from ..models.payment_portal_statement import STATEMENT_KIND_SELECTION
from ..models.res_partner_statement import first_of_previous_month


def _last_month_start(record):
    return first_of_previous_month(fields.Date.context_today(record))


class PaymentPortalStatementSend(models.TransientModel):
    _name = "payment.portal.statement.send"
    _description = "Send Statements of Account"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        help="Each customer (the company of a contact) gets one statement.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        STATEMENT_KIND_SELECTION,
        string="Statement",
        default="open",
        required=True,
        help="Open items: what is open today, aged by due date. Activity: "
        "everything between the two dates, with the opening and closing "
        "balances.",
    )
    date_from = fields.Date(string="From", default=_last_month_start)
    date_to = fields.Date(string="To", default=fields.Date.context_today)
    customer_count = fields.Integer(compute="_compute_customer_count")

    @api.model
    def default_get(self, fields_list):
        """The contacts selected in the list (the bulk action)."""
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "partner_ids" in fields_list
            and not values.get("partner_ids")
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            values["partner_ids"] = [Command.set(context["active_ids"])]
        return values

    @api.depends("partner_ids")
    def _compute_customer_count(self):
        for wizard in self:
            wizard.customer_count = len(wizard.partner_ids.commercial_partner_id)

    def _payment_portal_period(self):
        self.ensure_one()
        return self.env["res.partner"]._payment_portal_statement_period(
            self.kind, self.date_from, self.date_to
        )

    def action_send(self):
        """Queue each customer's statement to its billing email addresses;
        tell staff how many were sent, and which were not and why."""
        self.ensure_one()
        kind, date_from, date_to = self._payment_portal_period()
        Statement = self.env["payment.portal.statement"]
        sent = Statement
        skipped = []
        for customer in self.partner_ids.commercial_partner_id:
            statement = Statement._payment_portal_send(
                customer, self.company_id, kind, date_from, date_to
            )
            if statement.state == "sent":
                sent |= statement
            else:
                skipped.append(f"{customer.display_name}: {statement.note}")
        message = self.env._(
            "%(count)s statement(s) of account queued.", count=len(sent)
        )
        if skipped:
            message += " " + self.env._("Not sent: %(list)s", list="; ".join(skipped))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Statements of Account"),
                "message": message,
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_print(self):
        """The statements as one PDF, without sending anything."""
        self.ensure_one()
        kind, date_from, date_to = self._payment_portal_period()
        return self.env.ref("payment_portal.action_report_statement").report_action(
            None,
            data={
                "partner_ids": self.partner_ids.commercial_partner_id.ids,
                "company_id": self.company_id.id,
                "kind": kind,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
        )
