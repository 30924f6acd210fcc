from . import account_move
from . import payment_token
from . import payment_transaction
from . import portal_wizard
from . import res_company
from . import res_config_settings
from . import res_partner
from . import payment_portal_schedule
