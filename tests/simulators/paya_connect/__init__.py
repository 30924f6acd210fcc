# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A local Paya Connect: the subset of the v2 API the connector uses, as
Paya's public developer documentation (github.com/PayaDev/PayaConnect)
describes it, for tests and demos on machines that reach no gateway.

Implemented, with the documented envelopes, fields and status codes:

- ``/v2/contacts`` (POST with ``update_if_exists``, GET, PUT),
- ``/v2/accountvaults`` (POST card and ACH, GET one or a filtered list, PUT,
  DELETE),
- ``/v2/transactions`` (POST sale, debit, refund, credit with an account
  number, a vault or a previous transaction; PUT void; GET one or a
  filtered list such as ``?transaction_api_id=``),
- ``/v2/postbackconfigs`` (POST) and the postbacks themselves: form fields
  ``type``, ``resource``, ``number_of_attempts`` and ``data`` (the record as
  a JSON string), optional basic auth, retries on non-2xx answers,
- ``/hostedpaymentpage?id=&data=``: decrypts ``data`` with the page's key
  ("Salted__" AES-256-CBC, EVP_BytesToKey MD5, implemented here on its own
  so that the connector's encryption is checked, not reused), validates it,
  renders a plain card or bank form and, once submitted, runs the
  transaction and redirects to ``redirect_url_on_approve`` / ``_decline``.

Authentication: the ``developer-id``, ``user-id`` and ``user-api-key``
headers (401 otherwise). Validation errors: HTTP 422 with
``{"errors": {field: [message]}}``.

Deterministic outcomes (Paya's TestData.md, plus the simulator's own
conventions, marked "sim"):

- card amount 5.00 declines (reason 1500); 6.01 to 6.31 decline with reason
  1601 to 1631 (TestData.md);
- card number 4000000000000002 declines with reason 1615 "Do Not Honor"
  (sim); other cards approve (status 101); an ``avsonly`` check (amount 0,
  to save a card without paying) answers 121 AvsOnly;
- ACH debits start Pending Origination (131); :meth:`advance_ach` settles
  them (134), except accounts ending in 2101 to 2129, which are returned
  with that reason code, "Rejected-Rnn" (status 136) (sim);
- a transaction_api_id used twice in a location is refused with 422 (the
  docs say api ids are "forced unique per Location"; the message is sim).

Fault switches (:meth:`add_fault`): ``timeout`` (processes, then answers
too late), ``timeout_before`` (answers too late, processes nothing),
``error500`` (nothing processed), ``error500_after`` (processed, then 500),
``malformed`` (processed, body not JSON), ``reset`` (connection closed,
nothing processed), ``slow`` (answers after ``delay`` seconds). Postbacks
can be sent several times (``postback_copies``) and replayed out of order
(:meth:`replay_postbacks`). The ledger (:attr:`ledger`) records every money
movement, to compare with Odoo's payments.

Control over HTTP for other processes (demo, live tests): ``POST
/_sim/faults`` (JSON of :meth:`add_fault`), ``POST /_sim/ach/advance``,
``POST /_sim/batch/settle``, ``POST /_sim/postbacks/replay``, ``GET
/_sim/ledger``. Run ``python3 -m tests.simulators.paya_connect --help`` to serve it.

Layout: ``const`` (codes, messages, helpers), ``state`` (the records, the
ledger, the fault switches), ``outcomes`` (validation and the deterministic
outcomes), ``transactions`` (charges, refunds, voids, batches, ACH),
``vaults`` (accounts, vaults, contacts), ``postbacks``, ``hosted_page``,
``api`` and ``server`` (the HTTP side), ``simulator`` (:class:`PayaSimulator`,
all of them together) and ``__main__`` (the command line).
"""

from .const import CARD_DECLINE, DECLINE_AMOUNTS, REASON_MESSAGES, Invalid
from .hosted_page import decrypt_hpp_data, hpp_url
from .simulator import PayaSimulator

__all__ = [
    "CARD_DECLINE",
    "DECLINE_AMOUNTS",
    "REASON_MESSAGES",
    "Invalid",
    "PayaSimulator",
    "decrypt_hpp_data",
    "hpp_url",
]
