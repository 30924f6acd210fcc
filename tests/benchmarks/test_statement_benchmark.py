# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The statement of account as a PDF (issue 17's scale: "a statement of
5,000 lines rendered as PDF: seconds and queries"), at 500 and 5,000 lines,
on a scratch database of its own with a real server serving the report's
assets to wkhtmltopdf, as in production.

Printed: the seconds of QWeb's HTML and of the PDF, the queries, the PDF's
pages. Asserted only what holds on any machine: every line is printed, the
result is a PDF, and the queries do not grow with the lines (the same count
at 500 and 5,000)."""

from pathlib import Path

import pytest

from ..odoo_process import odoo_script
from .test_pay_invoices_benchmark import scratch_db, serving

SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``
SIZES = (500, 5000)
ROUNDS = 3


@pytest.fixture(scope="module")
def statement_db():
    with scratch_db(
        "pp_bench_st",
        "payment_portal,payment_demo",
        "statement_setup.py",
        {"sizes": list(SIZES)},
    ) as database:
        yield database


def test_statement_pdf_at_500_and_5000_lines(statement_db, capsys):
    db, customers = statement_db
    with serving(db) as base:
        results = odoo_script(
            db,
            SCRIPTS / "statement_pdf.py",
            {"customers": customers, "rounds": ROUNDS, "report_url": base},
        )
    for size in SIZES:
        result = results[str(size)]
        assert result["rows"] == size, result
        assert result["type"] == "pdf" and result["is_pdf"], result
        assert len(result["pdf_queries"]) == 1, result  # the same every round
    small, large = (results[str(size)] for size in SIZES)
    assert small["pdf_queries"] == large["pdf_queries"], results
    assert small["html_queries"] == large["html_queries"], results
    assert large["pages"] > small["pages"], results
    with capsys.disabled():
        for size in SIZES:
            result = results[str(size)]
            print(
                f"\n[benchmark] statement of account, {size:,} lines: PDF "
                f"{result['pdf_seconds']:.1f} s ({result['pages']} pages, "
                f"{result['bytes'] / 1024:.0f} kB), of which QWeb's HTML "
                f"{result['html_seconds']:.2f} s; {result['pdf_queries'][0]} "
                f"queries (HTML {result['html_queries'][0]})"
            )
