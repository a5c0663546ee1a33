"""A Python monitor module whose import never returns: a blocking C-level
call at its top level (the GIL released, nothing to interrupt)."""
import time

from scalyr_agent import ScalyrMonitor

time.sleep(1e9)


class PySleepImport(ScalyrMonitor):  # never reached
    def gather_sample(self):
        self._logger.emit_value("never", 1)
