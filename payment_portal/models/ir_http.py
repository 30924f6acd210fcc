# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from werkzeug.exceptions import NotFound

from odoo import models
from odoo.http import request

from .. import const


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _payment_portal_is_portal_route(cls, rule):
        path = rule.rule
        return path in const.PORTAL_ROUTES or path.startswith(
            const.PORTAL_ROUTE_PREFIXES
        )

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
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
        result = super()._post_dispatch(response)
        # Portal pages are never framed by other sites (clickjacking); the
        # landing page sets its own policy for the sites admins allow.
        path = request.httprequest.path
        if (path == "/my" or path.startswith("/my/")) and response is not None:
            headers = getattr(response, "headers", None)
            if headers is not None and "Content-Security-Policy" not in headers:
                headers["X-Frame-Options"] = "SAMEORIGIN"
                headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return result
