# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import inspect
import re

from werkzeug.exceptions import BadRequest, NotFound

from odoo import models
from odoo.http import request

from .. import const

# Control characters: PostgreSQL refuses NUL in a string, and none of them is
# text a customer types (tab, line feed and carriage return are, and pass).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _payment_portal_is_portal_route(cls, rule):
        path = rule.rule
        return path in const.PORTAL_ROUTES or path.startswith(
            const.PORTAL_ROUTE_PREFIXES
        )

    @classmethod
    def _payment_portal_checks_query(cls, rule):
        """The pages whose query strings are checked: the addons' routes and
        the portal's (/my/...), whose native pages the addons change."""
        path = rule.rule
        return (
            path == "/my"
            or path.startswith("/my/")
            or cls._payment_portal_is_portal_route(rule)
        )

    @staticmethod
    def _payment_portal_keyword_names(klasses, name):
        """The keyword parameters of method ``name`` in ``klasses`` (each
        override's own, through Odoo's route wrappers)."""
        keyword = (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        )
        return {
            parameter.name
            for klass in klasses
            if name in klass.__dict__
            for parameter in inspect.signature(klass.__dict__[name]).parameters.values()
            if parameter.kind in keyword and parameter.name not in ("self", "cls")
        }

    @classmethod
    def _payment_portal_reserved_query_keys(cls, rule):
        """Keys a query string may not set on ``rule``'s page.

        Odoo's pages with a payment form (/my/payment_method, an invoice,
        the overdue invoices) pass their query string as keyword arguments
        to ``_get_compatible_providers`` and ``_get_extra_payment_form_values``
        next to the arguments they set themselves: such a key
        (``partner_id``, ``website_id``...) is a TypeError, and the hooks'
        other parameters would let the browser choose the provider search's
        criteria or switch the form to another document or a donation
        (``is_donation`` with a malformed ``donation_options`` crashed).
        Reserved: the hooks' parameters (read from the installed modules'
        overrides, so a module that adds one is covered) that are not the
        page's own, except ``access_token``, which Odoo's own links to these
        pages carry (the hooks check it)."""
        if rule.rule not in const.PAYMENT_FORM_PAGES:
            return set()
        controller = getattr(getattr(rule.endpoint, "func", None), "__self__", None)
        controller_mro = type(controller).__mro__
        hooks = cls._payment_portal_keyword_names(
            type(request.env["payment.provider"]).__mro__, "_get_compatible_providers"
        ) | cls._payment_portal_keyword_names(
            controller_mro, "_get_extra_payment_form_values"
        )
        own = cls._payment_portal_keyword_names(
            controller_mro, rule.endpoint.func.__name__
        )
        # website_payment's /my/payment_method adds the website itself.
        return (hooks | {"website_id"}) - own - {"access_token"}

    @classmethod
    def _payment_portal_check_query(cls, rule):
        """A control character in the query string or the posted form of a
        portal page, or a reserved key in its query string, is a 400 with a
        message, before any code reads it."""
        query = request.httprequest.args
        if cls._payment_portal_has_control_character(query):
            raise BadRequest(
                request.env._(
                    "The address of this page contains a control character: "
                    "remove it and try again."
                )
            )
        if (
            request.httprequest.method == "POST"
            and rule.endpoint.routing.get("type") == "http"
            and cls._payment_portal_has_control_character(request.httprequest.form)
        ):
            raise BadRequest(
                request.env._(
                    "The form contains a control character: remove it and try again."
                )
            )
        reserved = sorted(cls._payment_portal_reserved_query_keys(rule) & set(query))
        if reserved:
            raise BadRequest(
                request.env._(
                    "%(keys)s cannot be given in the address of this page.",
                    keys=", ".join(reserved),
                )
            )

    @staticmethod
    def _payment_portal_has_control_character(values):
        return any(
            CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value)
            for key, value in values.items(multi=True)
        )

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Override of `base` to refuse control characters and reserved keys in the
        query strings of portal pages, and answer 404 on portal routes when the
        portal is off."""
        result = super()._pre_dispatch(rule, args)
        if cls._payment_portal_checks_query(rule):
            cls._payment_portal_check_query(rule)
        # The landing page checks the company of its URL itself.
        if (
            cls._payment_portal_is_portal_route(rule)
            and not rule.rule.startswith("/payment_portal/landing/")
            and not request.env.company.payment_portal_enabled
        ):
            raise NotFound()
        return result

    @classmethod
    def _post_dispatch(cls, response):
        """Override of `base` to forbid other sites to frame portal pages."""
        result = super()._post_dispatch(response)
        # Portal pages and pay links' pages are never framed by other sites
        # (clickjacking); the landing page sets its own policy for the sites
        # admins allow.
        path = request.httprequest.path
        if (
            path == "/my" or path.startswith(("/my/", "/pay/"))
        ) and response is not None:
            headers = getattr(response, "headers", None)
            if headers is not None and "Content-Security-Policy" not in headers:
                headers["X-Frame-Options"] = "SAMEORIGIN"
                headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return result
