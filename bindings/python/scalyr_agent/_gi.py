# The typelibs the package is built on, loaded once.
# SPDX-License-Identifier: Apache-2.0
import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Scalyr", "1.0")

from gi.repository import GLib, GObject, Json, Scalyr  # noqa: E402

__all__ = ["GLib", "GObject", "Json", "Scalyr"]
