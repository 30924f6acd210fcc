# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_module_lifecycle.py, in ``odoo shell``, after uninstalling both
addons: the views and templates they changed still load; nothing of theirs
is left (records, the Paya provider, ACH tokenization, the poll cron)."""

MODELS = ["res.partner", "res.users", "res.config.settings", "payment.provider"]
TEMPLATES = [
    "web.login",
    "auth_signup.signup",
    "auth_signup.reset_password",
    "portal.portal_my_home",
    "portal.portal_my_details",
]
ADDONS = ["payment_portal", "payment_portal_gateway"]


def _broken(env):
    broken = []
    for view in env["ir.ui.view"].search([("model", "in", MODELS)]):
        try:
            view._check_xml()
        except Exception as error:  # noqa: BLE001 - reported as broken
            broken.append(f"{view.xml_id or view.id}: {error}")
    for model in MODELS:
        try:
            env[model].get_views([(False, "form"), (False, "list"), (False, "search")])
        except Exception as error:  # noqa: BLE001 - reported as broken
            broken.append(f"{model} views: {error}")
    for xmlid in TEMPLATES:
        try:
            env["ir.qweb"]._get_template(xmlid)
        except Exception as error:  # noqa: BLE001 - reported as broken
            broken.append(f"{xmlid}: {error}")
    return broken


def main(env, params):
    broken = _broken(env)
    leftovers = env["ir.model.data"].search_count(
        [
            ("module", "in", ADDONS),
            ("model", "not in", ["res.partner", "res.users", "account.move"]),
        ]
    )
    states = dict(
        env["ir.module.module"]
        .search([("name", "in", ADDONS)])
        .mapped(lambda m: (m.name, m.state))
    )
    paya = env["payment.provider"].search_count([("code", "=", "paya_connect")])
    ach = env.ref("payment.payment_method_ach_direct_debit").support_tokenization
    crons = (
        env["ir.cron"]
        .with_context(active_test=False)
        .search_count([("code", "ilike", "_cron_paya_poll")])
    )
    return {
        "broken": broken,
        "leftovers": leftovers,
        "states": states,
        "paya": paya,
        "ach": ach,
        "crons": crons,
    }
