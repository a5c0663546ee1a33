#!/usr/bin/python3
"""Runs a monitor from a Python program, without scalyr-run-monitor: the
monitor class, its configuration and where its metric lines go are all
chosen here. From the build tree:

    meson devenv -C build python3 examples/python/run_in_python.py
"""
import random
import time

from scalyr_agent import ScalyrMonitor
from scalyr_agent._gi import Scalyr


class DiceMonitor(ScalyrMonitor):
    def _initialize(self):
        self.sides = self._config.get("sides", default=6, convert_to=int, min_value=2, max_value=100)

    def gather_sample(self):
        self._logger.emit_value("roll", random.randint(1, self.sides), extra_fields={"sides": self.sides})


monitor = DiceMonitor.create({"module": "dice", "sides": 20}, sample_interval=0.5)
monitor.open_metric_log(Scalyr.StreamSink.new_for_fd(1))   # metric lines to stdout
monitor.start()
time.sleep(2)
monitor.stop()
