from . import test_opted_out
