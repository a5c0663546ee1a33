#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The real tools, run by an operator whose language is French, print the
library's validation errors in French, naming the field:
  scalyr-agent --check-config on an agent.json with a value out of range and
  a monitor option that does not parse, and scalyr-run-monitor with the same
  bad monitor option.
The language comes from LANGUAGE=fr under LC_ALL=C.UTF-8 (glibc honours
LANGUAGE in every locale but C/POSIX; C.UTF-8 is built into glibc >= 2.35);
the catalogue from SCALYR_LOCALEDIR (build/po). The same runs without
LANGUAGE must print the English text, so that the test sees a translation
and not a fixed string.

Exit status: 0 pass, 1 fail (saying what was printed), 77 skip (no C.UTF-8,
or a tool that does not call setlocale() yet: the program chooses the
language, a library never does).
usage: test-tool-french.py SOURCE_ROOT   (env: SCALYR_AGENT, SCALYR_RUN_MONITOR,
                                          SCALYR_LOCALEDIR, SCALYR_BUILTIN_MONITOR_PATH)
"""
import locale
import os
import subprocess
import sys
import tempfile

NB = '\u00a0'
CASES = [
    # (tool, source, arguments (CONFIG replaced), status, English, French)
    ('SCALYR_AGENT', 'tools/scalyr-agent.c', ['-c', 'CONFIG', '--check-config'], 2,
     ['field "max_line_size": value -5 is out of range: the max line size must be between 1 and 65536 inclusive',
      'field "gauss_mean": could not parse "abc" as a float'],
     [f'champ "max_line_size"{NB}: la valeur -5 est hors limites{NB}: le champ max line size doit être compris '
      'entre 1 et 65536 inclus',
      f'champ "gauss_mean"{NB}: impossible d’interpréter "abc" comme un flottant']),
    ('SCALYR_RUN_MONITOR', 'tools/scalyr-run-monitor.c', ['test_monitor', '-c', '{"gauss_mean": "abc"}'], 2,
     ['field "gauss_mean": could not parse "abc" as a float'],
     [f'champ "gauss_mean"{NB}: impossible d’interpréter "abc" comme un flottant']),
]
CONFIG = '''{
  "implicit_metric_monitor": false,
  "monitors": [ { "module": "test_monitor", "gauss_mean": "abc" } ],
  "max_line_size": -5
}
'''


def run(tool, args, config, french):
    env = dict(os.environ)
    for k in ('LANG', 'LANGUAGE', 'LC_MESSAGES', 'LC_CTYPE'):
        env.pop(k, None)
    env['LC_ALL'] = 'C.UTF-8'
    if french:
        env['LANGUAGE'] = 'fr'
    argv = [os.environ[tool]] + [config if a == 'CONFIG' else a for a in args]
    return subprocess.run(argv, env=env, capture_output=True, timeout=60)


def main():
    root = sys.argv[1]
    try:
        locale.setlocale(locale.LC_ALL, 'C.UTF-8')
    except locale.Error:
        print('SKIP: this C library has no C.UTF-8 locale')
        return 77
    if not os.path.isfile(os.path.join(os.environ['SCALYR_LOCALEDIR'], 'fr', 'LC_MESSAGES', 'libscalyrmon.mo')):
        print(f'FAIL: no fr/LC_MESSAGES/libscalyrmon.mo under SCALYR_LOCALEDIR={os.environ["SCALYR_LOCALEDIR"]}')
        return 1
    failures, skipped, passed = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, 'agent.json')
        with open(config, 'w', encoding='utf-8') as fh:
            fh.write(CONFIG)
        os.chmod(config, 0o600)
        for tool, source, args, status, english, french in CASES:
            name = os.path.basename(os.environ[tool])
            en = run(tool, args, config, False)
            fr = run(tool, args, config, True)
            en_err, fr_err = en.stderr.decode('utf-8', 'replace'), fr.stderr.decode('utf-8', 'replace')
            problems = []
            if en.returncode != status or fr.returncode != status:
                problems.append(f'exit status {en.returncode} (English) and {fr.returncode} (French), expected {status}')
            problems += [f'English run lacks “{t}”' for t in english if t not in en_err]
            missing = [t for t in french if t not in fr_err]
            if missing and all(t in fr_err for t in english):
                with open(os.path.join(root, source), encoding='utf-8') as fh:
                    if 'setlocale' not in fh.read():
                        skipped.append(f'{name}: {source} does not call setlocale (LC_ALL, "") yet, so the '
                                       'program stays in the C locale and prints English')
                        continue
            problems += [f'French run lacks “{t}”' for t in missing]
            if problems:
                failures.append(f'{name} {" ".join(args)}:\n  ' + '\n  '.join(problems)
                                + f'\n  English stderr: {en_err!r}\n  French stderr: {fr_err!r}')
            else:
                passed += 1
                print(f'ok: {name} prints the French error naming the field')
    for s in skipped:
        print('skipped: ' + s)
    if failures:
        print('FAIL: ' + '\nFAIL: '.join(failures))
        return 1
    if passed == 0:
        print('SKIP: no tool selects the locale yet')
        return 77
    return 0


if __name__ == '__main__':
    sys.exit(main())
