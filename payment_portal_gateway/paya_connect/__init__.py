# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The Paya Connect connector (see the addon's ``__init__`` for the layout)."""

from . import controllers
from . import models

from odoo.addons.payment import reset_payment_provider, setup_provider


def post_init_hook(env):
    setup_provider(env, "paya_connect")


def uninstall_hook(env):
    reset_payment_provider(env, "paya_connect")
    # Odoo's own default: payment_portal_gateway made ACH debits tokenizable.
    ach = env.ref("payment.payment_method_ach_direct_debit", raise_if_not_found=False)
    if ach:
        ach.support_tokenization = False
