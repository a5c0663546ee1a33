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


def _package_tree(path, module_name):
    """The `scalyr_agent` directory of another tree holding path as
    module_name (`<tree>/scalyr_agent/builtin_monitors/x.py` for
    `scalyr_agent.builtin_monitors.x`), or None."""
    import os

    parts = module_name.split(".")
    if parts[0] != "scalyr_agent" or len(parts) < 2:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    for _ in parts[1:-1]:
        directory = os.path.dirname(directory)
    return directory if os.path.basename(directory) == "scalyr_agent" else None


def load(path, module_name):
    from scalyr_agent.scalyr_monitor import ScalyrMonitor, _apply_declarations

    tree = _package_tree(path, module_name)
    if tree is not None:
        # the reference's modules beside it (builtin_monitors.thread_pool,
        # ...) come from its tree, this package's from this package
        import scalyr_agent

        scalyr_agent._add_tree(tree)
        from importlib import import_module

        parent = module_name.rpartition(".")[0]
        try:
            import_module(parent)
        except ImportError:
            pass
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
