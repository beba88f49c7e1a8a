"""The claims audit: check what the source texts say against their own numbers and the official series.

``rounding`` (intervals and verdict rules), ``figures`` (the Figure model and ``lookup``), ``derived``
(one function per derived figure, shared with the chapters), ``checks`` and ``official`` (the check
kinds), ``runner`` (reads ``checks.csv``, one row per check, and runs it). The chapter "Checking the
sources' arithmetic" explains the rules to readers.
"""
from .rounding import (CONSISTENT, FAILS, INCONSISTENT, PASSES, SANITY, UNCHECKABLE, VERDICTS,  # noqa: F401
                       WITHIN_ROUNDING)
from .runner import (SECTIONS, Result, counts, independent_groups, read_checks, run, sanity_counts,  # noqa: F401
                     table)
