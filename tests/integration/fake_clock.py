"""Run `celery` with the clock moved: ``fake_clock.py 2026-07-01T07:35+07:00
-A config worker …``. The process's time starts at that moment and ticks
(time-machine), so a real worker lives on a chosen day of a round."""

import runpy
import sys

import time_machine

if __name__ == "__main__":
    moment, *args = sys.argv[1:]
    time_machine.travel(moment, tick=True).start()
    sys.argv = ["celery", *args]
    runpy.run_module("celery", run_name="__main__", alter_sys=True)
