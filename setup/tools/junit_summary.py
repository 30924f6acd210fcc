# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""setup/test's verdict from pytest's JUnit report: print the counts, fail
on a failure, an error, a skipped test or no test at all.

Usage: junit_summary.py JUNIT_XML PYTEST_EXIT_CODE SECONDS"""

import sys
import xml.etree.ElementTree as ET


def main(path, rc, seconds):
    try:
        suites = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(f"tests: 0 passed, 1 failed (pytest exited {rc} without a report)")
        return 1
    total = failed = skipped = 0
    skipped_names = []
    for case in suites.iter("testcase"):
        total += 1
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
            skipped_names.append(f"{case.get('classname')}.{case.get('name')}")
    passed = total - failed - skipped
    for name in skipped_names:
        print(f"[setup] ERROR: skipped (a test must never be skipped here): {name}")
    print(f"[setup] test command took {seconds} s")
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    ok = rc == 0 and total > 0 and failed == 0 and skipped == 0
    if total == 0:
        print("[setup] ERROR: no test ran")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
