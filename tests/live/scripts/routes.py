# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_security.py, in ``odoo shell``: every route the addons declare
(rule, methods, type, auth)."""

OURS = ("odoo.addons.payment_portal", "odoo.addons.payment_portal_gateway")


def main(env, params):
    routes = []
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        func = getattr(endpoint, "original_endpoint", endpoint)
        func = getattr(func, "__func__", func)
        if getattr(func, "__module__", "").startswith(OURS):
            routes.append(
                {
                    "rule": rule.rule,
                    "methods": sorted(
                        set(rule.methods or ["GET", "POST"]) - {"HEAD", "OPTIONS"}
                    ),
                    "type": endpoint.routing.get("type"),
                    "auth": endpoint.routing.get("auth"),
                }
            )
    return routes
