# Odoo's test loader looks in <addon>/tests only: each connector's tests.
from ..paya_connect.tests import test_paya_connect_provider
