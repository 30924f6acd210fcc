# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The live database's people and documents, created by ``odoo shell``.

Roles: customer A (a portal user of Harbor), A's colleague (another portal
user of Harbor), customer B (Rival), an invoicing user, the admin. Each
customer has invoices, a saved card, a scheduled payment, a billing
address and a done transaction, so that every route has someone else's
record to be asked for.

The ``odoo shell`` scripts are in scripts/: scenario_setup.py makes them,
paya_setup.py configures the Paya Connect provider on the simulator."""

PASSWORD = "Live-Portal-2026"
