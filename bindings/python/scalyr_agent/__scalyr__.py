# SPDX-License-Identifier: Apache-2.0
"""The reference agent's `__scalyr__` module: the version and where the
package lives. SCALYR_VERSION is libscalyrmon's version (monitors put it
in their User-Agent); scalyr_init() has nothing to set up here, as the
monitors' third-party packages come from the system (Debian's python3-*)."""
import os
import sys

PY2 = False
PY3 = True
PY2_pre_279 = False
PY3_pre_32 = False

__is_frozen__ = hasattr(sys, "frozen")

PACKAGE_INSTALL = 1
TARBALL_INSTALL = 2
DEV_INSTALL = 3

__install_info__ = {}


def _version():
    try:
        from scalyr_agent._gi import Scalyr

        return Scalyr.VERSION_S
    except Exception:  # the typelib missing: still importable
        return "unknown"


SCALYR_VERSION = _version()

__package_root__ = os.path.dirname(os.path.abspath(__file__))
INSTALL_TYPE = DEV_INSTALL if os.path.isdir(os.path.join(__package_root__, "..", "..", "..", "libscalyrmon")) \
    else PACKAGE_INSTALL


def read_install_info():
    return {}


def scalyr_init():
    """Prepares the package (nothing to do: no bundled third-party tree)."""


def get_package_root():
    return __package_root__


def get_install_root():
    return os.path.dirname(__package_root__)
