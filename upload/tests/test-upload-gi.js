// SPDX-License-Identifier: Apache-2.0
// ScalyrUpload-1.0 from GJS: an uploader copies a log file to a real
// addEvents server on 127.0.0.1 (upload/tests/addevents-test-server.c),
// which must receive every line, once, in order. Exits 1 on failure.
imports.gi.versions.ScalyrUpload = '1.0';
imports.gi.versions.Json = '1.0';
const { GLib, Gio, Json, ScalyrUpload } = imports.gi;

const TOKEN = 'gjs-test-token';
const LINES = 2000;
const DEADLINE_S = 60;

function check(cond, what) {
    if (!cond)
        throw new Error(`check failed: ${what}`);
}

const tmp = GLib.dir_make_tmp('upload-gjs-XXXXXX');
const logPath = GLib.build_filenamev([tmp, 'app.log']);
const lines = [];
for (let i = 0; i < LINES; i++)
    lines.push(`line ${String(i).padStart(5, '0')} from gjs é\n`);
GLib.file_set_contents(logPath, lines.join(''));

const server = Gio.Subprocess.new(
    [GLib.getenv('ADDEVENTS_TEST_SERVER'), TOKEN, logPath, String(DEADLINE_S + 30)],
    Gio.SubprocessFlags.STDOUT_PIPE);
const out = new Gio.DataInputStream({ base_stream: server.get_stdout_pipe() });
const [urlBytes] = out.read_line_utf8(null);
const url = urlBytes;
check(url !== null && url.startsWith('http://127.0.0.1:'), `server URL ${url}`);

let failed = null;
try {
    // The types of the namespace.
    const [ok, compression] = ScalyrUpload.compression_from_string('lz4');
    check(ok && compression === ScalyrUpload.Compression.LZ4, 'compression_from_string');
    let urlError = null;
    try {
        ScalyrUpload.upload_normalize_url('ftp://x', false);
    } catch (e) {
        urlError = e;
    }
    check(urlError !== null && urlError.matches(ScalyrUpload.upload_error_quark(),
        ScalyrUpload.UploadError.INVALID_URL), 'INVALID_URL error');

    const up = ScalyrUpload.Uploader.new(url, TOKEN, GLib.build_filenamev([tmp, 'data']));
    up.max_request_spacing = 0.05;
    up.max_request_size = 16384;       // several requests
    const attrs = new Json.Object();
    attrs.set_string_member('origin', 'gjs');
    check(up.add_log(logPath, 'test', attrs, true), 'add_log');
    let successes = 0;
    up.connect('request-finished', (_u, status, success) => {
        if (success && status === 'success')
            successes++;
    });
    check(up.start(), 'start');

    const size = GLib.file_get_contents(logPath)[1].length;
    const loop = new GLib.MainLoop(null, false);
    let timedOut = false;
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, 20, () => {
        const logs = up.get_status().get_object().get_array_member('logs');
        if (logs.get_length() === 1 && logs.get_object_element(0).get_int_member('position') === size) {
            loop.quit();
            return GLib.SOURCE_REMOVE;
        }
        return GLib.SOURCE_CONTINUE;
    });
    const deadline = GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, DEADLINE_S, () => {
        timedOut = true;
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
    loop.run();
    up.stop();
    if (!timedOut)
        GLib.source_remove(deadline);
    check(!timedOut, `all lines acknowledged within ${DEADLINE_S} s`);
    check(successes > 1, `several successful requests (${successes})`);
    check(up.get_status().get_object().get_int_member('events_sent') === LINES, 'events_sent');
} catch (e) {
    failed = e;
}

server.send_signal(15);
const [report] = out.read_line_utf8(null);
server.wait(null);
try {
    check(failed === null, `${failed}`);
    check(report !== null, 'server report');
    const got = JSON.parse(report);
    check(got.error === null, `server validation: ${got.error}`);
    check(got.duplicates === 0, `duplicates: ${got.duplicates}`);
    check(got.messages.length === LINES, `${got.messages.length} messages, expected ${LINES}`);
    for (let i = 0; i < LINES; i++)
        check(got.messages[i] === lines[i], `message ${i}: ${JSON.stringify(got.messages[i])}`);
    print('ok: gjs uploaded every line once, in order');
} catch (e) {
    printerr(e.message);
    imports.system.exit(1);
} finally {
    GLib.spawn_sync(null, ['rm', '-rf', tmp], null, GLib.SpawnFlags.SEARCH_PATH, null);
}
