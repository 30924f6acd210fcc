# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The Paya Connect provider on the suite's simulator, in ``odoo shell``.

params: ``values``, the provider's (from conftest)."""


def main(env, params):
    paya = env.ref("payment_portal_gateway.payment_provider_paya_connect")
    paya.write(params["values"])
    env["ir.config_parameter"].sudo().set_param(
        "payment_portal_gateway.paya_timeout", "3"
    )
    env.cr.commit()
    return {
        "provider": paya.id,
        "card": env.ref("payment.payment_method_card").id,
        "ach": env.ref("payment.payment_method_ach_direct_debit").id,
    }
