# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Starts Odoo as its ``odoo-bin`` does, for the live suite's servers.

A prefork server respawns its gevent worker as ``python sys.argv[0] gevent``,
so it must be started from a file. The ``odoo`` launcher that pip writes may
refuse to start over a package metadata detail (an old ``pkg_resources``
that misses a dependency's normalised name); this file only needs ``import
odoo``, like the tests themselves.
"""

import odoo.cli

if __name__ == "__main__":
    odoo.cli.main()
