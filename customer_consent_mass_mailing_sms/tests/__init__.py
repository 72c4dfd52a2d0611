from . import test_sms_stop_withdraws
