from . import customer_consent_record_wizard
