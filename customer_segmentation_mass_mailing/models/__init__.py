from . import customer_segment, mailing_mailing
