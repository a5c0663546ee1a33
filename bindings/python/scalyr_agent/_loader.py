# SPDX-License-Identifier: Apache-2.0
"""The Python side of libscalyrmon's Python loader: imports a monitor
module file and returns the GType name of its monitor class."""
import importlib.util
import sys


class LoadError(Exception):
    pass


def _frame_in(exc, path):
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename == path:
            return frame
    return frames[-1] if frames else None


def load(path, module_name):
    from scalyr_agent.scalyr_monitor import ScalyrMonitor, _apply_declarations

    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise LoadError("%s: cannot be imported as a Python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        sys.modules.pop(module_name, None)
        raise LoadError("%s:%s: SyntaxError: %s" % (e.filename or path, e.lineno, e.msg))
    except BaseException as e:
        sys.modules.pop(module_name, None)
        frame = _frame_in(e, path)
        where = "%s:%d" % (frame.filename, frame.lineno) if frame else path
        raise LoadError("%s: %s: %s" % (where, type(e).__name__, e))

    candidates = [
        value for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, ScalyrMonitor) and value is not ScalyrMonitor
    ]
    own = [c for c in candidates if c.__module__ == module.__name__]
    if not (own or candidates):
        raise LoadError("%s defines no monitor: add a class deriving from scalyr_agent.ScalyrMonitor" % path)
    monitor_class = (own or candidates)[0]
    description = monitor_class.__doc__ or module.__doc__
    _apply_declarations(monitor_class, {module_name, module.__name__, monitor_class.__module__}, description)
    return monitor_class.__gtype__.name
