from . import test_segment_menu
