# SPDX-License-Identifier: Apache-2.0
"""ScalyrMonitor, MonitorConfig and the declaration functions of the
reference agent, over libscalyrmon's Scalyr.Monitor and Scalyr.MonitorConfig.

A monitor written for the reference agent runs unchanged:

    from scalyr_agent import ScalyrMonitor

    class RandomCoinMonitor(ScalyrMonitor):
        def _initialize(self):
            self.__mean = self._config.get("gauss_mean", default=0.5, convert_to=float,
                                           min_value=0, max_value=10)

        def gather_sample(self):
            self._logger.emit_value("uniform", random.random())
"""
from scalyr_agent._gi import GLib, GObject, Json, Scalyr
from scalyr_agent.json_lib.objects import (
    ArrayOfStrings,
    JsonArray,
    JsonObject,
    SpaceAndCommaSeparatedArrayOfStrings,
    node_to_python,
)
from scalyr_agent.scalyr_logging import AgentLogger
from scalyr_agent.util import RunState


class BadMonitorConfiguration(Exception):
    """The monitor's configuration is not valid: names the field."""

    def __init__(self, message, field):
        Exception.__init__(self, message)
        self.message = message
        self.field = field


class UnsupportedSystem(Exception):
    """The monitor cannot run on this system."""

    def __init__(self, monitor_name, message):
        Exception.__init__(self, message)
        self.monitor_name = monitor_name
        self.message = message


# ---- conversions between Python and the library ------------------------

_CONVERT_TO = {
    None: GObject.TYPE_NONE,
    str: GObject.TYPE_STRING,
    int: GObject.TYPE_INT64,
    float: GObject.TYPE_DOUBLE,
    bool: GObject.TYPE_BOOLEAN,
    JsonArray: Json.Array.__gtype__,
    JsonObject: Json.Object.__gtype__,
    ArrayOfStrings: GObject.TYPE_STRV,
    SpaceAndCommaSeparatedArrayOfStrings: GObject.TYPE_STRV,
}


def _gtype_for(convert_to, field):
    try:
        return _CONVERT_TO[convert_to]
    except (KeyError, TypeError):
        raise BadMonitorConfiguration(
            'Unsupported convert_to %r for field "%s"; use str, int, float, bool, JsonArray, '
            "JsonObject or ArrayOfStrings" % (convert_to, field), field)


def _json_node(value):
    """A Python value (dict, list, JsonObject, ...) as a json-glib node."""
    from scalyr_agent.json_lib.serializer import serialize

    node, _, _ = Scalyr.json_parse(serialize(value), -1)
    return node


