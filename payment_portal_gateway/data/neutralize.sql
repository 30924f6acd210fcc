-- blank the Paya Connect credentials of a neutralized database
UPDATE payment_provider
   SET paya_developer_id = NULL,
       paya_user_id = NULL,
       paya_user_api_key = NULL,
       paya_user_hash_key = NULL,
       paya_location_id = NULL;
