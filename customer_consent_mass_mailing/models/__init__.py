from . import customer_consent, mail_mail, mailing_mailing
