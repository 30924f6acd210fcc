# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""tests/conftest.py gives Chromium three chances to start before Odoo's
skip stands (a skipped tour proves nothing)."""

import os
import unittest
from unittest.mock import patch

import pytest

from odoo.tests.common import ChromeBrowser

from .. import conftest


class _Browser:
    def __init__(self, path):
        self.user_data_dir = str(path)


def _flaky(failures):
    calls = []

    def spawn(browser, cmd):
        calls.append(os.path.isdir(browser.user_data_dir))
        if len(calls) <= failures:
            os.rmdir(browser.user_data_dir)  # as Odoo does on a failed start
            raise unittest.SkipTest("Failed to detect chrome devtools port")
        return "process", 4242

    return spawn, calls


def test_a_slow_start_is_tried_again_with_its_profile_directory(tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    spawn, calls = _flaky(failures=2)
    with patch.object(conftest, "_odoo_spawn_chrome", spawn):
        result = ChromeBrowser._spawn_chrome(_Browser(profile), ["chromium"])
    assert result == ("process", 4242)
    assert calls == [True, True, True], "each try had its profile directory"


def test_the_skip_stands_after_three_failed_starts(tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    spawn, calls = _flaky(failures=3)
    with (
        patch.object(conftest, "_odoo_spawn_chrome", spawn),
        pytest.raises(unittest.SkipTest),
    ):
        ChromeBrowser._spawn_chrome(_Browser(profile), ["chromium"])
    assert len(calls) == conftest.START_ATTEMPTS
