# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError


class PaymentPortalActivationReport(models.TransientModel):
    _name = "payment.portal.activation.report"
    _description = "Portal Activation Links: Sending Report"

    line_ids = fields.One2many(
        "payment.portal.activation.report.line", "report_id", readonly=True
    )
    sent_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for report in self:
            sent = report.line_ids.filtered(lambda line: line.result == "sent")
            report.sent_count = len(sent)
            report.skipped_count = len(report.line_ids) - len(sent)

    @api.model
    def _send_and_report(self, partners):
        """Send an activation link to every contact that can get one.

        Each contact is handled in its own savepoint: a failure leaves neither
        a login nor a queued mail behind, and never stops the others.
        """
        partners._portal_check_manager()
        lines = []
        for partner in partners:
            reason = partner._portal_activation_error()
            if not reason:
                try:
                    with self.env.cr.savepoint():
                        partner._portal_grant_access()
                except UserError as error:
                    reason = error.args[0]
            lines.append(
                {
                    "partner_id": partner.id,
                    "email": partner.email,
                    "result": "skipped" if reason else "sent",
                    "reason": reason or False,
                }
            )
        report = self.create({"line_ids": [fields.Command.create(v) for v in lines]})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Activation Links"),
            "res_model": self._name,
            "res_id": report.id,
            "view_mode": "form",
            "target": "new",
        }


class PaymentPortalActivationReportLine(models.TransientModel):
    _name = "payment.portal.activation.report.line"
    _description = "Portal Activation Links: Sending Report Line"
    _order = "result desc, id"

    report_id = fields.Many2one(
        "payment.portal.activation.report", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    email = fields.Char(readonly=True)
    result = fields.Selection(
        [("sent", "Sent"), ("skipped", "Skipped")], required=True, readonly=True
    )
    reason = fields.Text(readonly=True)
