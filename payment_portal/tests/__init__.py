from . import test_portal_activation
from . import test_portal_activation_http
from . import test_portal_activation_tour
