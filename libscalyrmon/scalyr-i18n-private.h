/* scalyr-i18n-private.h: gettext for the libraries' user-facing messages
 * SPDX-License-Identifier: Apache-2.0
 *
 * Each library and module (libscalyrmon, libscalyragent, the uploader and
 * its service module, the loaders, the builtin monitors) links its own
 * hidden copy of scalyr-i18n.c: _() looks the message up in the
 * "libscalyrmon" catalogue, binding the domain once, on first use (to
 * $SCALYR_LOCALEDIR when set, as the build tree's tests and `meson devenv`
 * do, else to the installed locale directory). The program chooses the
 * language: a library never calls setlocale().
 *
 * Mark whole sentences (no fragments glued at run time); keep protocol text
 * (metric names, JSON keys, the agent.log line format) and debug-only
 * messages unmarked.
 */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL
const char *scalyr_i18n_gettext  (const char *msgid) G_GNUC_FORMAT (1);
G_GNUC_INTERNAL
const char *scalyr_i18n_pgettext (const char *msgctxtid,
                                  gsize       msgidoffset) G_GNUC_FORMAT (1);
G_GNUC_INTERNAL
const char *scalyr_i18n_ngettext (const char *msgid,
                                  const char *msgid_plural,
                                  gulong      n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);
G_GNUC_INTERNAL
const char *scalyr_i18n_localedir (void);

#define _(String) scalyr_i18n_gettext (String)
#define N_(String) (String)
/* xgettext: po/meson.build passes --keyword=ngettext_:1,2 */
#define ngettext_(Singular, Plural, N) scalyr_i18n_ngettext (Singular, Plural, N)
#define C_(Context, String) scalyr_i18n_pgettext (Context "\004" String, strlen (Context) + 1)
#define NC_(Context, String) (String)

G_END_DECLS
