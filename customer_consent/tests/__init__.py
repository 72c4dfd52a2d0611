from . import (
    test_consent_blacklist,
    test_consent_enforcement,
    test_consent_expiry,
    test_consent_http,
    test_consent_rules,
    test_consent_trail,
    test_opted_out,
    test_privacy,
)
