# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).


from odoo import http
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .. import const

PAGE_SIZE = 80  # as native /my/invoices (CustomerPortal._items_per_page)


def _parse_ids(value):
    """'3,5,8' -> [3, 5, 8]; '0' (none) -> []; anything malformed -> []."""
    try:
        ids = {int(v) for v in str(value or "").split(",") if v.strip()}
    except ValueError:
        return []
    return sorted(ids - {0})


class PaymentPortalInvoices(PortalAccount):
    """Select outstanding invoices, pay them in one payment, see the history."""

    # ------------------------------------------------------------------
    # Portal home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        """Override of `portal` to count the invoices to pay for the home page's card
        and banner."""
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        Move = request.env["account.move"]
        if "payment_portal_due_count" in counters:
            # sudo: the domain restricts to the customer's own invoices.
            values["payment_portal_due_count"] = Move.sudo().search_count(
                Move._payment_portal_domain(partner)
                & Move._payment_portal_visible_domain()
                & Move._payment_portal_status_domain("unpaid")
            )
        if "payment_portal_payment_count" in counters:
            values["payment_portal_payment_count"] = request.env[
                "payment.transaction"
            ]._payment_portal_history_count(partner)
        return values

    # ------------------------------------------------------------------
    # Invoice selection
    # ------------------------------------------------------------------

    def _payment_portal_filters(self):
        env = request.env
        return {
            "unpaid": env._("Unpaid"),
            "overdue": env._("Overdue"),
            "pending": env._("Payment pending"),
            "paid": env._("Paid"),
            "credit": env._("Credit Notes"),
            "disputed": env._("Disputed"),
            "all": env._("All"),
        }

    def _payment_portal_sortings(self):
        env = request.env
        return {
            "duedate": {
                "label": env._("Due Date"),
                "order": "invoice_date_due asc, id",
            },
            "date": {
                "label": env._("Invoice Date"),
                "order": "invoice_date desc, id desc",
            },
            "name": {"label": env._("Number"), "order": "name desc, id desc"},
            "amount": {
                "label": env._("Amount Due"),
                "order": "amount_residual desc, id",
            },
        }

    def _payment_portal_status_labels(self):
        env = request.env
        return {
            "unpaid": env._("Unpaid"),
            "overdue": env._("Overdue"),
            "partial": env._("Partially paid"),
            "pending": env._("Payment pending"),
            "paid": env._("Paid"),
            "credit": env._("Credit note"),
            "disputed": env._("Disputed"),
        }

    def _payment_portal_credit_status_labels(self):
        env = request.env
        return {
            "open": env._("Available"),
            "partial": env._("Partly used"),
            "pending": env._("Being applied"),
        }

    @http.route(
        ["/my/pay", "/my/pay/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
    )
    def portal_pay_invoices(
        self, page=1, filterby="unpaid", sortby="duedate", search="", **kwargs
    ):
        values = self._prepare_pay_invoices_values(
            page=page, filterby=filterby, sortby=sortby, search=search, **kwargs
        )
        return request.render("payment_portal.portal_pay_invoices", values)

    def _prepare_pay_invoices_values(
        self, page=1, filterby="unpaid", sortby="duedate", search="", **kwargs
    ):
        """Values of the invoice selection page, in a constant number of
        queries whatever the number of invoices of the customer."""
        partner = request.env.user.partner_id
        Move = request.env["account.move"]
        filters = self._payment_portal_filters()
        sortings = self._payment_portal_sortings()
        filterby = filterby if filterby in filters else "unpaid"
        sortby = sortby if sortby in sortings else "duedate"
        search = (search or "").strip()
        # The invoices an entry point asks to tick (an invoice's Pay button,
        # the home banner, an email): only those the customer may pay now.
        # (``invoice_ids``: the links of emails sent before ``select``)
        preselected = Move._payment_portal_preselection(
            partner, kwargs.get("select") or kwargs.get("invoice_ids")
        )

        domain = (
            Move._payment_portal_listing_domain(partner)
            & Move._payment_portal_visible_domain()
            & Move._payment_portal_status_domain(filterby)
        )
        if preselected:
            # the listing narrowed to them, so that what is ticked is seen
            domain &= Domain("id", "in", preselected.ids)
        if search:
            domain &= Domain("name", "ilike", search)
        # sudo: the domain restricts to the customer's own invoices.
        MoveSudo = Move.sudo()
        total = MoveSudo.search_count(domain)
        pager = portal_pager(
            url="/my/pay",
            url_args={
                "filterby": filterby,
                "sortby": sortby,
                "search": search,
                **(
                    {"select": ",".join(map(str, preselected.ids))}
                    if preselected
                    else {}
                ),
            },
            total=total,
            page=page,
            step=PAGE_SIZE,
        )
        invoices = MoveSudo.search_fetch(
            domain,
            [
                "move_type",
                "name",
                "ref",
                "invoice_date",
                "invoice_date_due",
                "amount_total",
                "amount_residual",
                "currency_id",
                "company_id",
                "payment_state",
                "payment_portal_dispute_state",
            ],
            order=sortings[sortby]["order"],
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        statuses = invoices._payment_portal_statuses()
        # The customer's open credits, offered on the filters that offer
        # invoices to pay: ticked, they lower the total.
        credits = request.env["account.move.line"]
        if filterby in ("unpaid", "overdue", "all"):
            credits = credits._payment_portal_open_credits(
                partner,
                fnames=credits._payment_portal_fields(),
                limit=PAGE_SIZE,
            )
        # the previous/next arrows of Odoo's invoice page follow this list
        request.session["my_invoices_history"] = invoices.ids[:100]
        env = request.env
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_portal_pay",
            "invoices": invoices,
            "statuses": statuses,
            "status_labels": self._payment_portal_status_labels(),
            "status_badges": const.INVOICE_STATUS_BADGES,
            "payable_statuses": {"unpaid", "overdue", "partial"},
            "selected_ids": set(preselected.ids),
            "credits": credits,
            "selected_credit_ids": set(_parse_ids(kwargs.get("credit_ids"))),
            "credit_statuses": credits._payment_portal_statuses(),
            "credit_status_labels": self._payment_portal_credit_status_labels(),
            "credit_labels": {
                credit.id: env._(
                    "Apply %(credit)s", credit=credit.move_id.name or credit.name
                )
                for credit in credits
            },
            "preselected": preselected,
            # The name screen readers give each checkbox.
            "select_labels": {
                invoice.id: env._("Select %(invoice)s", invoice=invoice.name)
                for invoice in invoices
            },
            "pager": pager,
            "searchbar_filters": {k: {"label": v} for k, v in filters.items()},
            "filterby": filterby,
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "search": search,
            "search_in": "name",
            "searchbar_inputs": {
                "name": {"input": "name", "label": request.env._("Number")}
            },
            "default_url": "/my/pay",
            "error_message": kwargs.get("error_message"),
        }
