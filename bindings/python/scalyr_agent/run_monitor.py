# SPDX-License-Identifier: Apache-2.0
"""`python -m scalyr_agent.run_monitor [options] MODULE`, as the plugin
author's guide describes it: runs one monitor with libscalyrmon's
scalyr-run-monitor, searching the directories of -p (default .) and of
sys.path / PYTHONPATH for the module."""
import os
import shutil
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    paths = []
    passed = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-p", "--monitor-python-path", "--monitor-module-path") and i + 1 < len(argv):
            paths.append(argv[i + 1])
            i += 2
            continue
        for prefix in ("--monitor-python-path=", "--monitor-module-path="):
            if arg.startswith(prefix):
                paths.append(arg[len(prefix):])
                break
        else:
            if arg in ("-a", "--agent-config") or arg.startswith("--agent-config="):
                sys.stderr.write("The --agent-config option is not supported by libscalyrmon's run_monitor; "
                                 "run the monitor in scalyr-agent instead.\n")
                return 1
            passed.append(arg)
        i += 1
    if not paths:
        paths = ["."]
    # like the reference, modules are also found on the Python path
    paths += [p for p in sys.path if p and os.path.isdir(p)]
    tool = os.environ.get("SCALYR_RUN_MONITOR") or shutil.which("scalyr-run-monitor")
    if tool is None:
        sys.stderr.write("scalyr-run-monitor was not found on PATH; install libscalyrmon's tools.\n")
        return 1
    args = [tool]
    for path in paths:
        args += ["-p", path]
    os.execv(tool, args + passed)


if __name__ == "__main__":
    sys.exit(main())
