# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import contextlib
import ipaddress
import logging

from odoo import api, models
from odoo.exceptions import AccessDenied
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.translate import LazyTranslate

_logger = logging.getLogger(__name__)
# Odoo's own message, with base's translations: the same words in every
# language as Odoo's cooldown.
_base_lt = LazyTranslate("base")
TOO_MANY_FAILURES = _base_lt(
    "Too many login failures, please wait a bit before trying again."
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _payment_portal_login_owner(self, login, partner=None, user=None):
        """The account that signs in with ``login``, in sudo, other than
        ``user`` and other than the accounts of ``partner``; empty when the
        login is free. Archived accounts count: a login stays unique.

        The one check of "this login is taken" (a contact's portal access,
        a primary email changed in the portal or by staff).
        """
        domain = Domain("login", "=", login)
        if partner:
            domain &= Domain("partner_id", "!=", partner.id)
        if user:
            domain &= Domain("id", "!=", user.id)
        # sudo: logins of other accounts are not readable by customers nor
        # invoicing users; callers use only the clash and its contact's name.
        return self.sudo().with_context(active_test=False).search(domain, limit=1)

    @api.model
    def _get_login_domain(self, login):
        """Override of `base`.

        Sign in with the account number (the Reference of the customer's
        company contact) where the company allows it. Everything else of
        Odoo's login is kept: the password check, the cooldown after failed
        attempts (per source address, see below). An unknown, ambiguous or inactive
        account number matches nobody: the same error as a wrong password."""
        domain = super()._get_login_domain(login)
        account = (login or "").strip()
        # sudo: signing in happens before anyone is known.
        Users = self.sudo().with_context(active_test=True)
        if not account or Users.search_count(domain, limit=1):
            return domain
        users = Users.search(
            [
                ("share", "=", True),
                ("partner_id.commercial_partner_id.ref", "=", account),
                ("company_id.payment_portal_login_ref", "=", True),
            ],
            limit=2,
        )
        if len(users) != 1:
            return domain
        return Domain("id", "=", users.id)

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Odoo's cooldown after failed sign-ins, with the failures counted in
        the database instead of in each worker's memory (``registry.
        _login_failures``): with several workers the attempts spread over
        them and Odoo's per-process count never reached the limit. Same
        key (the remote address), parameters, log and error as Odoo's."""
        if not request:
            yield
            return
        # sudo: sign-in attempts come before anyone is known.
        failures_sudo = self.env["payment.portal.login.failure"].sudo()
        source = request.httprequest.remote_addr
        failures, previous = failures_sudo._get_failures(source)
        if self._on_login_cooldown(failures, previous):
            _logger.warning(
                "Login attempt ignored for %s (user %r) on %s: "
                "%d failures since last success, last failure at %s. "
                "You can configure the number of login failures before a "
                "user is put on cooldown as well as the duration in the "
                "System Parameters. Disable this feature by setting "
                '"base.login_cooldown_after" to 0.',
                source,
                user or "?",
                self.env.cr.dbname,
                failures,
                previous,
            )
            if ipaddress.ip_address(source).is_private:
                _logger.warning(
                    "The rate-limited IP address %s is classified as private "
                    "and *might* be a proxy. If your Odoo is behind a proxy, "
                    "it may be mis-configured. Check that you are running "
                    "Odoo in Proxy Mode and that the proxy is properly "
                    "configured.",
                    source,
                )
            raise AccessDenied(self.env._(TOO_MANY_FAILURES))
        try:
            yield
        except AccessDenied:
            failures_sudo._record_failure(source)
            raise
        else:
            if failures:
                failures_sudo._clear(source)
