# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Card fees came with 19.0.1.8.0: a database of 19.0.1.7.0 whose receipt
email staff edited is upgraded with the current code; the receipt (a
noupdate template) gains the fee row and keeps the staff's words, the
companies have no fee, and the receipt of a surcharged payment shows it."""

from ..odoo_process import odoo_script
from .test_autopay_migration import (  # noqa: F401 - the fixture
    SCRIPTS,
    _install_previous,
    _upgrade,
    fresh_db,
)

# The last commit of 19.0.1.7.0 (credits, short payments, disputes).
PREVIOUS = "4366a13"


def test_receipt_template_gains_the_fee_row(fresh_db, tmp_path):  # noqa: F811
    old_path = _install_previous(fresh_db, tmp_path, PREVIOUS, "19.0.1.7.0")
    odoo_script(fresh_db, SCRIPTS / "fee_old_data.py", addons_path=old_path)
    _upgrade(fresh_db)
    new = odoo_script(fresh_db, SCRIPTS / "fee_new_data.py")
    assert new["version"] == "19.0.1.8.0"
    assert new["fee_row"], "the receipt shows the fee"
    assert new["staff_words"], "the staff's edit is kept"
    assert new["modes"] == ["none"]
    assert new["rendered_fee"] == "Card surcharge (3.00 %)"
