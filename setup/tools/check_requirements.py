# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Exit 0 when every pinned package of the requirement files given as
arguments is installed at its pinned version, 1 otherwise (setup/lib.sh,
ensure_python_deps)."""

import sys
from importlib.metadata import PackageNotFoundError, version

# pip's own copy of packaging: setup installs with pip, so it is there.
from pip._vendor.packaging.markers import Marker


def missing(paths):
    """The requirement lines of ``paths`` that are not installed as pinned."""
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for line in file:
                line = line.split("#")[0].strip()
                line, _, marker = line.partition(";")
                line = line.strip()
                if not line or (marker.strip() and not Marker(marker).evaluate()):
                    continue
                name, _, pinned = line.partition("==")
                try:
                    if version(name) != pinned:
                        lines.append(line)
                except PackageNotFoundError:
                    lines.append(line)
    return lines


if __name__ == "__main__":
    sys.exit(1 if missing(sys.argv[1:]) else 0)
