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


# ---- declarations (define_config_option, define_metric, ...) -----------

_declarations = {}


def _module_declarations(module):
    return _declarations.setdefault(module, {"options": {}, "metrics": []})


def define_config_option(monitor_module, option_name, option_description, required_option=False,
                         max_value=None, min_value=None, convert_to=None, default=None,
                         env_aware=False, env_name=None, allow_http=True):
    """Declares an option of the monitors of `monitor_module`: it is validated
    and converted when a monitor's configuration is built, and documented by
    `scalyr-run-monitor --inspect`."""
    option = Scalyr.MonitorOption.new(option_name, _gtype_for(convert_to, option_name),
                                      option_description or "")
    if default is not None:
        option.set_default_value(_gvalue(default))
    if min_value is not None or max_value is not None:
        option.set_range(_gvalue(min_value), _gvalue(max_value))
    option.set_required(bool(required_option))
    if env_name:
        option.set_env_name(env_name)
    option.set_env_aware(bool(env_aware) or bool(env_name))
    _module_declarations(monitor_module)["options"][option_name] = option
    return option


def define_metric(monitor_module, metric_name, description, extra_fields=None, unit=None,
                  cumulative=False, category=None):
    """Documents a metric the monitors of `monitor_module` emit."""
    metric = Scalyr.MonitorMetric.new(metric_name, description or "")
    if extra_fields:
        metric.set_extra_fields(["%s=%s" % (k, v) if v else k for k, v in extra_fields.items()])
    if unit:
        metric.set_unit(unit)
    metric.set_cumulative(bool(cumulative))
    if category:
        metric.set_category(category)
    _module_declarations(monitor_module)["metrics"].append(metric)


def define_log_field(monitor_module, field_name, field_description):
    """Documents a field of the log lines the monitors of `monitor_module` write."""
    _module_declarations(monitor_module)["metrics"].append(
        Scalyr.MonitorMetric.new_log_field(field_name, field_description or ""))


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

class MonitorConfig(object):
    """A monitor's configuration entry with the reference's get() rules."""

    def __init__(self, content=None, monitor_module=None, global_config=None, monitor_name=None):
        if isinstance(content, Scalyr.MonitorConfig):
            self._config = content
        else:
            self._config = Scalyr.MonitorConfig.new(_entry_object(content), monitor_name)
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
        if not found:
            return None
        if isinstance(value, (Json.Array, Json.Object)):
            # unconverted array or object: read it from the entry itself
            entry = self._entry()
            if entry.has_member(field):
                return node_to_python(entry.get_member(field))
            return default
        return _from_library(value, convert_to)

    def _entry(self):
        return self._config.get_entry()

    def __getitem__(self, field):
        entry = self._entry()
        if not entry.has_member(field):
            raise KeyError(field)
        return node_to_python(entry.get_member(field))

    def __contains__(self, field):
        return self._entry().has_member(field)

    def __iter__(self):
        return iter(self._entry().get_members())

    def __len__(self):
        return self._entry().get_size()

    def keys(self):
        return list(self._entry().get_members())

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def __repr__(self):
        return repr(dict(self.items()))


# ---- ScalyrMonitor ------------------------------------------------------

def _error(code, message):
    return GLib.Error.new_literal(Scalyr.monitor_error_quark(), message, int(code))


def _where(exc):
    """`file:line` of the innermost frame of an exception."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    return " (%s:%d)" % (frames[-1].filename, frames[-1].lineno)


class ScalyrMonitor(Scalyr.Monitor):
    """The base class of monitor plugins (see the plugin author's guide).

    Override `_initialize` to read `self._config`, and `gather_sample` to
    report metrics with `self._logger.emit_value`; override `run` for a
    monitor that does not sample at intervals."""

    __gtype_name__ = "ScalyrAgentPythonMonitor"

    def __init__(self, *args, **kwargs):
        Scalyr.Monitor.__init__(self, *args, **kwargs)
        self._config = None
        self._logger = None
        self.log_config = {}
        self.disabled = False
        self._in_stop = False

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
    def short_hash(self):
        import hashlib

        key = "%s:%s" % (self.get_module_name(), self.get_monitor_id() or "default")
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]

    @property
    def uid(self):
        return "%s-%s" % (self.get_module_name(), self.get_monitor_id() or "default")

    @property
    def config_from_monitors(self):
        return None

    def reported_lines(self):
        return self.get_logger().get_reported_lines()

    def errors(self):
        return self.get_logger().get_errors()

    def get_extra_server_attributes(self):
        return None

    def get_user_agent_fragment(self):
        return None

    # -- hooks for authors ------------------------------------------------

    def _initialize(self):
        """Reads and checks the configuration (self._config)."""

    def gather_sample(self):
        """Reports the metrics of one sample."""

    def run(self):
        """Calls gather_sample every sample interval until stopped."""
        Scalyr.Monitor.do_run(self)

    def stop(self, wait=True, join_timeout=5):
        """Asks the monitor to stop; with wait, waits up to join_timeout s."""
        Scalyr.Monitor.stop(self, int(join_timeout * 1000) if wait else 0)

    # -- the library's virtual methods --------------------------------------

    def do_initialize(self):
        name = self.get_monitor_name()
        self._config = MonitorConfig(self.get_config())
        self._logger = AgentLogger(self.get_module_name(), self.get_logger(), self)
        self._run_state = RunState(self)
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
        path = self.log_config.get("path") if isinstance(self.log_config, dict) else None
        if path:
            self.set_log_path(path)
        if self.disabled:
            self.set_disabled(True)
        return True

    def do_gather_sample(self):
        try:
            self.gather_sample()
        except Exception as e:
            # the traceback starts in the author's code, not in this wrapper
            self._logger.error("Failed to gather sample due to the following exception",
                               exc_info=(type(e), e, e.__traceback__.tb_next), stacklevel=2)
        return True

    def do_run(self):
        try:
            self.run()
        except Exception as e:
            self._logger.error("Monitor died from due to exception:", error_code="failedMonitor",
                               exc_info=(type(e), e, e.__traceback__.tb_next), stacklevel=2)

    def do_stop(self):
        # an author's stop() override runs when the library stops the monitor
        if not self._in_stop and type(self).stop is not ScalyrMonitor.stop:
            self._in_stop = True
            try:
                self.stop(wait=False)
            except Exception:
                self._logger.exception("Exception while stopping the monitor")
            finally:
                self._in_stop = False
            Scalyr.Monitor.do_stop(self)
        else:
            Scalyr.Monitor.do_stop(self)

    # -- running a monitor from Python ---------------------------------------

    @classmethod
    def create(cls, config=None, sample_interval=30.0, module_name=None, logger=None):
        """Builds and initializes a monitor of this class from a config dict
        (raises GLib.Error with a clear message if it is refused)."""
        if module_name is None:
            module_name = (config or {}).get("module") or cls.__module__
        library_config = Scalyr.MonitorConfig.new(_entry_object(config), None)
        return Scalyr.Monitor.new(cls, module_name, library_config, logger, float(sample_interval))
