# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The request helper of Paya Connect: what Odoo's request hooks cannot say.

Paya's requests are built, logged and parsed by ``payment.provider``'s hooks
(``_build_request_url``, ``_build_request_headers``, ``_build_request_auth``,
``_log_request``, ``_log_response``, ``_parse_response_error``,
``_parse_response_content``). Core's sender, which calls them, cannot express
three things the connector's exactly-once rule depends on (an off-session
charge whose outcome is unknown is looked up at Paya, never sent again, while
one Paya refused ends in error at once):

- the timeout: core waits a fixed 10 seconds, just as long as Paya's API
  before it answers a time-out decline; Paya's is a system parameter
  (``payment_portal_gateway.paya_timeout``, 15 seconds by default, so that
  such a late answer is read);
- a timeout told from a connection that could not be made, and every other
  transport failure (a connection cut mid-answer raises ``requests``'
  ``ChunkedEncodingError``, which core lets through) turned into a
  ``ValidationError`` the caller can mark "outcome unknown";
- a refusal (HTTP 4xx: nothing changed at Paya, ``PayaRefused``) told from a
  server error (HTTP 5xx: the outcome is unknown).

So only the exchange (``send``) and the status check (``check_status``) are
Paya's own; ``PaymentProvider._send_api_request`` chains them with core's
hooks.
"""

import logging

import requests

from odoo.exceptions import ValidationError

from odoo.addons.payment.const import SENSITIVE_KEYS as PAYMENT_SENSITIVE_KEYS
from odoo.addons.payment.logging import SensitiveDataFilter, get_payment_logger

from . import const

_logger = get_payment_logger(__name__, const.SENSITIVE_KEYS)


class PayaRefused(ValidationError):
    """Paya answered the request with a client error (HTTP 4xx): the request
    was refused and changed nothing at Paya. Any other failure (timeout,
    connection, server error, unreadable answer) leaves the outcome unknown."""


def send(env, method, url, *, timeout, **request_kwargs):
    """Send one request to Paya and return its response, whatever its status.

    A failure of the exchange becomes a ``ValidationError`` saying whether
    Paya did not answer in time or could not be reached.
    """
    try:
        return requests.request(method, url, timeout=timeout, **request_kwargs)
    except requests.exceptions.Timeout as error:
        _logger.warning("Paya Connect did not answer in time: %s", error)
        raise ValidationError(
            env._("Paya Connect did not answer in time. Please try again.")
        ) from error
    except requests.exceptions.RequestException as error:
        _logger.warning("Could not reach Paya Connect: %s", error)
        raise ValidationError(
            env._("Could not establish the connection to Paya Connect.")
        ) from error


def check_status(env, response, reason):
    """Raise if Paya did not accept the request: ``PayaRefused`` for a client
    error (HTTP 4xx), ``ValidationError`` for any other. ``reason`` reads the
    error out of the response (the provider's ``_parse_response_error``)."""
    if response.ok:
        return
    error_class = PayaRefused if 400 <= response.status_code < 500 else ValidationError
    raise error_class(
        env._(
            "Paya Connect rejected the request (HTTP %(status)s): %(reason)s",
            status=response.status_code,
            reason=reason(response),
        )
    )


class PayaSensitiveDataFilter(SensitiveDataFilter):
    """Masks Paya's sensitive keys in Odoo's payment loggers."""


def install_log_filters():
    """Mask Paya's keys in Odoo's payment loggers (requests, answers,
    notifications), which compiled their masking patterns before these keys
    were added. Idempotent: called on each registry load, never on import."""
    PAYMENT_SENSITIVE_KEYS.update(const.SENSITIVE_KEYS)
    for name in const.PAYMENT_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PayaSensitiveDataFilter) for f in logger.filters):
            logger.addFilter(PayaSensitiveDataFilter(const.SENSITIVE_KEYS))
