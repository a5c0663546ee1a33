"""A Python monitor module whose import never returns: a pure-Python
endless loop at its top level (it holds the GIL but for the interpreter's
periodic switches). The hang tests load it beside other monitors."""
from scalyr_agent import ScalyrMonitor

while True:
    pass


class PyStuckImport(ScalyrMonitor):  # never reached
    def gather_sample(self):
        self._logger.emit_value("never", 1)
