from . import main
from . import native
from . import payment_portal
from . import profiles
from . import schedules
from . import portal_settings
from . import billing_emails
