# SPDX-License-Identifier: Apache-2.0
"""Helpers for writing monitors, as the reference agent's
scalyr_agent.monitor_utils: ServerProcessor (a small threaded TCP server
executing the requests it parses), LineRequestParser and
Int32RequestParser (newline-terminated and length-prefixed requests), and
AutoFlushingRotatingFile."""
from scalyr_agent.monitor_utils.server_processors import (  # noqa: F401
    Int32RequestParser,
    LineRequestParser,
    ServerProcessor,
)
from scalyr_agent.monitor_utils.auto_flushing_rotating_file import AutoFlushingRotatingFile  # noqa: F401

__all__ = ["ServerProcessor", "LineRequestParser", "Int32RequestParser", "AutoFlushingRotatingFile"]