def _gvalue(value):
    """A Python value as a GObject.Value for the library, or None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return GObject.Value(GObject.TYPE_BOOLEAN, value)
    if isinstance(value, int):
        if -(2 ** 63) <= value < 2 ** 63:
            return GObject.Value(GObject.TYPE_INT64, value)
        return GObject.Value(GObject.TYPE_DOUBLE, float(value))
    if isinstance(value, float):
        return GObject.Value(GObject.TYPE_DOUBLE, value)
    if isinstance(value, str):
        return GObject.Value(GObject.TYPE_STRING, value)
    if isinstance(value, (ArrayOfStrings, list, tuple)) and all(isinstance(v, str) for v in value):
        return GObject.Value(GObject.TYPE_STRV, list(value))
    if isinstance(value, (JsonArray, list, tuple)):
        return GObject.Value(Json.Array.__gtype__, _json_node(list(value)).get_array())
    if isinstance(value, (JsonObject, dict)):
        return GObject.Value(Json.Object.__gtype__, _json_node(value).get_object())
    raise TypeError("unsupported value %r" % (value,))


def _from_library(value, convert_to):
    if convert_to in (ArrayOfStrings, SpaceAndCommaSeparatedArrayOfStrings):
        return convert_to(list(value))
    return value


def _entry_object(content):
    if content is None:
        return Json.Object.new()
    if isinstance(content, Json.Object):
        return content
    return _json_node(content).get_object()


# ---- the reference's descriptive records (documentation only) ----------

class ConfigOption(object):
    """A declared configuration option, as define_config_option recorded it."""

    def __init__(self):
        self.option_name = None
        self.description = None
        self.required_option = False
        self.max_value = None
        self.min_value = None
        self.convert_to = None
        self.default = None
        self.env_aware = False
        self.env_name = None
        self.allow_http = True

    def __repr__(self):
        return "%s %s %s" % (self.option_name, self.env_aware, self.env_name)


class MetricDescription(object):
    """A declared metric, as define_metric recorded it."""

    def __init__(self):
        self.metric_name = None
        self.description = None
        self.extra_fields = None
        self.unit = None
        self.cumulative = False
        self.category = None


class LogFieldDescription(object):
    """A declared log field, as define_log_field recorded it."""

    def __init__(self):
        self.field = None
        self.description = None


class MonitorInformation(object):
    """What the declarations say about one monitor module, in declaration order."""

    _by_module = {}

    def __init__(self, monitor_module):
        self.monitor_module = monitor_module
        self.description = None
        self._options = {}
        self._metrics = {}
        self._log_fields = {}
        self._counter = 0

    @property
    def config_options(self):
        return sorted(self._options.values(), key=lambda x: x.sort_pos)

    def config_option(self, name):
        return self._options.get(name)

    @property
    def metrics(self):
        return sorted(self._metrics.values(), key=lambda x: x.sort_pos)

    @property
    def log_fields(self):
        return sorted(self._log_fields.values(), key=lambda x: x.sort_pos)

    @staticmethod
    def set_monitor_info(monitor_module, description=None, option=None, metric=None, log_field=None):
        info = MonitorInformation._by_module.get(monitor_module)
        if info is None:
            info = MonitorInformation._by_module[monitor_module] = MonitorInformation(monitor_module)
        if description is not None:
            info.description = description
        info._counter += 1
        if option is not None:
            option.sort_pos = info._counter
            info._options[option.option_name] = option
        if metric is not None:
            metric.sort_pos = info._counter
            key = metric.metric_name if metric.extra_fields is None else "%s%s" % (
                metric.metric_name, metric.extra_fields)
            info._metrics[key] = metric
        if log_field is not None:
            log_field.sort_pos = info._counter
            info._log_fields[log_field.field] = log_field

    @staticmethod
    def get_monitor_info(monitor_module):
        return MonitorInformation._by_module.get(monitor_module)


# ---- declarations (define_config_option, define_metric, ...) -----------

_declarations = {}


def _text(description):
    """A declared description as text (the reference takes any value: its
    mysql_monitor passes a one-element tuple)."""
    if description is None:
        return ""
    if isinstance(description, (tuple, list)):
        return " ".join(str(part) for part in description)
    return str(description)


def _module_declarations(module):
    return _declarations.setdefault(module, {"options": {}, "metrics": []})


def define_config_option(monitor_module, option_name, option_description, required_option=False,
                         max_value=None, min_value=None, convert_to=None, default=None,
                         env_aware=False, env_name=None, allow_http=True):
    """Declares an option of the monitors of `monitor_module`: it is validated
    and converted when a monitor's configuration is built, and documented by
    `scalyr-run-monitor --inspect`."""
    option = Scalyr.MonitorOption.new(option_name, _gtype_for(convert_to, option_name),
                                      _text(option_description))
    if default is not None:
        option.set_default_value(_gvalue(default))
    if min_value is not None or max_value is not None:
        option.set_range(_gvalue(min_value), _gvalue(max_value))
    option.set_required(bool(required_option))
    if env_name:
        option.set_env_name(env_name)
    option.set_env_aware(bool(env_aware) or bool(env_name))
    _module_declarations(monitor_module)["options"][option_name] = option
    info = ConfigOption()
    info.__dict__.update(option_name=option_name, description=option_description,
                         required_option=required_option, max_value=max_value, min_value=min_value,
                         convert_to=convert_to, default=default, env_aware=env_aware, env_name=env_name,
                         allow_http=allow_http)
    MonitorInformation.set_monitor_info(monitor_module, option=info)
    return None


def define_metric(monitor_module, metric_name, description, extra_fields=None, unit=None,
                  cumulative=False, category=None):
    """Documents a metric the monitors of `monitor_module` emit."""
    metric = Scalyr.MonitorMetric.new(metric_name, _text(description))
    if extra_fields:
        metric.set_extra_fields(["%s=%s" % (k, v) if v else k for k, v in extra_fields.items()])
    if unit:
        metric.set_unit(unit)
    metric.set_cumulative(bool(cumulative))
    if category:
        metric.set_category(category)
    _module_declarations(monitor_module)["metrics"].append(metric)
    info = MetricDescription()
    info.__dict__.update(metric_name=metric_name, description=description, extra_fields=extra_fields,
                         unit=unit, cumulative=cumulative, category=category)
    MonitorInformation.set_monitor_info(monitor_module, metric=info)


def define_log_field(monitor_module, field_name, field_description):
    """Documents a field of the log lines the monitors of `monitor_module` write."""
    _module_declarations(monitor_module)["metrics"].append(
        Scalyr.MonitorMetric.new_log_field(field_name, _text(field_description)))
    info = LogFieldDescription()
    info.field = field_name
    info.description = field_description
    MonitorInformation.set_monitor_info(monitor_module, log_field=info)


def _apply_declarations(monitor_class, module_names, description=None):
    """Declares the options and metrics of the modules on monitor_class."""
    gtype = monitor_class.__gtype__
    for name in module_names:
        declarations = _declarations.get(name)
        if declarations is None:
            continue
        for option in declarations["options"].values():
            Scalyr.Monitor.declare_option(gtype, option)
        for metric in declarations["metrics"]:
            Scalyr.Monitor.declare_metric(gtype, metric)
    if description:
        Scalyr.Monitor.declare_description(gtype, " ".join(description.split()))


# ---- MonitorConfig ------------------------------------------------------

_INT64_MIN = -(2 ** 63)
_INT64_MAX = 2 ** 63 - 1


def _is_json_value(value):
    """Whether value survives a trip through the library's JSON entry
    unchanged (same type and value when read back)."""
    if value is None or isinstance(value, (bool, str)):
        return True
    if isinstance(value, int):
        return _INT64_MIN <= value <= _INT64_MAX
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, (JsonArray, list)):
        return type(value) in (JsonArray, list) and all(_is_json_value(v) for v in value)
    if isinstance(value, (JsonObject, dict)):
        return type(value) in (JsonObject, dict) and all(
            isinstance(k, str) and _is_json_value(v) for k, v in value.items())
    return False


def _bad_conversion(field, value, convert_to):
    return BadMonitorConfiguration(
        'Prohibited conversion of config param "%s" from %s to %s' % (field, type(value), convert_to), field)


class MonitorConfig(object):
    """A monitor's configuration entry with the reference's get() rules.

    Values that JSON can carry (strings, numbers, booleans, arrays, objects)
    live in the library's Scalyr.MonitorConfig, which applies get()'s
    conversions, ranges, environment fallback and declared options; any
    other Python value (bytes, objects...) is kept as it is, as the
    reference does: get() returns it unconverted, and refuses a conversion
    to another type."""

    def __init__(self, content=None, monitor_module=None, global_config=None, monitor_name=None):
        self._opaque = {}
        self._monitor_module = monitor_module
        if isinstance(content, Scalyr.MonitorConfig):
            self._config = content
            return
        if isinstance(content, MonitorConfig):
            entry = Json.Object.new()
            source = content._entry()
            for key in source.get_members():
                entry.set_member(key, source.get_member(key).copy())
            self._opaque = dict(content._opaque)
        else:
            plain = {}
            for key in (content.keys() if content is not None else ()):
                value = content[key]
                if _is_json_value(value):
                    plain[key] = value
                else:
                    self._opaque[key] = value
            entry = _entry_object(plain)
        self._config = Scalyr.MonitorConfig.new(entry, monitor_name)
        if monitor_module is not None and monitor_module in _declarations:
            options = list(_declarations[monitor_module]["options"].values())
            try:
                self._config.apply_options(options)
            except GLib.Error as e:
                raise BadMonitorConfiguration(e.message, None)

    @property
    def library_config(self):
        """The underlying Scalyr.MonitorConfig."""
        return self._config

    def get(self, field, required_field=False, max_value=None, min_value=None, convert_to=None,
            default=None, report_conflicting_environment_value=False):
        """The value of field, converted with convert_to and checked against
        min_value and max_value; default when absent; BadMonitorConfiguration
        with a message naming the monitor and the field when invalid."""
        if field in self._opaque:
            return self._get_opaque(field, max_value, min_value, convert_to)
        if convert_to is list or convert_to is dict:
            # the reference allows no conversion to the plain containers
            value = self.get(field)
            if value is None:
                return default
            raise _bad_conversion(field, value, convert_to)
        gtype = _gtype_for(convert_to, field)
        flags = Scalyr.ConfigFlags.REQUIRED if required_field else Scalyr.ConfigFlags.NONE
        try:
            if convert_to is JsonArray or convert_to is JsonObject:
                # the typed getters hand over their own copy (PyGObject does
                # not copy a boxed value out of a GValue before unsetting it)
                getter = self._config.dup_array if convert_to is JsonArray else self._config.dup_object
                value = getter(field, flags)
                if value is None:
                    return default
                return node_to_python(value)
            found, value = self._config.get_value(field, gtype, flags, _gvalue(default),
                                                  _gvalue(min_value), _gvalue(max_value))
        except GLib.Error as e:
            raise BadMonitorConfiguration(e.message, field)
        except TypeError:
            if default is not None and not _is_json_value(default):
                # a default the library cannot hold: the reference returns it
                value = self.get(field, required_field, max_value, min_value, convert_to)
                return default if value is None else value
            raise
        if not found:
            return None
        if isinstance(value, (Json.Array, Json.Object)):
            # unconverted array or object: read it from the entry itself
            entry = self._entry()
            if entry.has_member(field):
                return node_to_python(entry.get_member(field))
            return default
        return _from_library(value, convert_to)

    def _get_opaque(self, field, max_value, min_value, convert_to):
        value = self._opaque[field]
        if value is None:
            return None
        if convert_to is not None and type(value) is not convert_to:
            raise _bad_conversion(field, value, convert_to)
        if max_value is not None and value > max_value:
            raise BadMonitorConfiguration('Value of %s in field "%s" is invalid; maximum is %s'
                                          % (value, field, max_value), field)
        if min_value is not None and value < min_value:
            raise BadMonitorConfiguration('Value of %s in field "%s" is invalid; minimum is %s'
                                          % (value, field, min_value), field)
        return value

    def _entry(self):
        return self._config.get_entry()

    def __getitem__(self, field):
        if field in self._opaque:
            return self._opaque[field]
        entry = self._entry()
        if not entry.has_member(field):
            raise KeyError('The missing field "%s" in monitor config.' % field)
        return node_to_python(entry.get_member(field))

    def __contains__(self, field):
        return field in self._opaque or self._entry().has_member(field)

    def keys(self):
        return list(self._entry().get_members()) + list(self._opaque)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return self._entry().get_size() + len(self._opaque)

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    iterkeys = keys

    def iteritems(self):
        return iter(self.items())

    def itervalues(self):
        return iter(self.values())

    def copy(self):
        return MonitorConfig(self)

    def __eq__(self, other):
        if not isinstance(other, MonitorConfig):
            return False
        return dict(self.items()) == dict(other.items())

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def __repr__(self):
        return repr(dict(self.items()))


# ---- ScalyrMonitor ------------------------------------------------------

# The reference's bounds of the random delay before a monitor's first sample.
MIN_INITIAL_GATHER_SAMPLE_SLEEP_SECS = 15
MAX_INITIAL_GATHER_SAMPLE_SLEEP_SECS = 40


def _error(code, message):
    return GLib.Error.new_literal(Scalyr.monitor_error_quark(), message, int(code))


def _where(exc):
    """`file:line` of the innermost frame of an exception."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    return " (%s:%d)" % (frames[-1].filename, frames[-1].lineno)


