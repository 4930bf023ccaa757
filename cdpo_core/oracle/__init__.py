"""The compiler oracle: g++ decides "compiles or not" for selection and evaluation alike.

Import cost is small (standard library only), so stages can import it at module level.
"""

from __future__ import annotations

from cdpo_core.oracle.cache import default_cache_path, default_pch_dir
from cdpo_core.oracle.categories import RULES, categorize
from cdpo_core.oracle.diagnostics import Diagnostic, parse_output
from cdpo_core.oracle.pool import Oracle
from cdpo_core.oracle.settings import OracleError, OracleSettings
from cdpo_core.oracle.verdict import LEVELS, Verdict, passed_under

__all__ = [
    "LEVELS",
    "RULES",
    "Diagnostic",
    "Oracle",
    "OracleError",
    "OracleSettings",
    "Verdict",
    "categorize",
    "default_cache_path",
    "default_pch_dir",
    "parse_output",
    "passed_under",
]
