# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Print the addons' manifest versions as setup/run compares them with the
database's: ``payment_portal=19.0.x.y.z,payment_portal_gateway=19.0.x.y.z``
(run from the repository's root)."""

import ast

ADDONS = ("payment_portal", "payment_portal_gateway")


def main():
    versions = []
    for name in ADDONS:
        with open(f"{name}/__manifest__.py", encoding="utf-8") as file:
            versions.append(f"{name}={ast.literal_eval(file.read())['version']}")
    print(",".join(versions))


if __name__ == "__main__":
    main()
