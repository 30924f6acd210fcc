/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";

/**
 * The invoice selection of /my/pay: checkboxes, select-all, a live total of
 * the amounts due minus the credits ticked, and invoices and credits that
 * cannot go in the same payment (another currency or company) disabled while
 * the selection holds others. The server checks everything again; this only
 * guides the customer.
 */
export class PaymentPortalInvoiceSelection extends Interaction {
    static selector = ".o_payment_portal_selection";

    dynamicContent = {
        ".o_payment_portal_select": {"t-on-change": this.refresh},
        ".o_payment_portal_select_credit": {"t-on-change": this.refresh},
        ".o_payment_portal_select_all": {"t-on-change": this.onSelectAll},
        _root: {"t-on-submit": this.onSubmit},
    };

    start() {
        this.refresh();
    }

    get boxes() {
        return [...this.el.querySelectorAll(".o_payment_portal_select")];
    }

    get checked() {
        return this.boxes.filter((box) => box.checked);
    }

    get creditBoxes() {
        return [...this.el.querySelectorAll(".o_payment_portal_select_credit")];
    }

    get checkedCredits() {
        return this.creditBoxes.filter((box) => box.checked);
    }

    /** The key of the payment an invoice can join: its currency and company. */
    groupKey(box) {
        return `${box.dataset.currencyId}-${box.dataset.companyId}`;
    }

    onSelectAll(ev) {
        const select = ev.currentTarget.checked;
        const first = this.checked[0] || this.boxes[0];
        const key = first && this.groupKey(first);
        for (const box of this.boxes) {
            box.checked = select && this.groupKey(box) === key;
        }
        this.refresh();
    }

    refresh() {
        const checked = this.checked;
        const first = checked[0] || this.checkedCredits[0];
        const key = first ? this.groupKey(first) : null;
        let incompatible = false;
        for (const box of [...this.boxes, ...this.creditBoxes]) {
            const other = key !== null && this.groupKey(box) !== key;
            box.disabled = other;
            if (other) {
                box.checked = false;
            }
            // A grey row, its text as readable as the others (no opacity).
            box.closest("tr").classList.toggle("table-secondary", other);
            incompatible = incompatible || other;
        }
        const credits = this.checkedCredits;
        const decimals = checked.length ? parseInt(checked[0].dataset.currencyDecimals) : 2;
        const factor = 10 ** decimals;
        const cents = (boxes) =>
            boxes.reduce((sum, box) => sum + Math.round(parseFloat(box.dataset.amount) * factor), 0);
        const net = cents(checked) - cents(credits);
        // What the browser sends back: the server refuses it if its own
        // figure differs (negative when the credits exceed the invoices).
        this.total = (net / factor).toFixed(decimals);
        const shown = Math.max(net, 0) / factor;
        const currency = checked.length ? checked[0].dataset.currencyName : "";
        this.el.querySelector(".o_payment_portal_selected_count").textContent = checked.length;
        this.el.querySelector(".o_payment_portal_selected_credit_count").textContent =
            credits.length;
        this.el
            .querySelector(".o_payment_portal_credit_summary")
            .classList.toggle("d-none", !credits.length);
        this.el.querySelector(".o_payment_portal_selected_total").textContent = currency
            ? new Intl.NumberFormat(undefined, {
                  style: "currency",
                  currency,
                  minimumFractionDigits: decimals,
                  maximumFractionDigits: decimals,
              }).format(shown)
            : shown.toFixed(decimals);
        const applyOnly = checked.length > 0 && credits.length > 0 && net <= 0;
        this.el
            .querySelector(".o_payment_portal_credit_rest")
            .classList.toggle("d-none", !applyOnly);
        this.el.querySelector(".o_payment_portal_pay_label").classList.toggle("d-none", applyOnly);
        this.el
            .querySelector(".o_payment_portal_apply_label")
            .classList.toggle("d-none", !applyOnly);
        this.el
            .querySelector(".o_payment_portal_incompatible")
            .classList.toggle("d-none", !incompatible);
        // Credits alone settle nothing: at least one invoice.
        this.el.querySelector(".o_payment_portal_pay").disabled = !checked.length;
        const selectAll = this.el.querySelector(".o_payment_portal_select_all");
        if (selectAll) {
            selectAll.checked =
                checked.length > 0 && checked.length === this.boxes.filter((b) => !b.disabled).length;
        }
    }

    onSubmit(ev) {
        const checked = this.checked;
        if (!checked.length) {
            ev.preventDefault();
            return;
        }
        this.el.querySelector("input[name='invoice_ids']").value = checked
            .map((box) => box.value)
            .join(",");
        this.el.querySelector("input[name='credit_ids']").value = this.checkedCredits
            .map((box) => box.value)
            .join(",");
        this.el.querySelector("input[name='total']").value = this.total;
    }
}

registry
    .category("public.interactions")
    .add("payment_portal.invoice_selection", PaymentPortalInvoiceSelection);
