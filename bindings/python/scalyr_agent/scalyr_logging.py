# SPDX-License-Identifier: Apache-2.0
"""AgentLogger: metric lines and diagnostics of a monitor, written by
libscalyrmon's ScalyrAgentLogger in the reference agent's formats."""
import sys

from scalyr_agent._gi import GLib, Scalyr

# The levels of Python's logging module, without importing it (it is large
# and a monitor process does not need it).
CRITICAL = 50
ERROR = 40
WARNING = 30
INFO = 20
DEBUG = 10

DEBUG_LEVEL_0 = INFO
DEBUG_LEVEL_1 = DEBUG
DEBUG_LEVEL_2 = 7
DEBUG_LEVEL_3 = 6
DEBUG_LEVEL_4 = 5
DEBUG_LEVEL_5 = 4

_INT64_MIN = -(2 ** 63)
_INT64_MAX = 2 ** 63 - 1
_UINT64_MAX = 2 ** 64 - 1


class UnsupportedValueType(Exception):
    """A metric value, field name or field value of a type that cannot be reported."""

    def __init__(self, metric_name=None, metric_value=None, field_name=None, field_value=None, message=None):
        if message is None:
            if field_name is not None and field_value is None and metric_name is None:
                message = (
                    'An unsupported type for a field name was given.  It must be either str or unicode, '
                    'but was "%s".  This was for field "%s"' % (type(field_name), field_name)
                )
            elif field_name is not None:
                message = (
                    'Unsupported field value type of "%s" with value "%s" for field="%s". Only int, long, '
                    "float, and str are supported." % (type(field_value), field_value, field_name)
                )
            elif metric_value is None and not isinstance(metric_name, str):
                message = (
                    'An unsupported type for a metric name was given.  It must be either str or unicode, '
                    'but was "%s".  This was for metric "%s"' % (type(metric_name), metric_name)
                )
            else:
                message = (
                    'Unsupported metric value type of "%s" with value "%s" for metric="%s". Only int, '
                    "long, float, and str are supported." % (type(metric_value), metric_value, metric_name)
                )
        Exception.__init__(self, message)


def _variant(value):
    """The GLib.Variant of a reportable value, or None if it cannot be reported."""
    if isinstance(value, bool):
        return GLib.Variant("b", value)
    if isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            return GLib.Variant("x", value)
        if 0 <= value <= _UINT64_MAX:
            return GLib.Variant("t", value)
        return None
    if isinstance(value, float):
        return GLib.Variant("d", value)
    if isinstance(value, str):
        return GLib.Variant("s", value)
    return None


_LEVELS = [
    (ERROR + 1, Scalyr.LogLevel.CRITICAL),
    (ERROR, Scalyr.LogLevel.ERROR),
    (WARNING, Scalyr.LogLevel.WARNING),
    (INFO, Scalyr.LogLevel.INFO),
]


# The agent's debug_level (1-5) that lets a record of a level below INFO through.
_DEBUG_LEVEL_NEEDED = {DEBUG_LEVEL_1: 1, DEBUG_LEVEL_2: 2, DEBUG_LEVEL_3: 3, DEBUG_LEVEL_4: 4, DEBUG_LEVEL_5: 5}


def _source_name(path):
    """The source of a diagnostic line as the reference's formatter names
    it: the dotted module path from the last `scalyr_agent` of the file's
    path (`scalyr_agent.builtin_monitors.nginx_monitor`), else the file
    name without `.py`. No `/` is left, so the library writes it as is."""
    import os

    at = path.rfind("scalyr_agent")
    if at != -1:
        name = path[at:].replace(os.path.sep, ".")
    else:
        name = os.path.basename(path)
    return name.replace(".pyc", "").replace(".py", "")


def _level(level):
    for threshold, scalyr_level in _LEVELS:
        if level >= threshold:
            return scalyr_level
    return Scalyr.LogLevel.DEBUG


def _component(module, monitor_id):
    """The reference's naming: "core" for the agent's own modules,
    "monitor:<short module>(<id>)" for a monitor instance's logger,
    "monitor:<short module>" for a module's (no id)."""
    if module.startswith("scalyr_agent") and not module.startswith("scalyr_agent.builtin_monitors."):
        return "core"
    base = module.split(".")[-1]
    return "monitor:%s(%s)" % (base, monitor_id) if monitor_id is not None else "monitor:" + base


