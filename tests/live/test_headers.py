# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The response headers of every portal page: no page can be framed by
another site, but the landing page by the origins the company allows."""

import re
from urllib.parse import urlencode

from .test_security import _fill, _routes

ALLOWED_ORIGIN = "https://www.partner.example.com"  # scripts/scenario_setup.py

# Odoo's own portal pages the customer goes through around ours.
NATIVE_PAGES = [
    "/my",
    "/my/home",
    "/my/invoices",
    "/my/invoices/overdue",
    "/my/account",
    "/my/addresses",
    "/my/security",
    "/my/payment_method",
    "/web/login",
    "/web/reset_password",
]


def _frame_ancestors(headers):
    csp = headers.get("Content-Security-Policy", "")
    match = re.search(r"frame-ancestors ([^;]+)", csp)
    return match.group(1).split() if match else None


def test_no_portal_page_can_be_framed_by_another_site(live):
    a = live.data["a"]
    customer = live.browser("a")
    public = live.browser()
    pages = []
    for route in _routes(live):
        if route["type"] != "http" or "GET" not in route["methods"]:
            continue
        if route["rule"].startswith(("/payment/paya_connect/", "/payment_portal/")):
            continue  # provider callbacks (no page); the landing page below
        pages.append(_fill(route["rule"], {**a, "company_id": live.data["company"]}))
    # the checkout with credits: the payment form (A's unapplied payment)
    # and the Apply Credits page (A's credit note covers the invoice)
    for credit in a["credits"]:
        query = {
            "invoice_ids": a["credit_invoice"],
            "credit_ids": credit,
            "total": live.net_amount([a["credit_invoice"]], [credit]),
        }
        pages.append("/my/pay/checkout?" + urlencode(query))
    pages += NATIVE_PAGES + [
        f"/my/invoices/{a['invoices'][0]}",
        f"/my/payments/{a['tx']}?report_type=pdf",
        # the signed links of the payment emails, opened without a session
        f"/my/payments/{a['tx']}?access_token={a['payment_token']}",
        f"/my/payments/{a['tx']}?report_type=pdf&access_token={a['payment_token']}",
    ]
    checked = []
    problems = []
    credit_pages = 0
    for url in sorted(set(pages)):
        signed = "access_token=" in url
        client = public if url.startswith("/web/") or signed else customer
        response = client.get(url, allow_redirects=False)
        if response.status_code != 200:
            continue  # redirects and refusals carry no page
        checked.append(url)
        credit_pages += "credit_ids=" in url and (
            'id="o_payment_form"' in response.text
            or "o_payment_portal_apply_credits_form" in response.text
        )
        xfo = response.headers.get("X-Frame-Options", "").upper()
        ancestors = _frame_ancestors(response.headers)
        if xfo not in ("SAMEORIGIN", "DENY"):
            problems.append(f"{url}: X-Frame-Options {xfo!r}")
        if ancestors is not None and set(ancestors) - {"'self'", "'none'"}:
            problems.append(f"{url}: frame-ancestors {ancestors}")
    # The landing page: the allowed origin may frame it, nobody else.
    landing = public.get(f"/payment_portal/landing/{live.data['company']}")
    assert landing.status_code == 200
    assert _frame_ancestors(landing.headers) == ["'self'", ALLOWED_ORIGIN]
    assert "X-Frame-Options" not in landing.headers
    assert len(checked) >= 20, checked
    assert credit_pages == 2, "the checkout pages with credits were not shown"
    assert not problems, "\n".join(problems)
    live.report(
        f"headers: {len(checked)} portal pages deny framing by other sites "
        "(X-Frame-Options + frame-ancestors 'self'); the landing page allows "
        "exactly the configured origin"
    )
