#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The reference's monitor-facing API in this package, without a reference
tree: the constructor ScalyrMonitor(monitor_config, logger, ...), the
keyword form, MonitorConfig holding any Python value, a reference-built
monitor started and stopped, and the modules monitors import
(__scalyr__, compat, monitor_utils, util, scalyr_logging)."""
import io
import os
import socket
import struct
import tempfile
import time
import unittest
from unittest import mock

from scalyr_agent import (
    BadMonitorConfiguration,
    MonitorConfig,
    ScalyrMonitor,
    define_config_option,
    scalyr_logging,
)
from scalyr_agent.json_lib import ArrayOfStrings, JsonArray


class Counter(ScalyrMonitor):
    def _initialize(self):
        self.step = self._config.get("step", convert_to=int, default=1, min_value=1)
        self.count = 0

    def gather_sample(self):
        self.count += self.step
        self._logger.emit_value("count", self.count, extra_fields={"step": self.step})


define_config_option("tests.counter", "step", "Step", convert_to=int, default=1, min_value=1)


class ReferenceConstructor(unittest.TestCase):
    def test_positional_with_a_mock_logger(self):
        logger = mock.Mock()
        monitor = Counter({"module": "tests.counter", "step": "3", "id": "a"}, logger)
        self.assertIs(monitor._logger, logger)
        self.assertEqual(monitor.step, 3)
        self.assertEqual(monitor._sample_interval_secs, ScalyrMonitor.DEFAULT_SAMPLE_INTERVAL_SECS)
        self.assertEqual(monitor.monitor_name, "counter(a)")
        self.assertEqual(monitor.log_config, {"path": "counter.log"})
        monitor.gather_sample()
        logger.emit_value.assert_called_once_with("count", 3, extra_fields={"step": 3})

    def test_keywords_interval_and_errors(self):
        monitor = Counter(monitor_config={"module": "tests.counter", "sample_interval": 7}, logger=mock.Mock(),
                          sample_interval_secs=2.5, global_config=None)
        self.assertEqual(monitor._sample_interval_secs, 2.5)  # the argument wins over the entry
        monitor = Counter(monitor_config=MonitorConfig({"module": "tests.counter", "sample_interval": 7}),
                          logger=mock.Mock())
        self.assertEqual(monitor._sample_interval_secs, 7.0)
        with self.assertRaises(BadMonitorConfiguration):
            Counter({"module": "tests.counter", "step": 0}, mock.Mock())

        class Refusing(ScalyrMonitor):
            def _initialize(self):
                raise ValueError("no such thing")

        with self.assertRaises(ValueError) as cm:
            Refusing({"module": "tests.refusing"}, mock.Mock())
        self.assertEqual(str(cm.exception), "no such thing")

    def test_reference_built_monitor_runs_on_its_thread(self):
        directory = tempfile.mkdtemp(prefix="scalyr-ref-api-")
        logger = scalyr_logging.getLogger("tests.counter(run)")
        monitor = Counter({"module": "tests.counter", "id": "run", "step": 2}, logger, sample_interval_secs=0.05)
        monitor.log_config["path"] = os.path.join(directory, "counter.log")
        self.assertTrue(monitor.open_metric_log())
        monitor.start()
        time.sleep(0.3)
        start = time.monotonic()
        monitor.stop()
        self.assertLess(time.monotonic() - start, 1.0)
        self.assertFalse(monitor.isAlive())
        monitor.close_metric_log()
        with open(os.path.join(directory, "counter.log")) as f:
            lines = f.read().splitlines()
        self.assertGreaterEqual(len(lines), 3)
        self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[counter\(run\)\] count 2 step=2$")
        self.assertTrue(lines[1].endswith("] count 4 step=2"))


class LoggerNames(unittest.TestCase):
    """Diagnostic lines name their logger as the reference's do."""

    def diagnostics(self, logger, *messages):
        from scalyr_agent._gi import Scalyr

        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "agent.log")
            sink = Scalyr.FileSink.new(path, 1 << 20, 1)
            logger.library_logger.set_diagnostic_sink(sink)
            for message in messages:
                logger.info(message)
            sink.close()
            with open(path) as f:
                return f.read()

    def test_module_level_logger_has_no_instance_id(self):
        # a monitor module's getLogger(__name__), e.g. syslog_monitor's
        logger = scalyr_logging.getLogger("scalyr_agent.builtin_monitors.syslog_monitor")
        self.assertEqual(logger.component, "monitor:syslog_monitor")
        self.assertEqual(logger.library_logger.get_component(), "monitor:syslog_monitor")
        self.assertRegex(self.diagnostics(logger, "module level"),
                         r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z INFO \[monitor:syslog_monitor\] "
                         r"\[test_reference_api:\d+\] module level\n$")

    def test_instance_and_core_loggers_keep_their_names(self):
        logger = scalyr_logging.getLogger("scalyr_agent.builtin_monitors.test_monitor()")
        self.assertIn(" INFO [monitor:test_monitor()] ", self.diagnostics(logger, "an instance"))
        logger = scalyr_logging.getLogger("random_coin(x)")
        self.assertIn(" INFO [monitor:random_coin(x)] ", self.diagnostics(logger, "an instance"))
        self.assertEqual(logger.monitor_name, "random_coin(x)")
        logger = scalyr_logging.getLogger("scalyr_agent.util")
        self.assertIn(" INFO [core] ", self.diagnostics(logger, "the agent's own"))
        # a monitor's own logger, from the library: `<module>()` without an id
        monitor = Counter({"module": "tests.counter", "step": 1}, mock.Mock())
        self.assertEqual(monitor.get_logger().get_component(), "monitor:counter()")