class AgentLogger(object):
    """The logger of one monitor (its `_logger`), or of a module (getLogger)."""

    UnsupportedValueType = UnsupportedValueType

    def __init__(self, name, scalyr_logger=None, monitor=None):
        self.name = name
        module, monitor_id = _split_name(name)
        if scalyr_logger is None:
            # a module-level logger (getLogger(__name__)) is named as in the
            # reference, `monitor:<short module>` without an instance id
            scalyr_logger = Scalyr.AgentLogger(module_name=module, monitor_id=monitor_id,
                                               component=_component(module, monitor_id))
            if _destination is not None:
                scalyr_logger.set_diagnostic_sink(_destination)
            if _debug_level:
                scalyr_logger.set_debug_level(_debug_level)
        self._scalyr = scalyr_logger
        self._monitor = monitor
        self._own_metric_sink = None
        # what the library's logger writes in its lines
        self.component = scalyr_logger.get_component()
        if self.component == "core":
            self.monitor_name = None
            self.monitor_name_base = None
        else:
            self.monitor_name_base = module.split(".")[-1]
            self.monitor_name = self.component[len("monitor:"):]

    @property
    def library_logger(self):
        """The underlying Scalyr.AgentLogger."""
        return self._scalyr

    # -- the metric log ----------------------------------------------------

    def openMetricLogForMonitor(self, path, monitor, max_bytes=20 * 1024 * 1024, backup_count=2,
                                max_write_burst=100000, log_write_rate=2000, flush_delay=0.0):
        """Writes the metric lines of monitor to the file path (rotated at
        max_bytes, backup_count copies kept), rate limited; on standard
        output after set_log_destination(use_stdout=True), as the
        reference's run_monitor does."""
        if _destination_is_stdout:
            sink = _stdout_sink()
        else:
            self.closeMetricLog()
            sink = Scalyr.FileSink.new(path, int(max_bytes), int(backup_count))
            self._own_metric_sink = sink
        sink.set_rate_limit(float(log_write_rate), float(max_write_burst))
        sink.set_flush_delay(float(flush_delay))
        self._scalyr.set_metric_sink(sink)
        if monitor is not None and hasattr(monitor, "get_logger") and monitor.get_logger() is not self._scalyr:
            monitor.get_logger().set_metric_sink(sink)

    def closeMetricLog(self):
        if self._own_metric_sink is not None:
            self._own_metric_sink.close()
            self._own_metric_sink = None

    # -- metrics -------------------------------------------------------

    def emit_value(self, metric_name, metric_value, extra_fields=None, monitor=None,
                   monitor_id_override=None, timestamp=None):
        """Writes `<time> [<monitor>] <metric_name> <value> <field>=<value>...` to the metric log."""
        if not isinstance(metric_name, str):
            raise UnsupportedValueType(metric_name=metric_name)
        value = _variant(metric_value)
        if value is None:
            raise UnsupportedValueType(metric_name=metric_name, metric_value=metric_value)
        fields = None
        if extra_fields is not None:
            items = {}
            for key in sorted(extra_fields):
                if not isinstance(key, str):
                    raise UnsupportedValueType(field_name=key)
                field_value = _variant(extra_fields[key])
                if field_value is None:
                    raise UnsupportedValueType(field_name=key, field_value=extra_fields[key])
                items[key] = field_value
            fields = GLib.Variant("a{sv}", items)
        logger = self._scalyr
        if monitor is not None and monitor is not self._monitor and hasattr(monitor, "get_logger"):
            logger = monitor.get_logger()
        try:
            logger.emit_value_full(metric_name, value, fields, int(timestamp or 0), monitor_id_override)
        except GLib.Error as e:
            raise UnsupportedValueType(message=e.message)

    def emit_values(self, values, monitor=None):
        for name, value in values.items():
            self.emit_value(name, value, monitor=monitor)

    # -- diagnostics -----------------------------------------------------

    def _log(self, level, msg, args, exc_info=None, error_code=None, limit_once_per_x_secs=None,
             limit_key=None, emit_to_metric_log=False, stacklevel=2, **unused):
        if (limit_once_per_x_secs is None) != (limit_key is None):
            raise Exception("You must specify a limit key if you specify limit_once_per_x_secs")
        message = str(msg) % args if args else str(msg)
        if emit_to_metric_log:
            self._scalyr.emit_line(message)
            return
        if level < INFO and self._scalyr.get_debug_level() < _DEBUG_LEVEL_NEEDED.get(level, 1):
            return
        trace = None
        if exc_info:
            if exc_info is True:
                exc_info = sys.exc_info()
            if exc_info[0] is not None:
                import traceback

                trace = "".join(traceback.format_exception(*exc_info)).rstrip("\n")
        frame = sys._getframe(stacklevel)
        self._scalyr.log_full(_level(level), _source_name(frame.f_code.co_filename), frame.f_lineno, error_code,
                              trace, limit_key, float(limit_once_per_x_secs or 0), message)

    def debug(self, msg, *args, **kwargs):
        self._log(DEBUG, msg, args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self._log(INFO, msg, args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self._log(WARNING, msg, args, **kwargs)

    warn = warning

    def error(self, msg, *args, **kwargs):
        self._log(ERROR, msg, args, **kwargs)

    def critical(self, msg, *args, **kwargs):
        self._log(CRITICAL, msg, args, **kwargs)

    fatal = critical

    def exception(self, msg, *args, **kwargs):
        kwargs.setdefault("exc_info", True)
        self._log(ERROR, msg, args, **kwargs)

    def log(self, level, msg, *args, **kwargs):
        self._log(level, msg, args, **kwargs)

    def isEnabledFor(self, level):
        return level >= INFO or self._scalyr.get_debug_level() > 0

    def report_values(self, values, monitor=None):
        self.emit_values(values, monitor=monitor)


def _split_name(name):
    """`module(id)` as (module, id); (name, None) without an id."""
    if name.endswith(")") and "(" in name:
        at = name.index("(")
        return name[:at], name[at + 1:-1]
    return name, None


_loggers = {}
_destination = None
_destination_is_stdout = False
_debug_level = 0
_stdout = None


def _stdout_sink():
    global _stdout
    if _stdout is None:
        _stdout = Scalyr.StreamSink.new_for_fd(1)
        _stdout.set_rate_limit(-1, -1)
    return _stdout


def getLogger(name):
    """The AgentLogger of a module or, named `module(id)`, of a monitor
    instance (diagnostics to standard error unless set_log_destination
    says otherwise)."""
    if name not in _loggers:
        _loggers[name] = AgentLogger(name)
    return _loggers[name]


def set_log_destination(use_stdout=False, use_disk=False, no_fork=False, stdout_severity=None,
                        logs_directory=None, agent_log_file_path="agent.log", agent_debug_log_file_suffix=None,
                        max_bytes=20 * 1024 * 1024, backup_count=2, **unused):
    """Where the diagnostics of every logger go: standard output with
    use_stdout (metric lines too, as in the reference's run_monitor), the
    file `<logs_directory>/<agent_log_file_path>` with use_disk."""
    import os

    global _destination, _destination_is_stdout
    if use_disk and logs_directory:
        _destination = Scalyr.FileSink.new(os.path.join(logs_directory, agent_log_file_path),
                                           int(max_bytes), int(backup_count))
        _destination_is_stdout = False
    elif use_stdout:
        _destination = _stdout_sink()
        _destination_is_stdout = True
    else:
        return
    for logger in _loggers.values():
        logger._scalyr.set_diagnostic_sink(_destination)


def set_log_level(level, debug_level_logger_names=None):
    """The debug level of every logger from a Python level (DEBUG_LEVEL_0
    to DEBUG_LEVEL_5)."""
    global _debug_level
    _debug_level = 0 if level >= INFO else _DEBUG_LEVEL_NEEDED.get(level, 5)
    for logger in _loggers.values():
        logger._scalyr.set_debug_level(_debug_level)


def close_handlers():
    """Flushes and closes what set_log_destination opened."""
    global _destination, _destination_is_stdout
    for logger in _loggers.values():
        logger.closeMetricLog()
    if _destination is not None:
        _destination.flush()
        if _destination is not _stdout:
            _destination.close()
    _destination = None
    _destination_is_stdout = False


class _LogManager(object):
    """The reference's __log_manager__, as far as tests use it."""

    def set_log_level(self, level):
        set_log_level(level)

    def set_log_destination(self, *args, **kwargs):
        set_log_destination(*args, **kwargs)


__log_manager__ = _LogManager()


def __getattr__(name):
    # logging's handler classes only when asked for (a monitor process
    # does not import logging otherwise)
    if name == "AutoFlushingRotatingFileHandler":
        from scalyr_agent._rotating_handler import AutoFlushingRotatingFileHandler

        return AutoFlushingRotatingFileHandler
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
