# SPDX-License-Identifier: Apache-2.0
"""The reference agent's Python 2/3 compatibility names, for Python 3 only:
monitors and their tests import them from here."""
import os
import shutil
import struct
import subprocess
import sys
from collections import defaultdict
from ssl import CertificateError  # noqa: F401

PY2 = False
PY3 = True
PY26 = False
PY27 = False
PY2_pre_279 = False
PY_post_equal_279 = True
PY3_pre_32 = False
PY3_post_equal_37 = sys.version_info >= (3, 7)

# Python 3's environment and struct functions take text already.
os_environ_unicode = os.environ
os_getenv_unicode = os.getenv
struct_pack_unicode = struct.pack
struct_unpack_unicode = struct.unpack

try:
    from ssl import match_hostname as ssl_match_hostname  # noqa: F401
except ImportError:  # Python 3.12: SSLContext.check_hostname does it
    ssl_match_hostname = None


def custom_any(iterable):
    return any(iterable)


def custom_all(iterable):
    return all(iterable)


def custom_defaultdict(default_type):
    return defaultdict(default_type)


def which(executable):
    """The path of executable on PATH, or None."""
    return shutil.which(executable)


find_executable = which


def subprocess_check_output(cmd, *args, **kwargs):
    return subprocess.check_output(cmd, *args, **kwargs)
