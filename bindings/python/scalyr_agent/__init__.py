# SPDX-License-Identifier: Apache-2.0
"""Scalyr Agent 2 monitor plugins on libscalyrmon.

The reference agent's plugin API (ScalyrMonitor, MonitorConfig, AgentLogger,
define_config_option, ...) over the Scalyr GObject-introspection typelib, so
that monitors written for the reference agent run unchanged in
scalyr-run-monitor and scalyr-agent, or in any Python program."""
from scalyr_agent.scalyr_monitor import (  # noqa: F401
    BadMonitorConfiguration,
    MonitorConfig,
    ScalyrMonitor,
    UnsupportedSystem,
    define_config_option,
    define_log_field,
    define_metric,
)
from scalyr_agent.scalyr_logging import (  # noqa: F401
    DEBUG_LEVEL_0,
    DEBUG_LEVEL_1,
    DEBUG_LEVEL_2,
    DEBUG_LEVEL_3,
    DEBUG_LEVEL_4,
    DEBUG_LEVEL_5,
    AgentLogger,
    getLogger,
)
from scalyr_agent.util import RunState, StoppableThread  # noqa: F401
from scalyr_agent import json_lib  # noqa: F401

# Other trees holding a `scalyr_agent` package on the module path (a
# checkout of the reference agent) lend it the modules this package does
# not have (its builtin_monitors, its test harness): this package's own
# modules come first.
import pkgutil as _pkgutil  # noqa: E402

__path__ = _pkgutil.extend_path(__path__, __name__)


def _add_tree(directory):
    """Adds directory (a `scalyr_agent` package of another tree) after this
    package's own modules."""
    import os

    directory = os.path.abspath(directory)
    if os.path.isdir(directory) and directory not in __path__:
        __path__.append(directory)


def __getattr__(name):
    # imported on first use: logging's and socketserver's modules are not
    # loaded by monitors that do not need them
    if name == "AutoFlushingRotatingFileHandler":
        from scalyr_agent._rotating_handler import AutoFlushingRotatingFileHandler

        return AutoFlushingRotatingFileHandler
    if name == "monitor_utils":
        import importlib

        return importlib.import_module("scalyr_agent.monitor_utils")
    raise AttributeError("module %r has no attribute %r" % (__name__, name))

__all__ = [
    "ScalyrMonitor",
    "MonitorConfig",
    "BadMonitorConfiguration",
    "UnsupportedSystem",
    "define_config_option",
    "define_metric",
    "define_log_field",
    "getLogger",
    "AgentLogger",
    "RunState",
    "StoppableThread",
    "DEBUG_LEVEL_0",
    "DEBUG_LEVEL_1",
    "DEBUG_LEVEL_2",
    "DEBUG_LEVEL_3",
    "DEBUG_LEVEL_4",
    "DEBUG_LEVEL_5",
    "json_lib",
    "monitor_utils",
    "AutoFlushingRotatingFileHandler",
]
