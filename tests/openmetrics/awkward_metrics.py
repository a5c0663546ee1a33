"""A monitor whose metric names and extra fields are as awkward as real ones
get: dots, dashes, a leading digit, non-ASCII, a counter `x` beside a gauge
`x_total`, label values with quotes, backslashes, newlines and 5 kB of
text, a field named `monitor`. The OpenMetrics tests check that the
exposition of all this stays valid (promtool check metrics)."""
from scalyr_agent import ScalyrMonitor, define_metric

__monitor__ = __name__

define_metric(__monitor__, "awkward.requests-served", "Requests served, with \"quotes\" and a \\ in the help.",
              extra_fields={"path": ""}, unit="count", cumulative=True)
define_metric(__monitor__, "x", "A counter named x.", cumulative=True)
define_metric(__monitor__, "x_total", "A gauge whose name is the counter x's sample name.")
define_metric(__monitor__, "9lives", "A gauge whose name starts with a digit.")
define_metric(__monitor__, "temp\u00e9rature", "A gauge with a non-ASCII name.")
define_metric(__monitor__, "steady", "A gauge that is always 42.")


class AwkwardMetrics(ScalyrMonitor):
    """Emits the awkward metrics every sample."""

    def _initialize(self):
        self.n = 0

    def gather_sample(self):
        self.n += 1
        log = self._logger
        for path in ('/index.html', 'quote"d', 'back\\slash', 'new\nline', '\u00fcn\u00efcode \u2603', 'x' * 5000):
            log.emit_value("awkward.requests-served", self.n, extra_fields={"path": path})
        log.emit_value("x", self.n)
        log.emit_value("x_total", 0.5)
        log.emit_value("9lives", 9)
        log.emit_value("temp\u00e9rature", -273.15)
        log.emit_value("steady", 42, extra_fields={"monitor": "not this one", "content-type": "text/plain",
                                                     "__reserved": "yes", "ok": True})
        log.emit_value("flag", True)
        log.emit_value("text_value", "strings are not exported")
        log.emit_value("huge", 1e308)
        log.emit_value("tiny", -5e-324)
        log.emit_value("big_int", 9007199254740993)
