"""Counts samples; the test monitor of the Python tests."""
from scalyr_agent import ScalyrMonitor, define_config_option, define_metric, define_log_field
from scalyr_agent import BadMonitorConfiguration, UnsupportedSystem

__monitor__ = __name__

define_config_option(__monitor__, "step", "How much each sample adds.", convert_to=int,
                     min_value=1, max_value=100, default=1)
define_config_option(__monitor__, "label", "A label written with each value.", required_option=True)
define_config_option(__monitor__, "tags", "Tags.", convert_to=None, default=None, env_aware=True)
define_metric(__monitor__, "count", "The running count.", extra_fields={"label": ""}, unit="count",
              cumulative=True)
define_log_field(__monitor__, "label", "The configured label.")


class PyCounter(ScalyrMonitor):
    """Counts samples and reports the count."""

    def _initialize(self):
        self.total = 0
        self.step = self._config.get("step")
        self.label = self._config.get("label")
        if self.label == "unsupported":
            raise UnsupportedSystem(self.monitor_name, "this system has no counters")
        if self.label == "bad":
            raise BadMonitorConfiguration("label must not be bad", "label")
        if self.label == "slow":
            self._sample_interval_secs = 0.25
        self.log_config["path"] = "counter-%s.log" % self.label

    def gather_sample(self):
        self.total += self.step
        self._logger.emit_value("count", self.total, extra_fields={"label": self.label})
