# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Print, one per line, the distributions Odoo's own package declares and
that are not installed (setup/lib.sh, ensure_python_imports)."""

import re
from importlib import metadata


def main():
    for requirement in metadata.requires("odoo") or []:
        if ";" in requirement:  # extras (python-ldap) and other markers
            continue
        name = re.split(r"[<>=!~ \[]", requirement)[0]
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            print(name)


if __name__ == "__main__":
    main()
