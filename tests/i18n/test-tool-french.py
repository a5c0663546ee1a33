#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The real tools, run by an operator whose language is French, print the
library's validation errors in French, naming the field:
  scalyr-agent --check-config on an agent.json with a value out of range and
  a monitor option that does not parse, and scalyr-run-monitor with the same
  bad monitor option;
and their own messages in French: scalyr-run-monitor's --count error, and
scalyr-agent status when no agent ran with the configuration and when its
agent was stopped (exit 3 both).
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
import json
import locale
import os
import subprocess
import sys
import tempfile

NB = '\u00a0'
CASES = [
    # (tool, source, arguments (CONFIG and IDLE_CONFIG replaced by their files), status, English, French)
    ('SCALYR_AGENT', 'tools/scalyr-agent.c', ['-c', 'CONFIG', '--check-config'], 2,
     ['field "max_line_size": value -5 is out of range: the max line size must be between 1 and 65536 inclusive',
      'field "gauss_mean": could not parse "abc" as a float'],
     [f'champ "max_line_size"{NB}: la valeur -5 est hors limites{NB}: le champ max line size doit être compris '
      'entre 1 et 65536 inclus',
      f'champ "gauss_mean"{NB}: impossible d’interpréter "abc" comme un flottant']),
    ('SCALYR_RUN_MONITOR', 'tools/scalyr-run-monitor.c', ['test_monitor', '-c', '{"gauss_mean": "abc"}'], 2,
     ['field "gauss_mean": could not parse "abc" as a float'],
     [f'champ "gauss_mean"{NB}: impossible d’interpréter "abc" comme un flottant']),
    ('SCALYR_RUN_MONITOR', 'tools/scalyr-run-monitor.c', ['--count', '0', 'test_monitor'], 1,
     ['Invalid value for the --count option: 0.  Must be a whole number of samples, at least 1 '
      '(use --once for one sample)'],
     [f'Valeur incorrecte pour l’option --count{NB}: 0.  Doit être un nombre entier d’échantillons, au moins 1 '
      '(utilisez --once pour un seul échantillon)']),
    ('SCALYR_AGENT', 'tools/scalyr-agent.c', ['-c', 'IDLE_CONFIG', 'status'], 3,
     ['no agent status at ', '; is the agent running with this configuration?'],
     ['aucun état d’agent dans ', f'{NB}; l’agent tourne-t-il avec cette configuration{NB}?']),
    ('SCALYR_AGENT', 'tools/scalyr-agent.c', ['-c', 'STOPPED_CONFIG', 'status'], 3,
     ['scalyr-agent: the agent is not running: it was stopped (2026-12-04 17:00:00)'],
     [f'scalyr-agent: l’agent ne tourne pas{NB}: il a été arrêté (2026-12-04 17:00:00)']),
]
CONFIG = '''{
  "implicit_metric_monitor": false,
  "monitors": [ { "module": "test_monitor", "gauss_mean": "abc" } ],
  "max_line_size": -5
}
'''
# a good configuration no agent ran with: its status file does not exist
IDLE_CONFIG = '''{
  "implicit_metric_monitor": false,
  "agent_log_path": "TMP/log",
  "agent_data_path": "TMP/data"
}
'''
# the configuration of an agent that was stopped: the final status it wrote
STOPPED_CONFIG = IDLE_CONFIG.replace('TMP/', 'TMP/stopped-')
STOPPED_STATUS = {
    'config': {'path': 'CONFIG_PATH', 'last_load': '2026-12-04 17:00:00', 'last_load_ok': True, 'files': []},
    'state': 'stopped', 'updated': '2026-12-04 17:00:00', 'started': '2026-12-04 16:00:00', 'pid': 1,
    'version': '0.4.0', 'monitors': [], 'agent_log': {'lines_written': 0, 'lines_dropped': 0},
}


def run(tool, args, configs, french):
    env = dict(os.environ)
    for k in ('LANG', 'LANGUAGE', 'LC_MESSAGES', 'LC_CTYPE'):
        env.pop(k, None)
    env['LC_ALL'] = 'C.UTF-8'
    if french:
        env['LANGUAGE'] = 'fr'
    argv = [os.environ[tool]] + [configs.get(a, a) for a in args]
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
        configs = {}
        for name, text in (('CONFIG', CONFIG), ('IDLE_CONFIG', IDLE_CONFIG.replace('TMP', tmp)),
                           ('STOPPED_CONFIG', STOPPED_CONFIG.replace('TMP', tmp))):
            configs[name] = os.path.join(tmp, name.lower() + '.json')
            with open(configs[name], 'w', encoding='utf-8') as fh:
                fh.write(text)
            os.chmod(configs[name], 0o600)
        STOPPED_STATUS['config']['path'] = configs['STOPPED_CONFIG']
        os.mkdir(os.path.join(tmp, 'stopped-data'))
        with open(os.path.join(tmp, 'stopped-data', 'agent-status.json'), 'w', encoding='utf-8') as fh:
            json.dump(STOPPED_STATUS, fh)
        for tool, source, args, status, english, french in CASES:
            name = os.path.basename(os.environ[tool])
            en = run(tool, args, configs, False)
            fr = run(tool, args, configs, True)
            en_err, fr_err = en.stderr.decode('utf-8', 'replace'), fr.stderr.decode('utf-8', 'replace')
            problems = []
            if en.returncode != status or fr.returncode != status:
                problems.append(f'exit status {en.returncode} (English) and {fr.returncode} (French), expected {status}')
            problems += [f'English run lacks “{t}”' for t in english if t not in en_err]
            missing = [t for t in french if t not in fr_err]
            if missing and all(t in fr_err for t in english):
                with open(os.path.join(root, source), encoding='utf-8') as fh:
                    text = fh.read()
                    # the tools select the locale in scalyr_tool_init_i18n() (tools/scalyr-tool-options.c)
                    if 'setlocale' not in text and 'scalyr_tool_init_i18n' not in text:
                        skipped.append(f'{name}: {source} does not call setlocale (LC_ALL, "") yet, so the '
                                       'program stays in the C locale and prints English')
                        continue
            problems += [f'French run lacks “{t}”' for t in missing]
            if problems:
                failures.append(f'{name} {" ".join(args)}:\n  ' + '\n  '.join(problems)
                                + f'\n  English stderr: {en_err!r}\n  French stderr: {fr_err!r}')
            else:
                passed += 1
                print(f'ok: {name} {" ".join(args)} prints its error in French')
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