def _overrides(monitor, name):
    return getattr(type(monitor), name) is not getattr(ScalyrMonitor, name)


class ScalyrMonitor(Scalyr.Monitor):
    """The base class of monitor plugins (see the plugin author's guide).

    Override `_initialize` to read `self._config`, and `gather_sample` to
    report metrics with `self._logger.emit_value`; override `run` for a
    monitor that does not sample at intervals.

    Built two ways: by the library (the registry, scalyr-run-monitor and
    scalyr-agent create it from its configuration entry, `initialize` then
    calls `_initialize`), or as in the reference agent,
    `ScalyrMonitor(monitor_config, logger, sample_interval_secs=None,
    global_config=None)`: the entry (a dict or MonitorConfig, any Python
    values) and a logger of any kind (an AgentLogger from getLogger, or a
    test's mock); the constructor reads the common fields and calls
    `_initialize`, raising what it raises. Either way the monitor can be
    started (`start()`) and stopped (`stop()`) on its own thread."""

    __gtype_name__ = "ScalyrAgentPythonMonitor"

    # the class default of the sample interval (run_monitor and the agent
    # set it, as in the reference)
    DEFAULT_SAMPLE_INTERVAL_SECS = 30.0

    def __init__(self, monitor_config=None, logger=None, sample_interval_secs=None, global_config=None,
                 **properties):
        if monitor_config is None:
            # built by the library (g_object_new calls __init__ without
            # arguments) or with GObject properties
            Scalyr.Monitor.__init__(self, **properties)
            self._setup_attributes(global_config)
            self._reference_built = False
            self._config = None
            self._logger = None
            return
        self._build_as_reference(monitor_config, logger, sample_interval_secs, global_config)

    def _setup_attributes(self, global_config):
        self._global_config = global_config
        self.log_config = {}
        self.disabled = False
        self._in_stop = False
        # stop() ran: the library's stop (on a thread of its own, maybe
        # after stop() returned) does not run an author's override again
        self._stop_called = False
        self._adjust_sleep_by_gather_time = False
        self._extra_reported_lines = 0
        self._extra_errors = 0
        self._metric_log_open = False
        self._python_metric_log = False
        self._run_state = RunState(self)

    def _build_as_reference(self, monitor_config, logger, sample_interval_secs, global_config):
        module = monitor_config["module"]
        monitor_id = monitor_config.get("id")
        config = MonitorConfig(monitor_config, monitor_module=module)
        library_logger = logger._scalyr if isinstance(logger, AgentLogger) else None
        if library_logger is None:
            library_logger = Scalyr.AgentLogger.new(module, "" if monitor_id is None else str(monitor_id))
        interval = sample_interval_secs
        if interval is None:
            interval = ScalyrMonitor.DEFAULT_SAMPLE_INTERVAL_SECS
        Scalyr.Monitor.__init__(self, module_name=module, config=config.library_config, logger=library_logger,
                                monitor_id=library_logger.get_monitor_id() or "",
                                sample_interval=float(interval))
        self._setup_attributes(global_config)
        self._reference_built = True
        self._config = config
        self._logger = logger
        # the reference's public attributes
        self.monitor_module_name = module.split(".")[-1]
        self.raw_monitor_name = self.monitor_module_name
        self.monitor_id = str(monitor_id or "default")
        get = self._config.get
        self._log_write_rate = get("monitor_log_write_rate", convert_to=int, default=2000)
        self._log_max_write_burst = get("monitor_log_max_write_burst", convert_to=int, default=100000)
        self._log_flush_delay = get("monitor_log_flush_delay", convert_to=float, default=0.0, min_value=0)
        self._metric_name_blacklist = get("metric_name_blacklist", convert_to=ArrayOfStrings, default=[])
        self._calculate_rate_metric_name = get("calculate_rate_metric_names", convert_to=ArrayOfStrings,
                                               default=[])
        self._reference_interval = sample_interval_secs
        self._init_exception = None
        try:
            # the library's checks and common fields, then initialize, which
            # calls _initialize
            self.init(None)
        except GLib.Error as e:
            error, self._init_exception = self._init_exception, None
            if error is not None:
                raise error
            raise BadMonitorConfiguration(e.message, None)

    # -- the reference's attributes ------------------------------------

    @property
    def _sample_interval_secs(self):
        return self.get_sample_interval()

    @_sample_interval_secs.setter
    def _sample_interval_secs(self, seconds):
        self.set_sample_interval(float(seconds))

    @property
    def monitor_name(self):
        return self.get_monitor_name()

    @property
    def module_name(self):
        return self.get_module_name()

    @property
    def short_hash(self):
        import hashlib

        key = "%s:%s" % (self.get_module_name(), self.get_monitor_id() or "default")
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]

    @property
    def uid(self):
        return "%s-%s" % (self.get_module_name(), self.get_monitor_id() or "default")

    def reported_lines(self):
        return self.get_logger().get_reported_lines() + self._extra_reported_lines

    def errors(self):
        return self.get_logger().get_errors() + self._extra_errors

    def increment_counter(self, reported_lines=0, errors=0):
        self._extra_reported_lines += reported_lines
        self._extra_errors += errors

    def get_stop_agent_on_failure(self):
        try:
            return self._config["stop_agent_on_failure"]
        except KeyError:
            return False

    def get_extra_server_attributes(self):
        return None

    def get_user_agent_fragment(self):
        return None

    def config_from_monitors(self, manager):
        """Called before `run` with the monitors manager (not used here)."""

    def set_log_watcher(self, log_watcher):
        """Gives the monitor a log watcher (not used here)."""

    def get_calculate_rate_metric_names(self):
        return list(self._config.get("calculate_rate_metric_names", convert_to=ArrayOfStrings, default=[]) or [])

    def set_sample_interval(self, secs):
        Scalyr.Monitor.set_sample_interval(self, float(secs))

    def _get_log_rotation_configuration(self):
        count = self._config.get("log_rotation_backup_count")
        if count is None:
            count = self._global_config.log_rotation_backup_count if self._global_config is not None else 2
        max_bytes = self._config.get("log_rotation_max_bytes")
        if max_bytes is None:
            max_bytes = (self._global_config.log_rotation_max_bytes if self._global_config is not None
                         else 20 * 1024 * 1024)
        return int(count), int(max_bytes)

    def _get_initial_sleep_delay(self):
        """Whole seconds to wait before the first sample (only with a global
        configuration that enables the jitter)."""
        import random

        if not self._global_config or not self._global_config.global_monitor_sample_interval_enable_jitter:
            return 0
        interval = self._sample_interval_secs
        if interval >= MAX_INITIAL_GATHER_SAMPLE_SLEEP_SECS:
            low, high = MIN_INITIAL_GATHER_SAMPLE_SLEEP_SECS, MAX_INITIAL_GATHER_SAMPLE_SLEEP_SECS
        else:
            low, high = round(interval / 10 * 2), round(interval / 10 * 8)
        return random.randint(low, high)

    def _is_thread_stopped(self):
        return not self._run_state.is_running()

    def _sleep_but_awaken_if_stopped(self, seconds):
        return self._run_state.sleep_but_awaken_if_stopped(seconds)

    # -- the metric log ------------------------------------------------------

    def open_metric_log(self, sink=None):
        """Opens the monitor's metric log: with a Scalyr.LogSink, that sink
        (the library's method); without, at log_config["path"] through the
        logger, as the reference (the library's tools open it themselves)."""
        if sink is not None:
            Scalyr.Monitor.open_metric_log(self, sink)
            return True
        backup_count, max_bytes = self._get_log_rotation_configuration()
        open_log = getattr(self._logger, "openMetricLogForMonitor", None)
        if open_log is None:
            return False
        open_log(self.log_config["path"], self, max_bytes=max_bytes, backup_count=backup_count,
                 max_write_burst=self._config.get("monitor_log_max_write_burst", convert_to=int, default=100000),
                 log_write_rate=self._config.get("monitor_log_write_rate", convert_to=int, default=2000),
                 flush_delay=self._config.get("monitor_log_flush_delay", convert_to=float, default=0.0))
        self._metric_log_open = True
        return True

    def close_metric_log(self):
        if self._metric_log_open:
            close_log = getattr(self._logger, "closeMetricLog", None)
            if close_log is not None:
                close_log()
            self._metric_log_open = False

    def _resolve_log_config_path(self):
        """log_config["path"] relative to the directory of the metric log the
        agent opened for the monitor (agent_log_path), as the reference
        agent resolves it; relative to the current directory otherwise."""
        import os

        path = self.log_config.get("path") if isinstance(self.log_config, dict) else None
        if not path or os.path.isabs(path):
            return
        sink = self.get_logger().get_metric_sink()
        if isinstance(sink, Scalyr.FileSink) and sink.get_path():
            self.log_config["path"] = os.path.join(os.path.dirname(sink.get_path()), path)

    # -- hooks for authors ------------------------------------------------

    def _initialize(self):
        """Reads and checks the configuration (self._config)."""

    def gather_sample(self):
        """Reports the metrics of one sample."""

    def run(self):
        """Calls gather_sample every sample interval until stopped."""
        if not self._reference_built:
            # the library's loop (its thread did the initial delay)
            Scalyr.Monitor.do_run(self)
            return
        # built as in the reference: its loop, through the overridable
        # _is_thread_stopped and _sleep_but_awaken_if_stopped
        try:
            delay = self._get_initial_sleep_delay()
            if delay >= 1:
                self._sleep_but_awaken_if_stopped(delay)
                self._logger.debug("Sleeping %s seconds before first sample gather interval" % delay)
            import time

            while not self._is_thread_stopped():
                interval = self._sample_interval_secs
                adjustment = 0
                try:
                    start = time.time()
                    self.gather_sample()
                    if self._adjust_sleep_by_gather_time:
                        adjustment = min(time.time() - start, interval)
                except Exception:
                    self._logger.exception("Failed to gather sample due to the following exception")
                    self.increment_counter(errors=1)
                self._sleep_but_awaken_if_stopped(interval - adjustment)
            # (the library's thread does not: this run overrides its loop)
            self._logger.info("Monitor has finished")
        except Exception:
            self._logger.exception("Monitor died from due to exception:", error_code="failedMonitor")

    def stop(self, wait_on_join=True, join_timeout=5, wait=None):
        """Asks the monitor to stop; with wait_on_join, waits up to
        join_timeout seconds for its thread."""
        if wait is not None:
            wait_on_join = wait
        was, self._in_stop = self._in_stop, True
        self._stop_called = True
        try:
            Scalyr.Monitor.stop(self, int(join_timeout * 1000) if wait_on_join else 0)
        finally:
            self._in_stop = was

    def isAlive(self):
        return self.is_running()

    is_alive = isAlive

    def join(self, timeout=None):
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_running() and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.01)

    # -- the library's virtual methods --------------------------------------

    def do_initialize(self):
        name = self.get_monitor_name()
        if self._reference_built:
            self.log_config = {"path": self.get_short_module_name() + ".log"}
            if self._reference_interval is not None:
                # the constructor's interval wins over the entry's
                self.set_sample_interval(self._reference_interval)
            try:
                self._initialize()
            except BaseException as e:
                self._init_exception = e
                raise _error(Scalyr.MonitorError.FAILED, "%s: %s: %s" % (name, type(e).__name__, e))
            self._apply_log_config()
            return True
        self._config = MonitorConfig(self.get_config())
        self._logger = AgentLogger(self.get_module_name(), self.get_logger(), self)
        self.log_config = {"path": self.get_log_path()}
        try:
            self._initialize()
        except BadMonitorConfiguration as e:
            message = e.message
            if not message.startswith(name + ":"):
                message = '%s: field "%s": %s' % (name, e.field, message) if e.field else "%s: %s" % (name, message)
            raise _error(Scalyr.MonitorError.BAD_CONFIG, message)
        except UnsupportedSystem as e:
            raise _error(Scalyr.MonitorError.UNSUPPORTED_SYSTEM, "%s: %s" % (name, e.message))
        except GLib.Error:
            raise
        except Exception as e:
            raise _error(Scalyr.MonitorError.FAILED,
                         "%s: _initialize failed: %s: %s%s" % (name, type(e).__name__, e, _where(e)))
        self._apply_log_config()
        return True

    def _apply_log_config(self):
        path = self.log_config.get("path") if isinstance(self.log_config, dict) else None
        if path:
            self.set_log_path(path)
        if self.disabled:
            self.set_disabled(True)

    def do_gather_sample(self):
        try:
            self.gather_sample()
        except Exception as e:
            # the traceback starts in the author's code, not in this wrapper
            self._logger.error("Failed to gather sample due to the following exception",
                               exc_info=(type(e), e, e.__traceback__.tb_next), stacklevel=2)
        return True

    def do_run(self):
        # a monitor that opens its own log (syslog_monitor's disk logger)
        # does it here, before running, as the reference's manager does
        # after building it
        opened = False
        if _overrides(self, "open_metric_log"):
            try:
                self._resolve_log_config_path()
                opened = self.open_metric_log()
            except Exception as e:
                self._logger.error("Could not open the metric log of the monitor",
                                   exc_info=(type(e), e, e.__traceback__), stacklevel=2)
        try:
            self.run()
        except Exception as e:
            self._logger.error("Monitor died from due to exception:", error_code="failedMonitor",
                               exc_info=(type(e), e, e.__traceback__.tb_next), stacklevel=2)
        finally:
            if opened and _overrides(self, "close_metric_log"):
                try:
                    self.close_metric_log()
                except Exception:
                    self._logger.exception("Could not close the metric log of the monitor")

    def do_stop(self):
        Scalyr.Monitor.do_stop(self)
        # what the reference's RunState.stop() does: wake the callbacks
        # (servers shut down, extra threads stop)
        self._run_state._run_stop_callbacks()
        # an author's stop() override runs when the library stops the monitor
        if not self._in_stop and not self._stop_called and _overrides(self, "stop"):
            self._in_stop = True
            try:
                self.stop(wait_on_join=False)
            except TypeError:
                self.stop(False)
            except Exception:
                self._logger.exception("Exception while stopping the monitor")
            finally:
                self._in_stop = False
        # stop() ran: the library's stop (on a thread of its own, maybe
        # after stop() returned) does not run an author's override again
        self._stop_called = False

    # -- running a monitor from Python ---------------------------------------

    @classmethod
    def create(cls, config=None, sample_interval=30.0, module_name=None, logger=None):
        """Builds and initializes a monitor of this class from a config dict
        (raises GLib.Error with a clear message if it is refused)."""
        if module_name is None:
            module_name = (config or {}).get("module") or cls.__module__
        library_config = Scalyr.MonitorConfig.new(_entry_object(config), None)
        return Scalyr.Monitor.new(cls, module_name, library_config, logger, float(sample_interval))


def load_monitor_class(module_name, additional_python_paths):
    """The ScalyrMonitor subclass of a module and its MonitorInformation."""
    import importlib
    import inspect
    import os
    import sys

    original = list(sys.path)
    if additional_python_paths:
        sys.path.extend(additional_python_paths.split(os.pathsep))
    try:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, ScalyrMonitor) and value is not ScalyrMonitor \
                    and value.__module__ == module.__name__:
                description = (value.__doc__ or "").strip() or None
                MonitorInformation.set_monitor_info(module_name, description=description)
                return value, MonitorInformation.get_monitor_info(module_name)
        return None, None
    finally:
        sys.path[:] = original
