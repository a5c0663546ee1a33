#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The daemon library's typelib (ScalyrAgent-1.0) from Python: load an
agent configuration (its errors with their domain and code), run an agent
with a builtin monitor module and read its status, as scalyr-agent does."""
import json
import os
import tempfile
import time
import unittest

import gi

gi.require_version("ScalyrAgent", "1.0")
from gi.repository import GLib, ScalyrAgent  # noqa: E402


class TestAgentTypelib(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "agent.json")

    def tearDown(self):
        self.dir.cleanup()

    def write(self, text):
        with open(self.path, "w") as f:
            f.write(text)
        os.chmod(self.path, 0o600)

    def test_config_error(self):
        self.write('{ debug_level: 9 }')
        with self.assertRaises(GLib.Error) as cm:
            ScalyrAgent.AgentConfig.load(self.path, None)
        self.assertEqual(cm.exception.domain, GLib.quark_to_string(ScalyrAgent.agent_config_error_quark()))
        self.assertIn("debug_level", cm.exception.message)
        self.assertIn(self.path, cm.exception.message)

    def test_config_values(self):
        self.write('{ agent_log_path: "%s", max_line_size: "1000", implicit_metric_monitor: false, '
                   'implicit_agent_process_metrics_monitor: false, monitors: [ { module: "test_monitor" } ] }'
                   % self.dir.name)
        config = ScalyrAgent.AgentConfig.load(self.path, None)
        self.assertEqual(config.get_int("max_line_size"), 1000)
        self.assertEqual(config.get_string("agent_log_path"), self.dir.name)
        self.assertFalse(config.has_api_key())
        self.assertEqual(config.get_monitors().get_length(), 1)

    def test_run_agent(self):
        log = os.path.join(self.dir.name, "log")
        data = os.path.join(self.dir.name, "data")
        self.write(json.dumps({
            "agent_log_path": log, "agent_data_path": data,
            "implicit_metric_monitor": False, "implicit_agent_process_metrics_monitor": False,
            "monitors": [{"module": "test_monitor", "gauss_mean": 2, "sample_interval": 0.1}],
        }))
        agent = ScalyrAgent.Agent.new(self.path, None)
        agent.start()
        deadline = time.monotonic() + 10
        metric_log = os.path.join(log, "test_monitor.log")
        while time.monotonic() < deadline:
            agent.tick()
            if os.path.exists(metric_log) and "[test_monitor()] uniform" in open(metric_log).read():
                break
            time.sleep(0.05)
        agent.write_status()
        status = ScalyrAgent.Agent.read_status(self.path, None)
        text = ScalyrAgent.Agent.format_status(status)
        agent.stop()
        self.assertIn("[test_monitor()] uniform", open(metric_log).read())
        self.assertIn("test_monitor()", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
