from . import test_unsubscribe_withdraws
