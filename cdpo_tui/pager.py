"""Keyset paging state that belongs to one query, not to the table showing it.

The browser used to take the next page's start from the rows on screen: pressing `]` again
before the page arrived took the same start twice, and the label counted pages that were
never read ("rows 801–1000 of 720"). A `Pager` is made for one (filter, sort) and learns each
page's start only from the rows read for that page, so any number of quick presses moves
exactly that many pages, stops at the last one, and never mixes two queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdpo_tui.queries import PAGE_SIZE, FailureFilter, FailureRow


@dataclass(frozen=True)
class PageQuery:
    """What is paged: the filter and the order."""

    filt: FailureFilter
    sort: str = "id"
    descending: bool = False


@dataclass
class Pager:
    """Page starts learnt so far for `query`, the page asked for, and where the pages end.

    Attributes:
        starts: keyset start of each page learnt so far (None: the first page).
        wanted: the page (0-based) the user asked for; may run ahead of `starts`.
        last: index of the last page, once a short page has been read.
        total: rows the query selects, counted once.
    """

    query: PageQuery
    size: int = PAGE_SIZE
    starts: list[tuple[Any, int] | None] = field(default_factory=lambda: [None])
    wanted: int = 0
    last: int | None = None
    total: int | None = None

    def forward(self) -> None:
        """Ask for the page after the one asked for last, unless that one is the last."""
        if self.last is None or self.wanted < self.last:
            self.wanted += 1

    def back(self) -> None:
        self.wanted = max(0, self.wanted - 1)

    def next_index(self) -> int:
        """The page to read next on the way to `wanted`: the farthest one whose start is known."""
        return min(self.wanted, len(self.starts) - 1)

    def after(self, index: int) -> tuple[Any, int] | None:
        return self.starts[index]

    def learn(self, index: int, rows: list[FailureRow]) -> bool:
        """Record what reading page `index` taught; True when it is the page to show.

        A full page gives the next page's start. A short page is the last one; an empty
        page after a full one means the previous page was the last, and is dropped.
        """
        if not rows and index > 0:
            del self.starts[index:]
            self.last = index - 1
            self.wanted = min(self.wanted, self.last)
            return False
        if len(rows) == self.size:
            if len(self.starts) == index + 1:
                self.starts.append(rows[-1].key)
        else:
            self.last = index
            self.wanted = min(self.wanted, index)
        return index == self.wanted
