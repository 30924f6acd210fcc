from . import payment_provider
from . import payment_token
from . import payment_transaction
from . import payment_transaction_sync
from . import payment_transaction_charges
from . import payment_transaction_surcharge
from . import res_config_settings
