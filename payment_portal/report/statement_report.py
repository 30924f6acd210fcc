# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The statement of account as a PDF, in the company's layout: of a
statement sent (``payment.portal.statement``: the mail's attachment), or of
the customers and period named in the report's data (the portal's download,
staff's Print)."""

from odoo import api, models
from odoo.exceptions import AccessError


class ReportStatement(models.AbstractModel):
    _name = "report.payment_portal.report_statement"
    _description = "Statement of Account (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        if docids:
            statements = self.env["payment.portal.statement"].browse(docids)
            statements.check_access("read")
            docs = [
                statement.with_context(
                    lang=statement.partner_id.lang
                )._payment_portal_document()
                for statement in statements
            ]
        else:
            docs = self._payment_portal_documents(data or {})
        return {
            "doc_ids": docids,
            "doc_model": "payment.portal.statement",
            "docs": docs,
        }

    @api.model
    def _payment_portal_documents(self, data):
        """The statements the report's data asks for: ``partner_ids``,
        ``company_id``, ``kind``, ``date_from`` and ``date_to`` (see
        ``res.partner._payment_portal_statement_period``). In sudo (the
        portal's download, whose route checked the customer), as is; else a
        customer only gets its own, in its company, and staff need the
        invoicing rights and access to the company and contacts."""
        Partner = self.env["res.partner"]
        company = self.env["res.company"].browse(data.get("company_id")).exists()
        partners = Partner.browse(data.get("partner_ids") or []).exists()
        user = self.env.user
        if not self.env.su:
            if not company or not partners:
                raise AccessError(self.env._("This statement cannot be printed."))
            if user.share:
                allowed = (
                    not user._is_public()
                    and partners.commercial_partner_id == user.commercial_partner_id
                    and company == self.env.company
                )
            else:
                allowed = (
                    user.has_group("account.group_account_invoice")
                    or user.has_group("account.group_account_readonly")
                ) and company in self.env.companies
            if not allowed:
                raise AccessError(self.env._("This statement cannot be printed."))
            partners.check_access("read")
        kind, date_from, date_to = Partner._payment_portal_statement_period(
            data.get("kind"), data.get("date_from"), data.get("date_to")
        )
        return [
            customer.with_context(lang=customer.lang)._payment_portal_statement(
                company, kind, date_from, date_to
            )
            for customer in partners.commercial_partner_id
        ]
