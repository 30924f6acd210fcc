from . import payment_provider
from . import payment_transaction
from . import res_config_settings
