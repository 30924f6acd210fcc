# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import base64
import binascii
import hmac
import json

from odoo import http
from odoo.exceptions import LockError, ValidationError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.logging import get_payment_logger

from .. import const

_logger = get_payment_logger(__name__, const.SENSITIVE_KEYS)


class PayaConnectController(http.Controller):
    _return_url = "/payment/paya_connect/return"
    _postback_url = "/payment/paya_connect/postback"

    @http.route(
        _return_url,
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def paya_connect_return(self, reference=None, access_token=None, **_kwargs):
        """The customer comes back from the hosted payment page (approved or
        declined alike). Nothing the browser says is trusted: the transaction
        is read from Paya's API. ``save_session=False`` as in Odoo's redirect
        providers: the session cookie may be missing on this cross-site
        redirect, and /payment/status finds it again."""
        if reference and payment_utils.check_access_token(access_token, reference):
            # sudo: the customer's return carries no rights on transactions.
            tx_sudo = (
                request.env["payment.transaction"]
                .sudo()
                .search(
                    [
                        ("reference", "=", reference),
                        ("provider_code", "=", "paya_connect"),
                    ]
                )
            )
            if tx_sudo:
                try:
                    tx_sudo._paya_sync()
                except LockError:
                    # A postback (or the cron) is applying Paya's answer at
                    # this very moment: the status page shows it once done.
                    # Found by the live suite (the customer's return and
                    # Paya's postback at the same instant gave a 409 page).
                    _logger.info(
                        "Return from Paya Connect for %s while it is being updated",
                        reference,
                    )
                except ValidationError as error:
                    # The cron reads it again; the status page says it waits.
                    _logger.warning(
                        "Could not read transaction %s at Paya Connect on return: %s",
                        reference,
                        error,
                    )
        else:
            _logger.warning("Return from Paya Connect with an invalid reference")
        return request.redirect("/payment/status")

    @http.route(
        _postback_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def paya_connect_postback(self, **post):
        """Paya's postback ("Postback Data Format": form fields type,
        resource, number_of_attempts and data, a JSON string of the record).

        The body is only a hint: the transaction it names is read again from
        the API, and applied only if Paya's record is the one of an Odoo
        transaction of this provider. Unknown, foreign or forged postbacks
        change nothing; a replay applies nothing twice. Answers 2xx so that
        Paya stops retrying, except on failed basic authentication (401)."""
        if post.get("resource") != "transaction":
            return request.make_response("", status=200)
        try:
            data = json.loads(post.get("data") or "{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            _logger.warning("Paya Connect postback with unreadable data ignored")
            return request.make_response("", status=200)
        # sudo: postbacks come from Paya, as the public user.
        tx_sudo = (
            request.env["payment.transaction"]
            .sudo()
            ._search_by_reference("paya_connect", data)
        )
        if not tx_sudo:
            return request.make_response("", status=200)
        if not self._paya_check_basic_auth(tx_sudo.provider_id):
            _logger.warning(
                "Paya Connect postback for %s refused: wrong basic authentication",
                tx_sudo.reference,
            )
            return request.make_response(
                "", status=401, headers=[("WWW-Authenticate", 'Basic realm="paya"')]
            )
        if data.get("id") and tx_sudo.provider_reference not in (
            False,
            str(data["id"]),
        ):
            _logger.warning(
                "Paya Connect postback names transaction %s for %s, which is %s: "
                "ignored",
                data.get("id"),
                tx_sudo.reference,
                tx_sudo.provider_reference,
            )
            return request.make_response("", status=200)
        try:
            tx_sudo._paya_sync()
        except ValidationError as error:
            _logger.warning(
                "Could not read transaction %s at Paya Connect on postback: %s",
                tx_sudo.reference,
                error,
            )
            # Let Paya retry later; the cron reads it meanwhile.
            return request.make_response("", status=503)
        return request.make_response("", status=200)

    @staticmethod
    def _paya_check_basic_auth(provider):
        """True if the provider expects no basic auth or the request has it."""
        provider_sudo = provider.sudo()  # sudo: the credentials are admin-only.
        username = provider_sudo.paya_postback_username
        if not username:
            return True
        header = request.httprequest.headers.get("Authorization", "")
        scheme, _sep, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = f"{username}:{provider_sudo.paya_postback_password or ''}"
        return hmac.compare_digest(given.encode(), expected.encode())
