/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {payWithDemo} from "@payment_portal/../tests/tours/tour_utils";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_guest_pay", {
    steps: () => [
        {
            content: "The link shows the customer's invoices, all ticked",
            trigger: ".o_payment_portal_guest_invoice:contains(TOUR-G1) input:checked",
        },
        {
            trigger: ".o_payment_portal_guest_invoice:contains(TOUR-G2) input:checked",
        },
        {
            content: "Pay them",
            trigger: "button.o_payment_portal_guest_pay",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The checkout charges both",
            trigger: ".o_payment_portal_checkout_total:contains(650.00)",
        },
        ...payWithDemo(),
        {
            trigger: ".o_payment_portal_tx_invoices:contains(TOUR-G1):contains(TOUR-G2)",
        },
    ],
});
