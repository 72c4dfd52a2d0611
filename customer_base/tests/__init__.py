from . import test_demo, test_security, test_ui
