# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The payment form's parameters, checked before Odoo creates a transaction.

Odoo's ``_create_transaction`` trusts them: a missing key ends in a
TypeError (a server error), a provider id of another company, a disabled
provider, a method the provider does not offer or a saved method of another
provider goes into the transaction as sent. The portal's transaction routes
call :func:`check_transaction_params` first, so a tampered or malformed
request is refused with a clear message and creates nothing."""

from odoo.exceptions import ValidationError
from odoo.fields import Domain

FLOWS = ("redirect", "direct", "token")


def _refused(env):
    return ValidationError(
        env._(
            "This payment method is not available for this payment. Reload the page "
            "and choose one of the methods it offers."
        )
    )


def _as_id(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.isdigit():
        return int(value) or None
    return None


def _is_id_or_none(value):
    return value is None or value is False or _as_id(value) is not None


def check_transaction_shape(env, params, required=()):
    """Refuse the parameters Odoo's ``_create_transaction`` would crash on:
    missing keys, ids that are not ids, an unknown flow.

    :param dict params: the route's parameters
    :param tuple required: keys the route needs besides the payment form's
    :raise ValidationError: anything missing or malformed
    """
    keys = (
        "provider_id",
        "payment_method_id",
        "token_id",
        "flow",
        "tokenization_requested",
        "landing_route",
    )
    if any(key not in params for key in keys + tuple(required)):
        raise _refused(env)
    if (
        params["flow"] not in FLOWS
        or not _as_id(params["provider_id"])
        or not _is_id_or_none(params["payment_method_id"])
        or not _is_id_or_none(params["token_id"])
        or not isinstance(params["tokenization_requested"], bool)
        or not isinstance(params["landing_route"], str)
        or not _is_id_or_none(params.get("currency_id"))
        or not _is_id_or_none(params.get("partner_id"))
        or isinstance(params.get("amount"), bool | list | dict)
    ):
        raise _refused(env)
    try:
        float(params["amount"]) if params.get("amount") is not None else None
    except (TypeError, ValueError) as error:
        raise _refused(env) from error
    return params


def check_transaction_params(env, params, partner, company, amount, currency):
    """Normalise and check ``params`` (the route's kwargs) in place.

    :param env: the request's environment
    :param dict params: provider_id, payment_method_id, token_id, flow,
        tokenization_requested, landing_route as the browser sent them
    :param partner: the contact paying (``res.partner``)
    :param company: the company the invoices belong to
    :param float amount: the amount the server computed
    :param currency: the invoices' currency
    :raise ValidationError: anything missing, malformed or not offered
    """
    refused = _refused(env)
    check_transaction_shape(env, params)
    flow = params["flow"]
    provider_id = _as_id(params["provider_id"])
    # sudo: customers cannot read providers; the search is the one the
    # payment form itself was built from.
    providers_sudo = (
        env["payment.provider"]
        .sudo()
        ._get_compatible_providers(
            company.id, partner.id, amount, currency_id=currency.id
        )
    )
    if provider_id not in providers_sudo.ids:
        raise refused
    if flow == "token":
        token_id = _as_id(params.get("token_id"))
        # the paying company's own active token of that provider
        token_sudo = env["payment.token"]._payment_portal_of_customer(
            partner,
            Domain("id", "=", token_id or 0) & Domain("provider_id", "=", provider_id),
        )
        if not token_sudo:
            raise refused
        params.update(
            token_id=token_sudo.id, payment_method_id=token_sudo.payment_method_id.id
        )
    else:
        method_id = _as_id(params.get("payment_method_id"))
        # sudo: as above, the methods the payment form offered.
        methods_sudo = (
            env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                [provider_id], partner.id, currency_id=currency.id
            )
        )
        if method_id not in methods_sudo.ids:
            raise refused
        params.update(token_id=None, payment_method_id=method_id)
    params["provider_id"] = provider_id
    return params
