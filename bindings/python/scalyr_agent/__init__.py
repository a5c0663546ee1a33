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
]
