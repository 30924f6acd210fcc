# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The simulated gateway, every concern together, served over HTTP."""

import threading
from http.server import ThreadingHTTPServer

from .hosted_page import HostedPageMixin
from .outcomes import OutcomesMixin
from .postbacks import PostbacksMixin
from .server import Handler
from .state import SimulatorState
from .surcharges import SurchargesMixin
from .transactions import TransactionsMixin
from .vaults import VaultsMixin


class PayaSimulator(
    SimulatorState,
    OutcomesMixin,
    SurchargesMixin,
    TransactionsMixin,
    VaultsMixin,
    PostbacksMixin,
    HostedPageMixin,
):
    """The simulated gateway; :meth:`start` serves it on 127.0.0.1."""

    @property
    def base_url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, port=0):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.server.simulator = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.base_url

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=10)
            self.server = None
