from . import payment_portal_activation_report
