"""Run `celery` with the render's HTML replaced for marked documents (T19):
``stress_worker.py -A config worker …``. A result report whose hand-written
assessment holds ``T19-PAGES`` becomes 5,000 pages, one with ``T19-FONT`` a
paragraph at ``font-size: 1e9px``; every other document renders as usual.
Test-only: nothing in the product can reach this."""

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = '<p style="break-after: page">Trang thử tải</p>' * 5000
FONT = '<p style="font-size: 1e9px">Chữ khổng lồ</p>' * 50


def _patch() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from reports import render_jobs

    original = render_jobs.document_html

    def stressed(doc):
        text = repr(doc.sections)
        if "T19-PAGES" in text:
            return PAGES, ""
        if "T19-FONT" in text:
            return FONT, ""
        return original(doc)

    render_jobs.document_html = stressed


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _patch()
    sys.argv = ["celery", *sys.argv[1:]]
    runpy.run_module("celery", run_name="__main__", alter_sys=True)
