from . import payment_portal_activation_report
from . import payment_portal_dispute_reject
from . import payment_portal_pay_link_wizard
from . import payment_portal_statement_send
