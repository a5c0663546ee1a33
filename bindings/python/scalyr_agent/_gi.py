# The typelibs the package is built on, loaded once.
# SPDX-License-Identifier: Apache-2.0
import os

import gi

try:
    # only in the installed copy (bindings/build-python-package.py)
    from scalyr_agent._installed import TYPELIB_DIR as _TYPELIB_DIR
except ImportError:
    _TYPELIB_DIR = None


def _add_typelib_dir(directory):
    """The installed package's typelibs, when GI does not search their
    directory already (a prefix other than /usr): after GI_TYPELIB_PATH's
    entries, which stay first, and before the system's directories.
    Nothing for the source tree's package (GI_TYPELIB_PATH names the build
    tree's typelibs there)."""
    if directory is None or not os.path.isdir(directory):
        return
    gi.require_version("GIRepository", "2.0")
    from gi.repository import GIRepository

    real = os.path.realpath(directory)
    if any(os.path.realpath(d) == real for d in GIRepository.Repository.get_search_path()):
        return
    GIRepository.Repository.prepend_search_path(directory)
    env = [d for d in os.environ.get("GI_TYPELIB_PATH", "").split(os.pathsep) if d]
    for d in reversed(env):
        GIRepository.Repository.prepend_search_path(d)


_add_typelib_dir(_TYPELIB_DIR)

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Scalyr", "1.0")

from gi.repository import GLib, GObject, Json, Scalyr  # noqa: E402

__all__ = ["GLib", "GObject", "Json", "Scalyr"]
