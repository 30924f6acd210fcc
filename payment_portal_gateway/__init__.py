# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Payment gateway connectors of the customer payment portal.

Each connector is a package of this addon, named after its provider code
(``paya_connect/``; Cayan will be the next), laid out as an addon of its own:

- ``const.py``: the gateway's constants, data only (no code runs on import);
- a request helper (``client.py``): what Odoo's ``payment.provider`` request
  hooks cannot say for this gateway (timeouts, error classes);
- ``models/``, ``controllers/``, ``data/``, ``views/``: its ``payment.provider``
  and ``payment.transaction`` overrides, routes, records and views, listed in
  the manifest under the package's path (XML ids stay module-level);
- ``tests/``: its unit tests, imported by this addon's ``tests/__init__.py``
  so that Odoo's test loader finds them;
- ``__init__.py``: its install and uninstall steps, called from the hooks
  below.

What Odoo reads only at the addon root stays here: the manifest, ``readme/``,
``i18n/``, ``migrations/``, ``data/neutralize.sql`` (one per addon: each
connector adds its statements) and ``static/`` (a subfolder per connector).
"""

from . import paya_connect


def post_init_hook(env):
    paya_connect.post_init_hook(env)


def uninstall_hook(env):
    paya_connect.uninstall_hook(env)
