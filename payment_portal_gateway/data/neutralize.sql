-- blank the Paya Connect credentials of a neutralized database
UPDATE payment_provider
   SET paya_developer_id = NULL,
       paya_user_id = NULL,
       paya_user_api_key = NULL,
       paya_user_hash_key = NULL,
       paya_location_id = NULL,
       paya_location_name = NULL,
       paya_cc_product_transaction_id = NULL,
       paya_ach_product_transaction_id = NULL,
       paya_ach_ppd_product_transaction_id = NULL,
       paya_ach_ccd_product_transaction_id = NULL,
       paya_hpp_cc_id = NULL,
       paya_hpp_cc_key = NULL,
       paya_hpp_ach_id = NULL,
       paya_hpp_ach_key = NULL,
       paya_postback_username = NULL,
       paya_postback_password = NULL;
