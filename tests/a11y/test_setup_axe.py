# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""setup/lib.sh's ensure_axe, and the accessibility test without axe-core."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .browser import AXE_ENV, axe_source

ROOT = Path(__file__).resolve().parents[2]
PINNED = json.loads((ROOT / "tests" / "a11y" / "package.json").read_text())[
    "dependencies"
]["axe-core"]
# What lib.sh and ensure_axe need, without node, npm, apt-get or sudo.
TOOLS = ("bash", "dirname", "sed", "head", "id", "rm", "mkdir", "cp")


def _ensure_axe(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return subprocess.run(
        [
            shutil.which("bash"),
            "-c",
            f'source "{ROOT}/setup/lib.sh" && ensure_axe && echo "${AXE_ENV}"',
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "PATH": str(bin_dir),
            "HOME": str(tmp_path),
            "XDG_CACHE_HOME": str(tmp_path),
        },
    )


def test_ensure_axe_without_node_says_what_to_install(tmp_path):
    result = _ensure_axe(tmp_path)
    assert result.returncode != 0
    assert "node and npm are needed" in result.stderr
    assert "apt-get install nodejs npm" in result.stderr


def test_ensure_axe_reuses_the_pinned_copy(tmp_path):
    script = tmp_path / "payment_portal" / "axe" / PINNED / "node_modules"
    script = script / "axe-core" / "axe.min.js"
    script.parent.mkdir(parents=True)
    script.write_text(f"/*! axe v{PINNED} */")
    result = _ensure_axe(tmp_path)  # no npm on PATH: the copy is used as is
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(script)


def test_missing_axe_fails_the_test(monkeypatch, tmp_path):
    monkeypatch.delenv(AXE_ENV, raising=False)
    with pytest.raises(AssertionError, match="PAYMENT_PORTAL_AXE is not set"):
        axe_source()
    monkeypatch.setenv(AXE_ENV, str(tmp_path / "absent.js"))
    with pytest.raises(AssertionError, match="does not exist: run setup/test"):
        axe_source()
