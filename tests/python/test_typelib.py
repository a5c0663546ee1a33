#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Scalyr typelib from Python (PyGObject), without the compatibility
package: every public type, errors with their domain and code."""
import json
import os
import tempfile
import unittest

import gi

gi.require_version("Scalyr", "1.0")
gi.require_version("Json", "1.0")
from gi.repository import GLib, GObject, Json, Scalyr  # noqa: E402

MONITOR_ERROR = Scalyr.monitor_error_quark()


class TestTypelib(unittest.TestCase):
    def assert_error(self, fn, domain, code, prefix=""):
        with self.assertRaises(GLib.Error) as cm:
            fn()
        self.assertEqual(cm.exception.domain, GLib.quark_to_string(domain))
        self.assertEqual(cm.exception.code, int(code))
        self.assertTrue(cm.exception.message.startswith(prefix), cm.exception.message)

    def test_config_getters(self):
        c = Scalyr.MonitorConfig.new_from_string('{ n: "12", d: 2.5, b: "true", s: 5, l: "a, b", o: { k: 1 } }', "t()")
        N = Scalyr.ConfigFlags.NONE
        self.assertEqual(c.get_int("n", N, 0, GLib.MININT64, GLib.MAXINT64), 12)
        self.assertEqual(c.get_double("d", N, 0, float("-inf"), float("inf")), 2.5)
        self.assertTrue(c.get_boolean("b", N, False))
        self.assertEqual(c.dup_string("s", N, None), "5")
        self.assertEqual(c.dup_strv("l", N), ["a", "b"])
        self.assertEqual(c.dup_object("o", N).get_int_member("k"), 1)
        self.assertIsNone(c.dup_array("missing", N))
        self.assertEqual(c.get_monitor_name(), "t()")
        self.assertTrue(c.has_field("n"))
        self.assert_error(lambda: c.get_int("d", N, 0, 0, 1), MONITOR_ERROR, Scalyr.MonitorError.OUT_OF_RANGE,
                          't(): field "d": value 2 is above the maximum 1')
        self.assert_error(lambda: c.get_int("b", N, 0, 0, 1), MONITOR_ERROR, Scalyr.MonitorError.PARSE)
        self.assert_error(lambda: c.get_boolean("d", N, False), MONITOR_ERROR,
                          Scalyr.MonitorError.PROHIBITED_CONVERSION)
        self.assert_error(lambda: c.get_int("x", Scalyr.ConfigFlags.REQUIRED, 0, 0, 1), MONITOR_ERROR,
                          Scalyr.MonitorError.MISSING_FIELD)
        self.assert_error(lambda: Scalyr.MonitorConfig.new_from_string("{ a: ", None), Scalyr.json_error_quark(),
                          Scalyr.JsonError.SYNTAX, "Unexpected end-of-text (line 1, byte position 4)")
        found, value = c.get_value("n", GObject.TYPE_INT64, N, None, None, GObject.Value(GObject.TYPE_INT64, 20))
        self.assertTrue(found)
        self.assertEqual(value, 12)
        found, value = c.get_value("absent", GObject.TYPE_NONE, N, None, None, None)
        self.assertFalse(found)
        self.assertIsNone(value)

    def test_json_parser(self):
        node, line, column = Scalyr.json_parse("{ a: [1, 2,], b: 'x' }".replace("'", '"'), -1)
        self.assertEqual(node.get_object().get_array_member("a").get_length(), 2)
        with self.assertRaises(GLib.Error) as cm:
            Scalyr.json_parse("{\n  a: 1\n  b 2 }", -1)
        self.assertEqual(cm.exception.code, int(Scalyr.JsonError.SYNTAX))
        self.assertIn("(line 3, byte position", cm.exception.message)

    def test_logger_and_sinks(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.log")
            sink = Scalyr.FileSink.new(path, 1000, 2)
            self.assertEqual((sink.props.path, sink.props.max_bytes, sink.props.backup_count), (path, 1000, 2))
            sink.set_rate_limit(-1, -1)
            sink.props.flush_delay = 0.0
            logger = Scalyr.AgentLogger.new("scalyr_agent.builtin_monitors.foo", "1")
            self.assertEqual(logger.props.monitor_name, "foo(1)")
            logger.set_metric_sink(sink)
            logger.emit_value("i", GLib.Variant("x", -5), GLib.Variant("a{sv}", {"b": GLib.Variant("b", True)}))
            logger.emit_value("u", GLib.Variant("t", 2 ** 64 - 1), None)
            logger.emit_value("d", GLib.Variant("d", 1e-05), None)
            logger.emit_value("s", GLib.Variant("s", "café"), None)
            fields = Scalyr.ExtraFields.new()
            fields.set_string("z", "last")
            fields.set_double("a", 0.1)
            self.assertEqual(fields.to_string(), 'a=0.1 z="last"')
            logger.emit_int("typed", 3, fields)
            logger.emit_value_full("t", GLib.Variant("b", False), None, 1650021068015, "other")
            with self.assertRaises(GLib.Error) as cm:
                logger.emit_value("bad", GLib.Variant("as", ["x"]), None)
            self.assertEqual(cm.exception.code, int(Scalyr.MonitorError.UNSUPPORTED_VALUE))
            sink.flush()
            with open(path) as f:
                tails = [line.split("] ", 1)[1].rstrip("\n") for line in f]
            self.assertEqual(tails, ["i -5 b=true", "u 18446744073709551615", "d 1e-05", 's "caf\\u00e9"',
                                     'typed 3 a=0.1 z="last"', "t false"])
            self.assertEqual(logger.props.reported_lines, 6)
            self.assertEqual(sink.props.lines_written, 6)

    def test_metric_store(self):
        store = Scalyr.MetricStore.new(2)
        self.assertEqual((store.props.max_series, store.props.n_series, store.props.series_dropped), (2, 0, 0))
        with tempfile.TemporaryDirectory() as d:
            sink = Scalyr.FileSink.new(os.path.join(d, "m.log"), 0, 0)
            logger = Scalyr.AgentLogger(module_name="foo", monitor_id="1", metric_store=store)
            self.assertIs(logger.get_metric_store(), store)
            logger.set_metric_sink(sink)
            fields = Scalyr.ExtraFields.new()
            fields.set_string("disk", 'sda "1"')
            logger.emit_int("reads", 1, fields)
            logger.emit_double("reads", 2.5, fields)
            logger.emit_value_full("up", GLib.Variant("b", True), None, 1650021068015, None)
            logger.emit_string("state", "ok", None)
            logger.emit_int("third", 3, None)
            samples = json.loads(Json.to_string(store.dup_samples(), False))
            sink.close()
        self.assertEqual(len(samples), 2)
        self.assertEqual({k: samples[0][k] for k in ("name", "labels", "value")},
                         {"name": "reads", "labels": {"disk": 'sda "1"'}, "value": 2.5})
        self.assertEqual(samples[1], {"name": "up", "labels": {}, "value": 1, "timestamp_ms": 1650021068015})
        self.assertEqual((store.props.n_series, store.props.series_dropped, store.props.strings_skipped), (2, 1, 1))

    def test_options_metrics_registry(self):
        option = Scalyr.MonitorOption.new_double("ratio", "A ratio.", 0.5, 0, 1)
        self.assertEqual(option.props.name, "ratio")
        self.assertEqual(option.get_value_type(), GObject.TYPE_DOUBLE)
        option.set_env_aware(True)
        self.assertEqual(option.dup_effective_env_name(), "SCALYR_RATIO")
        metric = Scalyr.MonitorMetric.new_log_field("f", "A field.")
        self.assertTrue(metric.props.is_log_field)
        registry = Scalyr.MonitorRegistry.new()
        module = registry.lookup("test_monitor")
        self.assertEqual(module.props.language, "C")
        self.assertIn("gauss_mean (float, required", module.describe())
        self.assertEqual([o.get_name() for o in Scalyr.Monitor.list_options(module.get_monitor_type())],
                         ["gauss_mean", "gauss_stddev"])
        with self.assertRaises(GLib.Error) as cm:
            registry.lookup("no_such_module_anywhere")
        self.assertEqual(cm.exception.code, int(Scalyr.MonitorError.NOT_FOUND))

    def test_monitor_lifecycle_and_properties(self):
        registry = Scalyr.MonitorRegistry.new()
        entry = Scalyr.json_parse_object('{ module: "test_monitor", gauss_mean: 2, id: "p" }', -1)
        monitor = registry.create_monitor(entry, None, 0.05)
        self.assertEqual(monitor.props.monitor_name, "test_monitor(p)")
        self.assertEqual(monitor.props.sample_interval, 0.05)
        monitor.props.jitter = False
        sink = Scalyr.StreamSink.new_for_fd(os.open(os.devnull, os.O_WRONLY))
        monitor.open_metric_log(sink)
        monitor.start()
        self.assertTrue(monitor.is_running())
        GLib.usleep(200000)
        self.assertTrue(monitor.stop(2000))
        self.assertFalse(monitor.is_running())
        self.assertGreaterEqual(monitor.get_sample_count(), 2)
        self.assertGreater(monitor.get_last_sample_time(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
