from . import test_paya_connect_provider
