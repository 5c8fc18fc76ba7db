"""Checks shared by the tests.

Query counts follow GitLab's rule: count a page's (or a job's) queries, add rows, count
again, and the number must not move. A count that grows with the rows is an N+1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.test.utils import CaptureQueriesContext

T = TypeVar("T")


def queries_of(run: Callable[[], T]) -> tuple[T, list[str]]:
    """What ``run()`` returned, and the SQL of each query it ran."""
    with CaptureQueriesContext(connection) as captured:
        result = run()
    return result, [query["sql"] for query in captured.captured_queries]


def assert_same_queries(few: Callable[[], object], many: Callable[[], T]) -> T:
    """``many()`` (the work on many rows) runs as many queries as ``few()`` (on few).

    For a job run once on few rows and once on many; returns what ``many()`` returned.
    """
    _, control = queries_of(few)
    result, more = queries_of(many)
    _compare(control, more)
    return result


def assert_queries_constant(
    make: Callable[[], object], view: Callable[[], T], *, warm: bool = False
) -> T:
    """Count ``view()``'s queries, add rows with ``make()``, count again: the same.

    ``warm`` runs ``view()`` once before counting, so what only a first visit loads
    (the session, content types) is not counted. Returns the last ``view()``'s result,
    for assertions on the page.
    """
    if warm:
        view()
    _, control = queries_of(view)
    make()
    result, more = queries_of(view)
    _compare(control, more)
    return result


def _compare(control: list[str], more: list[str]) -> None:
    # The message lists the queries only the second run made: usually where the loop is.
    if len(more) != len(control):
        extra = Counter(more) - Counter(control)
        shown = "\n".join(f"  {count} times: {sql[:300]}" for sql, count in extra.most_common(5))
        raise AssertionError(
            f"{len(control)} queries before but {len(more)} after adding rows. "
            f"Only in the second run:\n{shown}"
        )
