"""The messages of rules-document problems: English templates, translated by the web layer.

One place for every message a rules document can be refused with. Each constant is the
message id (msgid) of its translation; ``%(name)s`` placeholders are filled from the problem's
parameters after translation. A test checks that every constant here has its Chinese.
"""

from __future__ import annotations

WHOLE_DOCUMENT = "(document)"

# The document as a whole
NOT_YAML = "not valid YAML (line %(line)s, column %(column)s): %(reason)s"
NOT_TEXT = "the document is not UTF-8 or GBK text"
CANNOT_READ = "cannot read %(file)s: %(reason)s"
EMPTY_DOCUMENT = "the document is empty"
WRONG_KIND = "the document is of kind %(found)s, not %(expected)s"
UNKNOWN_KIND = "unknown kind of rules document %(kind)s"

# Shapes and values
EXPECTED_MAPPING = "expected a mapping (key: value)"
EXPECTED_LIST = "expected a list"
EMPTY_LIST = "at least one entry is needed"
UNKNOWN_KEYS = "unknown keys %(keys)s (known: %(known)s)"
MISSING = "missing"
EXPECTED_TEXT = "expected text, got %(value)s"
EXPECTED_NUMBER = "expected a number, got %(value)s"
NOT_FINITE = "must be a finite number, got %(value)s"
NOT_POSITIVE = "must be greater than 0, got %(value)s"
BELOW_MINIMUM = "must be at least %(minimum)s, got %(value)s"
ABOVE_MAXIMUM = "must be at most %(maximum)s, got %(value)s"
EXPECTED_WHOLE_NUMBER = "expected a whole number of at least %(minimum)s, got %(value)s"
EXPECTED_BOOLEAN = "expected true or false, got %(value)s"
EXPECTED_DATE = "expected a date (YYYY-MM-DD), got %(value)s"
NOT_A_CHOICE = "%(value)s is not one of: %(choices)s"
DUPLICATE = "%(value)s appears more than once"
WEIGHTS_SUM = "the weights sum to %(total)s; they must sum to %(expected)s"
ALL_ZERO = "at least one weight must be greater than 0"
UNKNOWN_NAME = "unknown %(what)s %(value)s (known: %(known)s)"

# Suitability schemes
CRITERION_NEEDS = "%(source)s criteria need %(field)s"
WEIGHTS_OR_PAIRWISE = "give either pairwise judgements or a weight for every criterion"
NO_WEIGHT = "criteria without a weight: %(names)s"
PAIRWISE_SHAPE = "the pairwise matrix must be %(n)s × %(n)s (one row and column per criterion)"
PAIRWISE_INVALID = "the pairwise judgements are not usable: %(reason)s"
INCONSISTENT = "the judgements are inconsistent: consistency ratio %(cr)s is above %(limit)s"
BAD_VALUE_FUNCTION = "the value function is not usable: %(reason)s"

# Evaluation schemes
GROUPS_COVER = "groups must cover firms once: one group for all, or one above size and one below"
THRESHOLDS_ORDER = "thresholds need A ≥ B ≥ C"
QUOTAS_EXCEED = "the quotas of A, B and D add up to more than 100 %%"
ONLY_CLASSES = "policies may only be given for classes %(classes)s"

# Service desk and calendar
DEADLINES_ORDER = "the deadlines must not decrease: acknowledge ≤ respond ≤ close"
HOLIDAY_RANGE = "the holiday range %(start)s to %(end)s is out of order or outside %(year)s"
MAKEUP_NOT_WEEKEND = "the make-up working day %(date)s is not on a weekend"
BOTH_OFF_AND_WORKING = "%(date)s is both a day off and a working day"
OFFICE_HOURS = "expected office hours as ordered spans like 08:30-12:00, got %(value)s"

# Admission rule sets
NOT_LISTED_SOURCE = "%(value)s is not listed under sources"
NOT_AN_INDUSTRY_CODE = "%(value)s is not a GB/T 4754 code"
QUOTE_CODES = "%(value)s: quote industry codes ('0111', not 0111)"
NEED_A_CODE = "at least one industry code is needed"
NOT_IN_CLASSIFICATION = "not in GB/T 4754-2017: %(codes)s"
DUPLICATE_RULE_ID = "duplicate rule id %(value)s"
NEEDS_ZH = "missing (the rule set lists zh: give %(field)s in Chinese)"
NOT_IN_GLOSSARY = "words not in the glossary: %(words)s"
PROHIBITION_NEEDS = "needs processes, materials or hazardous_storage_max_t"
NOT_A_CATEGORY = "%(value)s is not a category (%(choices)s)"
UNIQUE_CATEGORIES = "category codes must be unique"
NOT_A_SITE_CLASS = "%(value)s is not a site class"
TIER_NEEDS = "needs min_tce or min_kwh"
TIERS_ORDER = "list the tiers from the highest threshold down"
EXPECTED_NAMES = "expected a list of names"

# Vocabularies of a county's tables
SAME_WORD_TWICE = "“%(word)s” is given for both %(first)s and %(second)s"
NOT_A_UNIT = "%(value)s is not a unit of %(quantity)s (%(units)s)"
UNIT_NEEDS_QUANTITY = "a unit needs a quantity (%(quantities)s)"
CODES_NEED_CODE_KIND = "values are listed only for fields of kind code"
RANGE_ORDER = "the range is empty: min must not exceed max"

# Employment-assistance workshop policies
FIRST_TIER_AT_ONE = "the first tier must start at worker 1"
TIERS_INCREASING = "each tier must start at a later worker than the one before"

# Park performance rubrics and star criteria
CONDITION_NEEDS_MIN = "a condition on a figure needs min"
BANDS_INCREASING = "each band must start at a higher ratio than the one before"
STAR_LEVELS_ORDER = "list the levels from 1 star up, one for each number of stars"
