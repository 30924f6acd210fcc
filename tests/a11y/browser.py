# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Drive Odoo's own test Chromium through the DevTools protocol: run axe-core
in a page and read its JSON result back, press real (trusted) keys.

``HttpCase.browser_js`` opens Chromium, signs in and loads the page; instead
of evaluating a snippet and waiting for a console message, the test hands the
open ``ChromeBrowser`` to a Python function (``drive``) that talks to the page
with ``Runtime.evaluate`` and ``Input.dispatchKeyEvent``. Keys sent this way
are the browser's own: Tab moves the focus, Space toggles a checkbox, Enter
activates a button and submits its form, exactly as for a person.
"""

import json
import os
import time
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser, ChromeBrowserException

AXE_ENV = "PAYMENT_PORTAL_AXE"
# WCAG 2.1 level A and AA rules, as the issue asks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {
        "key": "Enter",
        "code": "Enter",
        "windowsVirtualKeyCode": 13,
        "text": "\r",
    },
    "Space": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
    "ArrowDown": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
    "Shift+Tab": {
        "key": "Tab",
        "code": "Tab",
        "windowsVirtualKeyCode": 9,
        "modifiers": 8,
    },
}


def axe_source():
    """The pinned axe-core script that setup/test installed (ensure_axe)."""
    path = os.environ.get(AXE_ENV)
    if not path:
        raise AssertionError(
            f"{AXE_ENV} is not set: run setup/test, or source setup/lib.sh and "
            "call ensure_axe, which installs the axe-core pinned in "
            "tests/a11y/package.json and exports its path."
        )
    if not os.path.isfile(path):
        raise AssertionError(
            f"{AXE_ENV}={path} does not exist: run setup/test (ensure_axe "
            "installs axe-core with npm ci)."
        )
    with open(path, encoding="utf-8") as handle:
        return handle.read()


class Page:
    """The page open in Odoo's test Chromium."""

    def __init__(self, browser):
        self.browser = browser

    def evaluate(self, expression, timeout=30):
        result = self.browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": expression,
                "awaitPromise": True,
                "returnByValue": True,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise AssertionError(
                "JavaScript error: %s"
                % details.get("exception", {}).get("description", details)
            )
        return result["result"].get("value")

    def wait(self, condition, timeout=60, what=None):
        """Wait until the JavaScript ``condition`` is true (across page loads)."""
        deadline = time.monotonic() + timeout
        expression = (
            f"(() => {{ try {{ return !!({condition}); }}"
            " catch (e) { return false; } })()"
        )
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression, timeout=5):
                    return
            except (ChromeBrowserException, AssertionError, TimeoutError):
                pass  # the page is being replaced by the next one
            time.sleep(0.1)
        self.browser.take_screenshot(prefix="sc_a11y_wait_")
        try:
            where = self.evaluate("location.href + ' ' + document.title", timeout=5)
        except (ChromeBrowserException, AssertionError, TimeoutError):
            where = "an unreadable page"
        raise AssertionError(f"timed out waiting for {what or condition} on {where}")

    def wait_loaded(self, path=None, selector=None):
        condition = "document.readyState === 'complete'"
        if path:
            condition += f" && location.pathname === {json.dumps(path)}"
        if selector:
            condition += f" && document.querySelector({json.dumps(selector)})"
        self.wait(condition, what=f"the page {path or ''} {selector or ''}")

    def press(self, key):
        params = KEYS[key]
        self.browser._websocket_request(
            "Input.dispatchKeyEvent", params={"type": "keyDown", **params}
        )
        up = {name: value for name, value in params.items() if name != "text"}
        self.browser._websocket_request(
            "Input.dispatchKeyEvent", params={"type": "keyUp", **up}
        )

    def type_text(self, text):
        self.browser._websocket_request("Input.insertText", params={"text": text})

    def focused(self):
        """What has the focus: tag, type, name, label, text, and whether the
        focus is visible (an outline or a box shadow)."""
        return self.evaluate(
            """(() => {
                const el = document.activeElement;
                if (!el || el === document.body) { return null; }
                const style = getComputedStyle(el);
                return {
                    tag: el.tagName.toLowerCase(),
                    type: el.type || "",
                    name: el.getAttribute("name") || "",
                    label: el.getAttribute("aria-label") || "",
                    text: (el.innerText || el.value || "").trim().slice(0, 80),
                    classes: el.className || "",
                    checked: !!el.checked,
                    inContent: !!el.closest("#wrap"),
                    visible: style.boxShadow !== "none" || (
                        style.outlineStyle !== "none" && style.outlineWidth !== "0px"
                    ),
                };
            })()"""
        )

    def tab_to(self, matches, what, limit=150, key="Tab"):
        """Press Tab (or ``key``) until the focused element satisfies
        ``matches`` (a function of ``focused()``); every element of the page
        content reached must show its focus."""
        for _ in range(limit):
            self.press(key)
            focused = self.focused()
            if focused and focused["inContent"] and not focused["visible"]:
                raise AssertionError(f"the focus is not visible on {focused}")
            if focused and matches(focused):
                return focused
        raise AssertionError(f"{what} cannot be reached with the Tab key")

    def axe(self, context):
        """Run axe-core's WCAG 2.1 A/AA rules on ``context`` (a selector)."""
        if not self.evaluate("typeof window.axe === 'object'"):
            # Runtime.evaluate: the pinned file, whatever the page's policies.
            self.evaluate(axe_source() + "\n;true")
        found = self.evaluate(f"!!document.querySelector({json.dumps(context)})")
        if not found:
            raise AssertionError(f"no {context} on {self.evaluate('location.href')}")
        return self.evaluate(
            """axe.run(%s, {runOnly: {type: "tag", values: %s}}).then((r) => ({
                url: location.pathname + location.search,
                version: axe.version,
                passes: r.passes.map((rule) => rule.id),
                incomplete: r.incomplete.map((rule) => rule.id),
                violations: r.violations.map((rule) => ({
                    id: rule.id,
                    impact: rule.impact,
                    help: rule.help,
                    nodes: rule.nodes.map((node) => ({
                        target: node.target.join(" "),
                        html: node.html.slice(0, 300),
                        summary: node.failureSummary,
                    })),
                })),
            }))"""
            % (json.dumps(context), json.dumps(AXE_TAGS)),
            timeout=60,
        )


@contextmanager
def driving(drive):
    """While in this block, ``HttpCase.browser_js`` hands its open browser to
    ``drive(page)`` instead of evaluating code; console errors of the page
    still fail the test."""

    def wait_code_ok(browser, code, timeout, error_checker=None):
        drive(Page(browser))
        if browser._result.done() and browser._result.exception():
            raise browser._result.exception()
        if browser.had_failure:
            raise ChromeBrowserException("the page logged an error (see the log)")

    with patch.object(ChromeBrowser, "_wait_code_ok", wait_code_ok):
        yield
