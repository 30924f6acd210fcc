/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_send_activation_link", {
    steps: () => [
        {
            content: "The contact has no portal access yet",
            trigger: ".o_form_view .o_notebook a:contains(Portal Access)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='portal_access_state']:contains(Not Invited)",
        },
        {
            content: "Staff sends the activation link",
            trigger: ".o_form_view button[name='action_portal_send_activation']",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(Activation link sent to)",
        },
        {
            content: "The contact is now invited",
            trigger: ".o_field_widget[name='portal_access_state']:contains(Invited)",
        },
        {
            trigger: ".o_form_view button[name='action_portal_resend_activation']",
        },
    ],
});

registry.category("web_tour.tours").add("payment_portal_activate_account", {
    steps: () => [
        {
            content: "The customer chooses a password",
            trigger: "form.oe_signup_form input[name='password']",
            run: "edit Blue-Ocean-2026",
        },
        {
            trigger: "form.oe_signup_form input[name='confirm_password']",
            run: "edit Blue-Ocean-2026",
        },
        {
            trigger: "form.oe_signup_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Signed in, on the customer portal home",
            trigger: ".o_portal_my_home",
        },
    ],
});
