from . import (
    test_branches,
    test_custom_fields,
    test_demo,
    test_duplicates,
    test_field_policy,
    test_interactions,
    test_lifecycle,
    test_merge,
    test_normalize,
    test_profile,
    test_security,
    test_ui,
)
