from . import mass_mailing_sms
