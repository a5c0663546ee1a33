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


def _level(level):
    for threshold, scalyr_level in _LEVELS:
        if level >= threshold:
            return scalyr_level
    return Scalyr.LogLevel.DEBUG


class AgentLogger(object):
    """The logger of one monitor (its `_logger`), or of a module (getLogger)."""

    UnsupportedValueType = UnsupportedValueType

    def __init__(self, name, scalyr_logger=None, monitor=None):
        self.name = name
        if scalyr_logger is None:
            scalyr_logger = Scalyr.AgentLogger.new(name, None)
        self._scalyr = scalyr_logger
        self._monitor = monitor

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
        if level < INFO and self._scalyr.get_debug_level() == 0:
            return
        trace = None
        if exc_info:
            if exc_info is True:
                exc_info = sys.exc_info()
            if exc_info[0] is not None:
                import traceback

                trace = "".join(traceback.format_exception(*exc_info)).rstrip("\n")
        frame = sys._getframe(stacklevel)
        self._scalyr.log_full(_level(level), frame.f_code.co_filename, frame.f_lineno, error_code,
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


_loggers = {}


def getLogger(name):
    """The AgentLogger of a module (diagnostics to standard error)."""
    if name not in _loggers:
        _loggers[name] = AgentLogger(name)
    return _loggers[name]
