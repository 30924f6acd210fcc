# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Scheduled payments and installment plans in the portal."""

from datetime import timedelta
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .payment_portal import _parse_ids


class PaymentPortalSchedules(CustomerPortal):
    @staticmethod
    def _payment_portal_schedule_allowed():
        if not request.env.company.payment_portal_schedule:
            raise NotFound()

    @staticmethod
    def _payment_portal_schedule_customer():
        return request.env.user.partner_id.commercial_partner_id

    def _payment_portal_own_schedule_sudo(self, schedule_id):
        schedule = request.env["payment.portal.schedule"]._payment_portal_of_customer(
            self._payment_portal_schedule_customer(), Domain("id", "=", schedule_id)
        )
        if not schedule:
            raise NotFound()
        return schedule

    def _payment_portal_due_invoices_sudo(self, ids=None):
        """The customer's invoices it may schedule payments of (those of
        ``ids`` only, when given)."""
        Move = request.env["account.move"]
        domain = Move._payment_portal_due_domain(
            self._payment_portal_schedule_customer()
        )
        if ids is not None:
            domain &= Domain("id", "in", list(ids))
        # sudo: the domain keeps the customer's own invoices.
        return Move.sudo().search(domain, order="invoice_date_due, id")

    def _payment_portal_schedule_tokens_sudo(self, token_id=None):
        """The customer's saved methods that can be charged later (that one
        only, when ``token_id`` is given)."""
        domain = Domain("provider_id.allow_tokenization", "=", True)
        if token_id is not None:
            domain &= Domain("id", "=", token_id)
        return request.env["payment.token"]._payment_portal_of_customer(
            self._payment_portal_schedule_customer(), domain
        )

    def _payment_portal_read_form(self, form):
        """The schedule a customer submitted: (token, invoices, amount, date),
        all restricted to the customer's own."""
        try:
            token = self._payment_portal_schedule_tokens_sudo(
                int(form.get("token_id") or 0)
            )
        except ValueError:
            token = request.env["payment.token"]
        ids = set(self._payment_portal_form_ids())
        invoices = self._payment_portal_due_invoices_sudo(ids)
        if len(invoices) != len(ids):
            raise UserError(
                request.env._("Some of these invoices cannot be paid here.")
            )
        try:
            amount = float(form.get("amount") or 0.0)
        except ValueError as error:
            raise UserError(request.env._("Enter the amount as a number.")) from error
        try:
            date = fields.Date.to_date(form.get("date") or None)
        except ValueError as error:
            raise UserError(request.env._("Enter a valid date.")) from error
        return token, invoices, amount, date

    @staticmethod
    def _payment_portal_form_ids():
        """The invoice ids ticked in the submitted form."""
        return _parse_ids(",".join(request.httprequest.form.getlist("invoice_ids")))

    @staticmethod
    def _payment_portal_to_list(message=None, error=None):
        query = {k: v for k, v in (("message", message), ("error", error)) if v}
        return request.redirect(
            "/my/pay/scheduled" + (f"?{urlencode(query)}" if query else "")
        )

    def _payment_portal_render_form(self, schedule=None, values=None, error=None):
        values = values or {}
        invoices_sudo = self._payment_portal_due_invoices_sudo()
        return request.render(
            "payment_portal.portal_my_schedule_form",
            {
                "page_name": "payment_portal_scheduled",
                "payment_portal_crumb": request.env._("Change the Scheduled Payment")
                if schedule
                else request.env._("Schedule a Payment"),
                "schedule": schedule,
                "invoices_sudo": invoices_sudo,
                # The name screen readers give each checkbox.
                "select_labels": {
                    invoice.id: request.env._(
                        "Select %(invoice)s", invoice=invoice.name
                    )
                    for invoice in invoices_sudo
                },
                "tokens_sudo": self._payment_portal_schedule_tokens_sudo(),
                "selected_ids": values.get("invoice_ids")
                or (schedule.invoice_ids.ids if schedule else []),
                "form": values,
                "error": error,
                "today": fields.Date.context_today(request.env.user),
            },
        )

    # --- The Scheduled tab ---

    @http.route("/my/pay/scheduled", type="http", auth="user", website=True)
    def portal_pay_scheduled(self, message=None, error=None, **_kwargs):
        self._payment_portal_schedule_allowed()
        Schedule = request.env["payment.portal.schedule"]
        return request.render(
            "payment_portal.portal_my_scheduled",
            {
                "page_name": "payment_portal_scheduled",
                "schedules_sudo": Schedule._payment_portal_of_customer(
                    self._payment_portal_schedule_customer()
                ),
                "installments": Schedule._payment_portal_term_installments(
                    self._payment_portal_schedule_customer()
                ),
                "states": dict(
                    Schedule._fields["state"]._description_selection(request.env)
                ),
                "message": message,
                "error": error,
            },
        )

    @http.route(
        "/my/pay/schedule", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_pay_schedule_form(self, invoice_ids="", **_kwargs):
        self._payment_portal_schedule_allowed()
        return self._payment_portal_render_form(
            values={"invoice_ids": _parse_ids(invoice_ids)}
        )

    @http.route(
        "/my/pay/schedule", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_pay_schedule_create(self, **form):
        self._payment_portal_schedule_allowed()
        try:
            schedule = request.env["payment.portal.schedule"]._payment_portal_schedule(
                self._payment_portal_schedule_customer(),
                *self._payment_portal_read_form(form),
                request.env.user.partner_id,
            )
        except UserError as error:
            return self._payment_portal_render_form(
                values={**form, "invoice_ids": self._payment_portal_form_ids()},
                error=str(error),
            )
        return self._payment_portal_to_list(
            message=request.env._(
                "Payment of %(payment)s scheduled.", payment=schedule.display_name
            )
        )

    @http.route(
        "/my/pay/scheduled/<int:schedule_id>/edit",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_pay_schedule_edit(self, schedule_id, **form):
        self._payment_portal_schedule_allowed()
        schedule = self._payment_portal_own_schedule_sudo(schedule_id)
        if request.httprequest.method == "GET":
            return self._payment_portal_render_form(
                schedule=schedule,
                values={
                    "token_id": schedule.token_id.id,
                    "amount": schedule.amount,
                    "date": fields.Date.to_string(schedule.date),
                },
            )
        try:
            schedule._payment_portal_check_editable()
            schedule._payment_portal_change(*self._payment_portal_read_form(form))
        except UserError as error:
            return self._payment_portal_render_form(
                schedule=schedule,
                values={**form, "invoice_ids": self._payment_portal_form_ids()},
                error=str(error),
            )
        return self._payment_portal_to_list(
            message=request.env._("Scheduled payment updated.")
        )

    @http.route(
        "/my/pay/scheduled/<int:schedule_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_pay_schedule_cancel(self, schedule_id, **_kwargs):
        self._payment_portal_schedule_allowed()
        schedule = self._payment_portal_own_schedule_sudo(schedule_id)
        try:
            schedule.action_cancel()
        except UserError as error:
            return self._payment_portal_to_list(error=str(error))
        return self._payment_portal_to_list(
            message=request.env._(
                "The payment of %(payment)s was cancelled.",
                payment=schedule.display_name,
            )
        )

    # --- Installment plans ---

    @http.route(
        "/my/pay/installments",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_pay_installments(self, invoice_id=None, **form):
        self._payment_portal_schedule_allowed()
        try:
            invoice = self._payment_portal_due_invoices_sudo([int(invoice_id or 0)])
        except ValueError:
            invoice = None
        if not invoice:
            raise NotFound()
        error = None
        if request.httprequest.method == "POST":
            dates = []
            try:
                for value in request.httprequest.form.getlist("dates"):
                    if value:
                        dates.append(fields.Date.to_date(value))
                token = self._payment_portal_schedule_tokens_sudo(
                    int(form.get("token_id") or 0)
                )
                plan = request.env[
                    "payment.portal.schedule"
                ]._payment_portal_create_plan(
                    self._payment_portal_schedule_customer(),
                    token,
                    invoice,
                    dates,
                    request.env.user.partner_id,
                )
            except ValueError:
                error = request.env._("Enter valid dates.")
            except UserError as exc:
                error = str(exc)
            else:
                return self._payment_portal_to_list(
                    message=request.env._(
                        "%(invoice)s will be paid in %(count)s payments.",
                        invoice=invoice.name,
                        count=len(plan),
                    )
                )
        company = invoice.company_id
        return request.render(
            "payment_portal.portal_my_installments",
            {
                "page_name": "payment_portal_scheduled",
                "payment_portal_crumb": request.env._("Installment Plan"),
                "invoice_sudo": invoice,
                "tokens_sudo": self._payment_portal_schedule_tokens_sudo(),
                "max_count": company.payment_portal_installments_max,
                "date_labels": [
                    request.env._("Date of payment %(number)s", number=number)
                    for number in range(1, company.payment_portal_installments_max + 1)
                ],
                "last_date": fields.Date.context_today(request.env.user)
                + timedelta(days=company.payment_portal_installments_days),
                "today": fields.Date.context_today(request.env.user),
                "error": error,
            },
        )
