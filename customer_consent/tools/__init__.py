from . import consent_rules
