# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""19.0.1.1.0 adds checkout: the provider record (noupdate) of a database
installed before gets its redirect form, payment methods and tokenization."""

from odoo import SUPERUSER_ID, Command, api

from odoo.addons.payment_portal_gateway.paya_connect.const import (
    DEFAULT_PAYMENT_METHOD_CODES,
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    provider = env.ref(
        "payment_portal_gateway.payment_provider_paya_connect",
        raise_if_not_found=False,
    )
    if not provider:
        return
    provider.write(
        {
            "redirect_form_view_id": env.ref("payment_portal_gateway.redirect_form").id,
            "allow_tokenization": True,
            "payment_method_ids": [
                Command.link(method.id)
                for method in env["payment.method"]
                .with_context(active_test=False)
                .search([("code", "in", sorted(DEFAULT_PAYMENT_METHOD_CODES))])
            ],
        }
    )
