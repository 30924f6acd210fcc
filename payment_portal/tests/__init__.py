from . import test_pay_invoices
from . import test_pay_invoices_http
from . import test_pay_invoices_queries
from . import test_pay_invoices_tour
from . import test_portal_activation
from . import test_portal_activation_http
from . import test_portal_activation_tour
from . import test_autopay
