# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The two setup commands stop at once, clearly, when Odoo 19 is missing."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def python_without_odoo(tmp_path_factory):
    venv = tmp_path_factory.mktemp("no-odoo") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    probe = subprocess.run(
        [python, "-c", "import odoo"], capture_output=True, check=False
    )
    assert probe.returncode != 0, "the venv must not see Odoo"
    return python


def _run(command, python, *args, **env):
    started = time.monotonic()
    result = subprocess.run(
        [str(ROOT / "setup" / command), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "PAYMENT_PORTAL_PYTHON": str(python),
            # nothing listens on the discard port of loopback: download fails
            "PAYMENT_PORTAL_ODOO_URL": "http://127.0.0.1:9/odoo_19.0.latest.tar.gz",
            "XDG_CACHE_HOME": os.environ.get("TMPDIR", "/tmp"),
            **env,
        },
    )
    return result, time.monotonic() - started


@pytest.mark.parametrize("command", ["run", "test"])
def test_missing_odoo_stops_within_seconds(command, python_without_odoo):
    result, elapsed = _run(command, python_without_odoo)
    assert result.returncode != 0
    assert elapsed < 20, f"took {elapsed:.1f} s"
    assert "Odoo 19 is missing and could not be downloaded" in result.stderr
    assert "--odoo /path/to/odoo" in result.stderr, "says how to use an existing Odoo"
    assert "pip install" in result.stderr, "says how to install it"


@pytest.mark.parametrize("command", ["run", "test"])
def test_odoo_option_must_name_an_odoo_tree(command, python_without_odoo, tmp_path):
    result, elapsed = _run(command, python_without_odoo, "--odoo", str(tmp_path))
    assert result.returncode != 0
    assert elapsed < 20
    assert "is not an Odoo source tree" in result.stderr


def test_help_lists_the_options():
    for command in ("run", "test"):
        result = subprocess.run(
            [str(ROOT / "setup" / command), "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0
        assert "--odoo PATH" in result.stdout
