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
- ``/v2/postbackconfigs`` (POST, with the ``product_transaction_id`` PB
  requires for transactions) and the postbacks themselves, of that deposit
  account only: form fields ``type``, ``resource``, ``number_of_attempts``
  and ``data`` (the record as a JSON string), optional basic auth, retries
  on non-2xx answers,
- ``/v2/locationinfos``: the location, its deposit accounts and their ACH
  terminals (one per SEC code, ``processor_data.terminals``),
- ``/hostedpaymentpage?id=&data=``: decrypts ``data`` with the page's key
  ("Salted__" AES-256-CBC, EVP_BytesToKey MD5, implemented here on its own
  so that the connector's encryption is checked, not reused), validates it
  (a timestamp that is not Unix seconds, an expired one, a visible field
  that is not on the form, an overridden card field: 422), renders a plain
  card (with billing street and ZIP) or bank form and, once submitted, runs
  the transaction and redirects to ``redirect_url_on_approve`` /
  ``_decline``.

Authentication (Authentication/README.md): ``user-id`` and ``user-api-key``
as headers, query string parameters or the user and password of a Basic
authentication header, ``developer-id`` as a header or in the query string
(401 otherwise). Validation errors: HTTP 422 with ``{"errors": {field:
[message]}}``: an SEC code other than PPD, CCD, WEB, TEL, POP and C21, or
one the deposit account has no terminal for, a credit that is not CCD, an
ACH refund with another code than its debit's (sim), fields longer than the
Transactions and Contacts READMEs allow (transaction_api_id and description
64, contact email 5-64, zip 4-12 of letters, digits, spaces and dashes, a
two-letter state...), ``save_account`` without a contact.

Surcharges (``surcharges``; Fee Details.md, T): a card product given a
surcharge (:meth:`configure_surcharge`: a rate or a flat fee, minimum and
maximum fee, maximum amount, refund_surcharges) requires ``subtotal_amount``
and ``surcharge_amount`` together on card sales, their sum as the amount, the
surcharge within its limits; a debit card (also a saved one) is charged the
subtotal (``is_surcharge`` false); refunds return at most the subtotal unless
surcharges are refunded; a product without a surcharge refuses one.

Deterministic outcomes (Paya's TestData.md, plus the simulator's own
conventions, marked "sim"):

- card amounts 5.00, 5.10, 5.20, 5.30, 5.40 and 6.01 to 6.31 decline with
  the reason code of TestData.md (1500, 1510...); 2.01 declines with 1201
  PARTIAL_AUTH, or approves 1.00 where the deposit account allows partial
  authorization (:attr:`partial_auth_products`, none by default) and the
  transaction does not say ``allow_partial_authorization_override: false``;
  8.00 to 8.99 decline (1500) after as many seconds as the cents, at most
  Paya's 10-second API time-out;
- the AVS of a card transaction: GOOD for TestData.md's valid address,
  STREET or ZIP when one part differs, BAD otherwise or when none is sent;
  the address that "will cause a transaction denial" declines it (reason
  1500, sim). An ``avsonly`` check (amount 0, to save a card without
  paying) answers 121 AvsOnly with that AVS;
- card number 4000000000000002 declines with reason 1615 "Do Not Honor"
  (sim); TestData.md's debit cards (Visa Debit Classic, Mastercard Business
  Debit Prepaid) have the card type ``debit`` (sim); other cards approve
  (status 101);
- ACH debits and credits start Pending Origination (131); :meth:`advance_ach`
  settles them (134), or moves them to Originating or Originated (132, 133)
  only, except accounts ending in 2101 to 2129, which are returned with
  that reason code, "Rejected-Rnn" (status 136) (sim); an ACH refund needs
  a settled debit, a void a debit still 131 on the day it was made (Paya's
  cutoff is 2am EST; the simulator's day ends at midnight); voids answer
  reason 1000 as T's samples do;
- a transaction_api_id used twice in a location is refused with 422 (the
  docs say api ids are "forced unique per Location"; the message is sim).

Not simulated (the connector uses none of them): refunds by account number,
the amount-range and ``created_ts`` filters of transaction lists, the batch
close that fails once on a 6.30 transaction.

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
``POST /_sim/batch/settle``, ``POST /_sim/surcharge`` (JSON of
:meth:`configure_surcharge`), ``POST /_sim/postbacks/replay``, ``GET
/_sim/ledger``. Run ``python3 -m tests.simulators.paya_connect --help`` to serve it.

Layout: ``const`` (codes, messages, helpers), ``state`` (the records, the
ledger, the fault switches), ``outcomes`` (validation and the deterministic
outcomes), ``surcharges``, ``transactions`` (charges, refunds, voids, batches, ACH),
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
