"""Benchmark instrumentation, installed only when BENCH_QUERY_COUNT=1 (never in production)."""

from django.db import connection


class QueryCountMiddleware:
    """Adds ``X-Query-Count``: the SQL statements a request ran, read by the benchmark driver."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
