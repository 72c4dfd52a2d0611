from . import test_consent_rules
from . import test_consent_trail
from . import test_consent_blacklist
from . import test_consent_enforcement
from . import test_consent_expiry
from . import test_privacy
from . import test_consent_http
from . import test_opted_out
