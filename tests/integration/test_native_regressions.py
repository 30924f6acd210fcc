# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Odoo's own tests of the flows the payment portal extends, run with both
addons installed: native Pay Now, overdue invoices, payment links and
portal pages keep working. (auth_signup's TestAuthSignupFlow is left out:
its free-signup test assumes no website, whose own sign-up setting wins.)"""

from odoo.addons.account_payment.tests.test_account_payment import (  # noqa: F401
    TestAccountPayment,
)
from odoo.addons.account_payment.tests.test_payment_flows import TestFlows  # noqa: F401
from odoo.addons.auth_signup.tests.test_reset_password import (  # noqa: F401
    TestResetPassword,
)
from odoo.addons.portal.tests.test_addresses import TestPortalAddresses  # noqa: F401
from odoo.addons.portal.tests.test_portal_wizard import TestPortalWizard  # noqa: F401
