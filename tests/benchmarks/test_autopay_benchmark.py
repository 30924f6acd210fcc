# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay against Odoo's native way of charging saved payment methods.

One Auto Pay cron run over N customers with 5 due invoices each, through the
demo provider, against the same invoices paid the native way: the Register
Payment wizard with the customer's saved token, one payment per invoice
(``account_payment`` then creates and charges a transaction per payment).
Both run on copies of one scratch database, in fresh processes, committing
per customer; printed: invoices per second, the peak resident memory the
run added (sampled every 20 ms),
and the ratio (target: Auto Pay at least as fast as native). Auto Pay's
memory is read twice in the same run, once N/2 customers are committed and
at the end (target: flat as N grows). One run, not a run at N/2 and one at
N: the memory a fresh process has free before it starts varies by several
MB from one process to the next, more than what is measured.

N is 60 by default (setup/test); PAYMENT_PORTAL_BENCH_FULL=1 runs the
issue's 1,000 customers (5,000 invoices, several minutes), and
PAYMENT_PORTAL_BENCH_CUSTOMERS=N any other count.
"""

import os
import subprocess
import uuid

import pytest

from ..odoo_process import odoo_shell, run_odoo

CUSTOMERS = int(
    os.environ.get("PAYMENT_PORTAL_BENCH_CUSTOMERS")
    or (1000 if os.environ.get("PAYMENT_PORTAL_BENCH_FULL") else 60)
)

SETUP = """
import json
from datetime import timedelta
from odoo import fields, Command
provider = env.ref("payment.payment_provider_demo")
provider.write({"state": "test"})
method = env.ref("payment_demo.payment_method_demo")
today = fields.Date.today()
for chunk in range(0, %(customers)d, 100):
    customers = env["res.partner"].create([
        {"name": f"Autopay Customer {i}", "is_company": True,
         "email": f"ap{i}@bench.example.com"}
        for i in range(chunk, min(chunk + 100, %(customers)d))])
    tokens = env["payment.token"].create([{
        "provider_id": provider.id, "payment_method_id": method.id,
        "partner_id": customer.id, "payment_details": "4242",
        "provider_ref": f"bench-{customer.id}", "demo_simulated_state": "done",
    } for customer in customers])
    env["payment.portal.autopay"].create([{
        "partner_id": customer.id, "company_id": token.company_id.id,
        "state": "on", "token_id": token.id,
    } for customer, token in zip(customers, tokens)])
    moves = env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": customer.id,
        "invoice_date": today - timedelta(days=30),
        "invoice_date_due": today - timedelta(days=1),
        "invoice_line_ids": [Command.create(
            {"name": "Service", "price_unit": 50.0 + n, "tax_ids": []})],
    } for customer in customers for n in range(5)])
    moves.action_post()
    env.cr.commit()
print("RESULT=" + json.dumps({"invoices": env["account.move"].search_count(
    [("partner_id.name", "=like", "Autopay Customer %%"), ("state", "=", "posted")])}))
"""

MEASURE = """
import json, threading, time
from odoo import fields

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

class Peak(threading.Thread):
    # Samples the resident memory every 20 ms; keeps the highest.
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stopped = rss_kb(), threading.Event()
    def run(self):
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_kb())
limit = %(limit)d
customers = env["res.partner"].search(
    [("name", "=like", "Autopay Customer %%")], order="id")
keep = customers[:limit]
autopays = env["payment.portal.autopay"].search([("partner_id", "in", customers.ids)])
autopays.filtered(lambda a: a.partner_id not in keep).write({"state": "off"})
token_of = {a.partner_id: a.token_id for a in autopays}
invoices = env["account.move"].search([("partner_id", "in", keep.ids)])
env.cr.commit()
rss_before = rss_kb()
peak = Peak()
peak.start()
started = time.perf_counter()
if %(native)r:
    provider = env.ref("payment.payment_provider_demo")
    line = provider.journal_id.inbound_payment_method_line_ids.filtered(
        lambda l: l.payment_provider_id == provider)
    for customer in keep:
        token = token_of[customer]
        for invoice in invoices.filtered(lambda m: m.partner_id == customer):
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids,
            ).create({"payment_method_line_id": line.id,
                      "payment_token_id": token.id})._create_payments()
        env.cr.commit()
