from . import campaign_dates, scoring
