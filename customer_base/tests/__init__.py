from . import test_custom_fields, test_demo, test_security, test_ui
