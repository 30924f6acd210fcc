/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {payWithDemo} from "@payment_portal/../tests/tours/tour_utils";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_short_payment", {
    steps: () => [
        {
            content: "Select the two invoices",
            trigger: "tr:contains(SHORT-A) input.o_payment_portal_select",
            run: "click",
        },
        {
            trigger: "tr:contains(SHORT-B) input.o_payment_portal_select",
            run: "click",
        },
        {
            trigger: ".o_payment_portal_selected_total:contains(300.00)",
        },
        {
            trigger: "button.o_payment_portal_pay:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The checkout offers to pay less on an invoice",
            trigger: ".o_payment_portal_checkout_total:contains(300.00)",
        },
        {
            trigger: "details.o_payment_portal_short summary",
            run: "click",
        },
        {
            content: "Pay 120 of the 200 due on SHORT-B",
            trigger: "fieldset:contains(SHORT-B) input[name^='amount_']",
            run: "edit 120",
        },
        {
            trigger: "fieldset:contains(SHORT-B) select[name^='reason_']",
            run: "selectByLabel Other",
        },
        {
            trigger: "fieldset:contains(SHORT-B) input[name^='reason_text_']",
            run: "edit Two pallets arrived broken",
        },
        {
            trigger: "button.o_payment_portal_short_update",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The total is what the customer chose",
            trigger: ".o_payment_portal_checkout_total:contains(220.00)",
        },
        {
            trigger: "tr:contains(SHORT-B) .o_payment_portal_short_amount:contains(120.00)",
        },
        ...payWithDemo(),
    ],
});
