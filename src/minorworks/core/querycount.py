"""Optional ``X-Query-Count`` response header: SQL queries run while serving a request.

Used by the benchmark (bench/run.py) to count queries through the real server. It is switched on only
when the environment variable ``MINORWORKS_QUERY_COUNT_HEADER=1`` is set when the server starts (or the
``QUERY_COUNT_HEADER`` setting is true, for tests); otherwise Django drops the middleware from the chain
at start-up, so production requests never pass through it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpRequest, HttpResponse

ENV_VAR = "MINORWORKS_QUERY_COUNT_HEADER"
HEADER = "X-Query-Count"


def query_count_enabled() -> bool:
    """True when the header is switched on (setting ``QUERY_COUNT_HEADER`` first, then the environment)."""
    configured = getattr(settings, "QUERY_COUNT_HEADER", None)
    if configured is not None:
        return bool(configured)
    return os.environ.get(ENV_VAR, "").strip() == "1"


class _Counter:
    """An execute wrapper that counts every statement (executemany counts once, like the debug log)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    """Count the SQL queries of each request and report them in the ``X-Query-Count`` header.

    Counts what runs inside the middlewares after this one and the view (session and user loading
    included, as they are lazy); a session saved by SessionMiddleware on the way out is not counted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not query_count_enabled():
            # Removed from the chain entirely: a true pass-through when not asked for.
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = _Counter()
        with ExitStack() as stack:
            # Wrapping a connection does not open it; every configured database is counted.
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        response[HEADER] = str(counter.count)
        return response
