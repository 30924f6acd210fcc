# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The customer's statement of account: open items or activity between two
dates, on the page and as a PDF; the monthly statement opt-in. The rules are
in the models (res_partner_statement.py)."""

from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount

from .payments import pdf_response


class PaymentPortalStatement(PortalAccount):
    @staticmethod
    def _payment_portal_statement_asked(kind, date_from, date_to):
        """The statement the query string asks for, as
        ``(kind, date_from, date_to, error)``: with ``error`` (a bad date),
        no statement."""
        try:
            kind, start, end = request.env[
                "res.partner"
            ]._payment_portal_statement_period(kind, date_from, date_to)
        except UserError as exc:
            return "activity", None, None, exc.args[0]
        return kind, start, end, None

    def _payment_portal_statement_page(self, kind, date_from, date_to, **kwargs):
        partner = request.env.user.partner_id
        kind, start, end, error = self._payment_portal_statement_asked(
            kind, date_from, date_to
        )
        statement = None
        if not error:
            statement = partner._payment_portal_statement(
                request.env.company, kind, start, end
            )
        company = request.env.company
        customer = partner.commercial_partner_id
        Statement = request.env["payment.portal.statement"]
        query = {"kind": kind}
        if kind == "activity" and not error:
            query.update(
                date_from=fields.Date.to_string(start),
                date_to=fields.Date.to_string(end),
            )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_statement",
            "statement": statement,
            "kind": kind,
            # what the date fields show: the dates used, or what was typed
            "form_from": fields.Date.to_string(start)
            if start
            else (date_from if isinstance(date_from, str) else ""),
            "form_to": fields.Date.to_string(end)
            if end
            else (date_to if isinstance(date_to, str) else ""),
            "error": error,
            "pdf_url": f"/my/statement/pdf?{urlencode(query)}",
            "monthly_offered": company.payment_portal_statement_monthly
            and request.env.user.share,
            # sudo: the customer's company contact, read for its opt-in.
            "monthly": customer.sudo().payment_portal_statement_monthly,
            "monthly_changed": kwargs.get("monthly"),
            # sudo: see _payment_portal_recipients (only addresses come out)
            "monthly_emails": Statement.sudo()
            ._payment_portal_recipients(customer)
            .mapped("email"),
        }
        return request.render(
            "payment_portal.portal_my_statement",
            values,
            status=400 if error else 200,
        )

    @http.route(
        "/my/statement",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def portal_my_statement(self, kind="open", date_from=None, date_to=None, **kwargs):
        return self._payment_portal_statement_page(kind, date_from, date_to, **kwargs)

    @http.route(
        "/my/statement/pdf",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def portal_my_statement_pdf(
        self, kind="open", date_from=None, date_to=None, **kwargs
    ):
        """The statement as a PDF in the company's layout (a bad date: the
        page with the error)."""
        kind, start, end, error = self._payment_portal_statement_asked(
            kind, date_from, date_to
        )
        if error:
            return self._payment_portal_statement_page(kind, date_from, date_to)
        customer = request.env.user.partner_id.commercial_partner_id
        company = request.env.company
        # sudo: reports run as the server; the data names the signed-in
        # customer's own company contact, in the current company.
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "payment_portal.action_report_statement",
                data={
                    "partner_ids": customer.ids,
                    "company_id": company.id,
                    "kind": kind,
                    "date_from": fields.Date.to_string(start),
                    "date_to": fields.Date.to_string(end),
                },
            )[0]
        )
        today = fields.Date.to_string(fields.Date.context_today(customer))
        return pdf_response(pdf, f"Statement {customer.name} {today}")

    @http.route(
        "/my/statement/monthly",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def portal_my_statement_monthly(self, monthly=None, **kwargs):
        """The customer opts in or out of the monthly statement."""
        user = request.env.user
        if not user.share or not request.env.company.payment_portal_statement_monthly:
            raise NotFound()
        enabled = monthly == "1"
        user.partner_id._payment_portal_statement_subscribe(enabled)
        return request.redirect(f"/my/statement?monthly={'on' if enabled else 'off'}")
