from . import consent_portal
