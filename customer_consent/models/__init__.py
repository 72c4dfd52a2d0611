from . import (
    customer_consent,
    customer_consent_channel,
    customer_consent_purpose,
    customer_consent_request,
    customer_consent_text,
    customer_privacy_request,
    customer_retention_policy,
    res_config_settings,
    res_partner,
    res_partner_consent_expiry,
)