else:
    # Observe, don't change: the peak once half of the customers are done.
    Cron = type(env["ir.cron"])
    commit_progress = Cron._commit_progress
    done = [0, None]
    def observed(self, processed=0, **kwargs):
        result = commit_progress(self, processed, **kwargs)
        done[0] += processed
        if done[1] is None and done[0] >= limit // 2:
            done[1] = max(peak.peak, rss_kb()) - rss_before
        return result
    Cron._commit_progress = observed
    env["payment.portal.autopay"]._cron_run()
    Cron._commit_progress = commit_progress
elapsed = time.perf_counter() - started
peak.stopped.set()
peak.join()
rss_after = max(peak.peak, rss_kb())
env.invalidate_all()
paid = invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment"))
print("RESULT=" + json.dumps({
    "seconds": elapsed, "invoices": len(invoices), "paid": len(paid),
    "memory_kb": rss_after - rss_before,
    "memory_half_kb": None if %(native)r else done[1],
    "transactions": env["payment.transaction"].search_count(
        [("invoice_ids", "in", invoices.ids), ("state", "=", "done")]),
}))
"""


@pytest.fixture(scope="module")
def autopay_db():
    name = f"pp_bench_ap_{uuid.uuid4().hex[:8]}"
    run_odoo(
        "-d",
        name,
        "-i",
        "payment_portal,payment_demo",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )
    odoo_shell(name, SETUP % {"customers": CUSTOMERS})
    subprocess.run(["psql", "-q", "-d", name, "-c", "ANALYZE"], check=True)
    copies = []

    def copy():
        target = f"{name}_{len(copies)}"
        subprocess.run(["createdb", "-T", name, target], check=True)
        copies.append(target)
        return target

    yield copy
    for db in [*copies, name]:
        subprocess.run(["dropdb", "--if-exists", db], capture_output=True, check=False)


def _measure(db, limit, native):
    return odoo_shell(db, MEASURE % {"limit": limit, "native": native})


def test_autopay_run_vs_native_token_charges(autopay_db, capsys):
    ours = _measure(autopay_db(), CUSTOMERS, native=False)
    native = _measure(autopay_db(), CUSTOMERS, native=True)
    for result in (ours, native):
        assert result["invoices"] == 5 * CUSTOMERS
        assert result["paid"] == result["invoices"], result
    assert ours["transactions"] == CUSTOMERS, "one transaction per customer"
    assert native["transactions"] == 5 * CUSTOMERS, "one per invoice, natively"
    rate_ours = ours["invoices"] / ours["seconds"]
    rate_native = native["invoices"] / native["seconds"]
    growth = ours["memory_kb"] / max(ours["memory_half_kb"], 1) - 1
    with capsys.disabled():
        print(
            f"\n[benchmark] Auto Pay, {CUSTOMERS} customers x 5 invoices: "
            f"ours {rate_ours:.1f} invoices/s ({ours['seconds']:.1f} s), "
            f"native token charge per invoice {rate_native:.1f} invoices/s "
            f"({native['seconds']:.1f} s), speed ratio {rate_ours / rate_native:.2f} "
            f"(target >= 1); peak memory added: ours "
            f"{ours['memory_half_kb'] / 1024:.1f} MB after {CUSTOMERS // 2} "
            f"customers, {ours['memory_kb'] / 1024:.1f} MB after {CUSTOMERS} "
            f"(growth {growth:+.0%}, target flat); native "
            f"{native['memory_kb'] / 1024:.1f} MB"
        )
