"""The console's read-only queries: the store package's views (`cdpo_core.store_views`).

The SQL lives with the store, so the schema and every query over it change together; the
screens import these names from here and run no SQL of their own.
"""

from cdpo_core.store_views import (
    EXPORT_HEADER,
    PAGE_SIZE,
    SORT_KEYS,
    CompletionDetail,
    ExecutionView,
    Facets,
    FailureFilter,
    FailureRow,
    SessionQueries,
)

__all__ = [
    "EXPORT_HEADER",
    "PAGE_SIZE",
    "SORT_KEYS",
    "CompletionDetail",
    "ExecutionView",
    "Facets",
    "FailureFilter",
    "FailureRow",
    "SessionQueries",
]
