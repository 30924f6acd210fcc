# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Each addon's i18n/<addon>.pot holds exactly the terms the code has."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from odoo.tools import config

ROOT = Path(__file__).resolve().parents[2]


def _msgids(text):
    # msgids can span several lines: join the continuation strings
    ids = set()
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.MULTILINE):
        ids.add("".join(re.findall(r'"(.*)"', block)))
    ids.discard("")
    return ids


@pytest.mark.parametrize("addon", ["payment_portal", "payment_portal_gateway"])
def test_pot_file_is_current(addon, tmp_path):
    exported = tmp_path / f"{addon}.pot"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={','.join(config['addons_path'])}",
            "i18n",
            "export",
            "-d",
            config["db_name"][0]
            if isinstance(config["db_name"], list)
            else config["db_name"],
            "-o",
            str(exported),
            addon,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    committed = (ROOT / addon / "i18n" / f"{addon}.pot").read_text()
    fresh = exported.read_text()
    missing = _msgids(fresh) - _msgids(committed)
    stale = _msgids(committed) - _msgids(fresh)
    assert not missing and not stale, (
        f"regenerate {addon}/i18n/{addon}.pot (odoo i18n export -d DB {addon}): "
        f"missing {sorted(missing)[:5]}, stale {sorted(stale)[:5]}"
    )
