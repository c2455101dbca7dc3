"""The benchmark's floor: the cheapest page behind the same middleware and login
as every other page, so ``benchmark --load`` can say what share of the bare
stack each real page reaches. It exists only for a server that the benchmark
started itself (reports.loadtest sets ``BENCHMARK_FLOOR_TOKEN`` in that
gunicorn's environment and sends it in a header); anywhere else it is a 404."""

import os

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET

TOKEN_ENV = "BENCHMARK_FLOOR_TOKEN"  # noqa: S105 - a variable name
TOKEN_HEADER = "X-Benchmark-Token"  # noqa: S105 - a header name


@require_GET
def floor(request):
    expected = os.environ.get(TOKEN_ENV, "")
    given = request.headers.get(TOKEN_HEADER, "")
    if (
        settings.PRODUCTION
        or not expected
        or not constant_time_compare(expected, given)
    ):
        raise Http404
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
