/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {PaymentForm} from "@payment/interactions/payment_form";
import {patch} from "@web/core/utils/patch";

patch(PaymentForm.prototype, {
    /**
     * Send the "Use this payment method for Auto Pay" choice of the page where
     * a customer adds a payment method.
     *
     * @override
     * @returns {Object} The transaction route params.
     */
    _prepareTransactionRouteParams() {
        const params = super._prepareTransactionRouteParams(...arguments);
        const autopay = document.getElementById("payment_portal_autopay");
        if (autopay && this.paymentContext.mode === "validation") {
            params.payment_portal_autopay = autopay.checked;
        }
        return params;
    },
});
