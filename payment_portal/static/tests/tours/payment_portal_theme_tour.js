/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_settings_theme", {
    steps: () => [
        {
            content: "Open the Invoicing settings",
            trigger: ".settings_tab .tab[data-key='account']",
            run: "click",
        },
        {
            content: "Choose the portal theme colour",
            trigger: "#payment_portal_color .o_field_widget[name='payment_portal_color'] .o_field_color",
            run: function () {
                // The colour picker's input is transparent over its swatch.
                const input = this.anchor.querySelector("input[type='color']");
                input.value = "#1f6f8b";
                input.dispatchEvent(new Event("input", {bubbles: true}));
                input.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Save the settings",
            trigger: ".o_form_button_save",
            run: "click",
            // Saving the settings reloads the page.
            expectUnloadPage: true,
        },
        {
            trigger: "#payment_portal_color .o_field_color[style*='#1f6f8b']",
        },
        {
            content: "Open the portal links",
            trigger: "#payment_portal_links button[name='action_payment_portal_links']",
            run: "click",
        },
        {
            content: "Add a link",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='name'] input",
            run: "edit Customer survey",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='url'] input",
            run: "edit https://survey.example.com/harbor",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='new_window'] input",
            run: "click",
        },
        {
            content: "Save the link",
            trigger: ".o_list_view .o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:not(.o_selected_row):contains(Customer survey)",
        },
    ],
});

registry.category("web_tour.tours").add("payment_portal_customer_theme", {
    steps: () => [
        {
            content: "The portal wears the company's colour",
            trigger: "#wrap[data-payment-portal-theme]",
            run: function () {
                const button = document.querySelector("#wrap .btn-primary");
                const colour = getComputedStyle(button).backgroundColor;
                if (colour !== "rgb(31, 111, 139)") {
                    throw new Error(`Primary buttons are ${colour}, not the theme colour`);
                }
            },
        },
        {
            content: "The admin's link is in the portal's navigation",
            trigger:
                ".o_payment_portal_links a[href='https://survey.example.com/harbor'][target='_blank'][rel~='noopener']:contains(Customer survey)",
        },
    ],
});
