#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the installed copy of the scalyr_agent package in the build tree.

    build-python-package.py SOURCE_PACKAGE BUILD_PACKAGE TYPELIB_DIR yes|no STAMP

Copies the package's .py files to BUILD_PACKAGE, writes _installed.py
(the installed typelib directory, which _gi.py adds to GI's search path),
and with "yes" byte-compiles every module into __pycache__ with
hash-checked .pyc files: meson installs them with the sources and records
them, so that uninstalling removes them too (a root Python importing the
installed package writes none of its own), and an edited source is still
recompiled (the hash is checked, not the modification time). A
distribution package ("no", prefix /usr) ships no .pyc: its own tools
(dh_python3) compile them at install and remove them at removal."""
import os
import py_compile
import shutil
import sys

source, build, typelib_dir, compile_pyc, stamp = sys.argv[1:6]

shutil.rmtree(build, ignore_errors=True)
shutil.copytree(source, build, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
with open(os.path.join(build, "_installed.py"), "w", encoding="utf-8") as f:
    f.write("# Written at build time for the installed copy of the package only.\n")
    f.write("TYPELIB_DIR = %r\n" % typelib_dir)
for root, _dirs, names in os.walk(build) if compile_pyc == "yes" else ():
    for name in sorted(names):
        if name.endswith(".py"):
            path = os.path.join(root, name)
            py_compile.compile(path, doraise=True,
                               dfile=os.path.relpath(path, os.path.dirname(build)),
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
with open(stamp, "w", encoding="utf-8") as f:
    f.write("")