class AnyValueInMonitorConfig(unittest.TestCase):
    def test_bytes_and_objects_are_kept(self):
        marker = object()
        config = MonitorConfig(content={"module": "x", "data": b"{raw}", "obj": marker, "n": 5, "big": 2 ** 80})
        self.assertEqual(config["data"], b"{raw}")
        self.assertEqual(config.get("data"), b"{raw}")
        self.assertIs(config.get("obj"), marker)
        self.assertEqual(config.get("big", convert_to=int), 2 ** 80)  # exact, as in the reference
        self.assertEqual(config.get("n", convert_to=int), 5)
        self.assertEqual(len(config), 5)
        self.assertEqual(sorted(config.keys()), ["big", "data", "module", "n", "obj"])
        with self.assertRaises(BadMonitorConfiguration) as cm:
            config.get("data", convert_to=str)
        self.assertIn("Prohibited conversion of config param \"data\" from <class 'bytes'>", str(cm.exception))
        self.assertEqual(MonitorConfig(config), config)
        self.assertEqual(config.copy()["data"], b"{raw}")

    def test_conversions_still_from_the_library(self):
        config = MonitorConfig({"l": "a, b", "arr": ["x"], "j": "[1, 2]"})
        self.assertEqual(config.get("l", convert_to=ArrayOfStrings), ArrayOfStrings(["a", "b"]))
        self.assertEqual(config.get("j", convert_to=JsonArray), JsonArray(1, 2))
        with self.assertRaises(BadMonitorConfiguration):
            config.get("arr", convert_to=list)


class Modules(unittest.TestCase):
    def test_scalyr_compat_and_util(self):
        from scalyr_agent import compat, util
        from scalyr_agent.__scalyr__ import SCALYR_VERSION, scalyr_init

        scalyr_init()
        self.assertRegex(SCALYR_VERSION, r"^\d+\.\d+")
        self.assertEqual(compat.struct_unpack_unicode("!I", compat.struct_pack_unicode("!I", 7)), (7,))
        self.assertIs(compat.os_environ_unicode, os.environ)
        util.SORT_KEYS = True
        try:
            self.assertEqual(util.json_encode({"b": 1, "a": JsonArray(1)}), '{"a":[1],"b":1}')
        finally:
            util.SORT_KEYS = False
        self.assertEqual(util.get_parser_from_config({"attributes": {"parser": "p"}}, {}, "d"), "p")
        self.assertEqual(util.get_parser_from_config({}, {}, "d"), "d")

    def test_parsers(self):
        from scalyr_agent.monitor_utils import Int32RequestParser, LineRequestParser
        from scalyr_agent.monitor_utils.server_processors import RequestSizeExceeded

        buf = io.BytesIO(b"one\ntwo")
        parser = LineRequestParser(10)
        self.assertEqual(parser.parse_request(buf, 7), b"one\n")
        self.assertIsNone(parser.parse_request(buf, 3))
        self.assertEqual(buf.tell(), 4)
        with self.assertRaises(RequestSizeExceeded):
            LineRequestParser(3).parse_request(io.BytesIO(b"toolong\n"), 8)
        payload = struct.pack("!I", 3) + b"abcde"
        self.assertEqual(Int32RequestParser(10).parse_request(io.BytesIO(payload), len(payload)), b"abc")
        self.assertIsNone(Int32RequestParser(10).parse_request(io.BytesIO(payload[:5]), 5))

    def test_server_processor_stops_with_the_monitor(self):
        from scalyr_agent.monitor_utils import LineRequestParser, ServerProcessor

        received = []

        class Server(ServerProcessor):
            def parse_request(self, request_input, num_available_bytes):
                return LineRequestParser(100).parse_request(request_input, num_available_bytes)

            def execute_request(self, request):
                received.append(request)

        class Listening(ScalyrMonitor):
            def run(self):
                self.server = Server(0, run_state=self._run_state)
                self.port = self.server.server_address[1]
                self.server.run()

        monitor = Listening({"module": "tests.listening"}, scalyr_logging.getLogger("tests.listening()"))
        monitor.start()
        deadline = time.monotonic() + 5
        while not hasattr(monitor, "port") and time.monotonic() < deadline:
            time.sleep(0.02)
        with socket.create_connection(("127.0.0.1", monitor.port)) as s:
            s.sendall(b"hello\nworld\n")
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(received, [b"hello\n", b"world\n"])
        start = time.monotonic()
        monitor.stop()
        self.assertFalse(monitor.isAlive())
        self.assertLess(time.monotonic() - start, 2.0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
