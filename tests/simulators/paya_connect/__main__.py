# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Serve a local Paya Connect: ``python3 -m tests.simulators.paya_connect``.

It prints its URL and settings (credentials, location, products, pages) and,
with ``--config-file``, writes them there as JSON once it serves (setup/run
waits for that file, then configures the provider from it). SIGTERM or
Ctrl+C stops it cleanly."""

import argparse
import json
import os
import signal
import sys
import threading

from .simulator import PayaSimulator


def settings(simulator):
    """What a provider needs to use ``simulator`` (JSON-serialisable)."""
    return {
        **simulator.credentials,
        "base_url": simulator.base_url,
        "location_id": simulator.location_id,
        "products": simulator.default_products,
        "pages": simulator.pages,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve a local Paya Connect.")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--postback-url", help="Odoo's /payment/paya_connect/postback")
    parser.add_argument(
        "--config-file",
        help="write the settings as JSON to this file once serving",
    )
    args = parser.parse_args(argv)
    simulator = PayaSimulator()
    base = simulator.start(args.port)
    if args.postback_url:
        # A transaction postback configuration is per deposit account.
        for product in simulator.default_products.values():
            simulator.add_postback_config(
                {
                    "resource": "transaction",
                    "product_transaction_id": product,
                    "url": args.postback_url,
                    "attempt_interval": 5,
                }
            )
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopped.set())
    print(f"Paya Connect simulator on {base}")
    print(json.dumps(settings(simulator), indent=2), flush=True)
    if args.config_file:
        partial = f"{args.config_file}.part"
        with open(partial, "w", encoding="utf-8") as file:
            json.dump(settings(simulator), file, indent=2)
        os.replace(partial, args.config_file)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
