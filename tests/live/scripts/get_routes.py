# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_fuzz_query.py, in ``odoo shell``: the GET pages of the addons and
the ``native`` ones (params), with the parameter names their endpoint and
the methods it overrides read."""

import inspect

OURS = ("odoo.addons.payment_portal", "odoo.addons.payment_portal_gateway")
KEYWORD = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _parameter_names(endpoint):
    bound = getattr(endpoint, "func", None)
    names = set()
    for klass in type(getattr(bound, "__self__", None)).__mro__:
        method = klass.__dict__.get(getattr(bound, "__name__", ""))
        method = getattr(method, "original_func", method)
        if callable(method):
            names |= {
                parameter.name
                for parameter in inspect.signature(method).parameters.values()
                if parameter.kind in KEYWORD and parameter.name != "self"
            }
    return names


def main(env, params):
    native = params["native"]
    routes = []
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        if endpoint.routing.get("type") != "http" or "GET" not in (
            rule.methods or ["GET"]
        ):
            continue
        func = getattr(endpoint, "original_endpoint", endpoint)
        func = getattr(func, "__func__", func)
        if not (
            getattr(func, "__module__", "").startswith(OURS) or rule.rule in native
        ):
            continue
        routes.append(
            {
                "rule": rule.rule,
                "auth": endpoint.routing.get("auth"),
                "params": sorted(_parameter_names(endpoint)),
            }
        )
    return sorted(routes, key=lambda route: route["rule"])
