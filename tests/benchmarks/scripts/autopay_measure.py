# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_autopay_benchmark.py, in ``odoo shell``: the first ``limit``
customers (params) charged by one Auto Pay cron run, or the ``native`` way
(Register Payment with the saved token, one payment per invoice); returns
the time, the peak memory added (and Auto Pay's once half the customers are
done) and what was paid."""

import threading
import time


def rss_kb():
    with open("/proc/self/status", encoding="utf-8") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


class Peak(threading.Thread):
    """Samples the resident memory every 20 ms; keeps the highest."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stopped = rss_kb(), threading.Event()

    def run(self):
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_kb())


def _native(env, keep, invoices, token_of):
    provider = env.ref("payment.payment_provider_demo")
    line = provider.journal_id.inbound_payment_method_line_ids.filtered(
        lambda method_line: method_line.payment_provider_id == provider
    )
    for customer in keep:
        token = token_of[customer]
        for invoice in invoices.filtered(lambda m, c=customer: m.partner_id == c):
            env["account.payment.register"].with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            ).create(
                {"payment_method_line_id": line.id, "payment_token_id": token.id}
            )._create_payments()
        env.cr.commit()


def _ours(env, limit, peak, rss_before):
    """The cron run; returns the memory added once half of the customers
    are done (observed, not changed)."""
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
    return done[1]


def main(env, params):
    limit, native = int(params["limit"]), params["native"]
    customers = env["res.partner"].search(
        [("name", "=like", "Autopay Customer %")], order="id"
    )
    keep = customers[:limit]
    autopays = env["payment.portal.autopay"].search(
        [("partner_id", "in", customers.ids)]
    )
    autopays.filtered(lambda a: a.partner_id not in keep).write({"state": "off"})
    token_of = {a.partner_id: a.token_id for a in autopays}
    invoices = env["account.move"].search([("partner_id", "in", keep.ids)])
    env.cr.commit()
    rss_before = rss_kb()
    peak = Peak()
    peak.start()
    started = time.perf_counter()
    if native:
        _native(env, keep, invoices, token_of)
        memory_half = None
    else:
        memory_half = _ours(env, limit, peak, rss_before)
    elapsed = time.perf_counter() - started
    peak.stopped.set()
    peak.join()
    rss_after = max(peak.peak, rss_kb())
    env.invalidate_all()
    paid = invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment"))
    return {
        "seconds": elapsed,
        "invoices": len(invoices),
        "paid": len(paid),
        "memory_kb": rss_after - rss_before,
        "memory_half_kb": memory_half,
        "transactions": env["payment.transaction"].search_count(
            [("invoice_ids", "in", invoices.ids), ("state", "=", "done")]
        ),
    }
