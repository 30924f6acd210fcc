# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_statement_benchmark.py, in ``odoo shell``: the statement of account
of each customer of ``customers`` (params: size -> id) rendered ``rounds``
times, as QWeb's HTML and as the PDF (wkhtmltopdf, fetching the report's
assets from the server at ``report_url``), each after a warm-up, with the
ORM's cache emptied; returns per size the median seconds, the queries
of each render, the PDF's size and pages."""

import gc
import statistics
import time

REPORT = "payment_portal.action_report_statement"


def _measure(env, render, rounds):
    """Median seconds and the distinct query counts of ``rounds`` calls."""
    render()  # warm up: templates compiled, assets bundled
    seconds, queries = [], set()
    for _round in range(rounds):
        env.invalidate_all()
        # Environments the collector would free during a round are freed
        # before each: each round then reads the user's company once.
        gc.collect()
        count = env.cr.sql_log_count
        started = time.perf_counter()
        result = render()
        seconds.append(time.perf_counter() - started)
        queries.add(env.cr.sql_log_count - count)
    return statistics.median(seconds), sorted(queries), result


def main(env, params):
    env["ir.config_parameter"].set_param("report.url", params["report_url"])
    env.cr.commit()
    Report = env["ir.actions.report"]
    results = {}
    for size, customer_id in params["customers"].items():
        data = {
            "partner_ids": [customer_id],
            "company_id": env.company.id,
            "kind": "open",
        }
        html_seconds, html_queries, (html, _kind) = _measure(
            env, lambda d=data: Report._render_qweb_html(REPORT, None, dict(d)), 1
        )
        pdf_seconds, pdf_queries, (pdf, kind) = _measure(
            env,
            lambda d=data: Report._render_qweb_pdf(REPORT, None, dict(d)),
            int(params["rounds"]),
        )
        results[size] = {
            "html_seconds": html_seconds,
            "html_queries": html_queries,
            "rows": html.count(b"data-line-id="),
            "pdf_seconds": pdf_seconds,
            "pdf_queries": pdf_queries,
            "type": kind,
            "is_pdf": pdf.startswith(b"%PDF-"),
            "bytes": len(pdf),
            "pages": pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"),
        }
    return results
