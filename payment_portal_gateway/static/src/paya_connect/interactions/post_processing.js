/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {PaymentPostProcessing} from "@payment/interactions/post_processing";
import {patch} from "@web/core/utils/patch";

patch(PaymentPostProcessing, {
    /**
     * An ACH debit at Paya Connect stays pending for days (Pending Origination
     * until Settled): land on the confirmation page, which says it is pending,
     * instead of polling.
     *
     * @override
     * @param {String} providerCode - The code of the provider of the transaction.
     * @returns {Set<String>}
     */
    getFinalStates(providerCode) {
        const finalStates = super.getFinalStates(...arguments);
        if (providerCode === "paya_connect") {
            finalStates.add("pending");
        }
        return finalStates;
    },
});
