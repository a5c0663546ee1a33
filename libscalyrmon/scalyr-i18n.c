/* scalyr-i18n.c: the gettext domain of the libraries, bound once
 * SPDX-License-Identifier: Apache-2.0
 *
 * Compiled into each library and module with hidden visibility (see
 * scalyr-i18n-private.h), so that each binds the domain itself, whatever
 * the program did.
 */
#include "config.h"

#include <libintl.h>

#include "scalyr-i18n-private.h"

/* The catalogues' directory: $SCALYR_LOCALEDIR (the build tree's po/, set
 * by the tests and `meson devenv`) or the installed one. */
const char *
scalyr_i18n_localedir (void)
{
  const char *dir = g_getenv ("SCALYR_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

static void
ensure_bound (void)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (GETTEXT_PACKAGE, scalyr_i18n_localedir ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }
}

const char *
scalyr_i18n_gettext (const char *msgid)
{
  ensure_bound ();
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

const char *
scalyr_i18n_ngettext (const char *msgid,
                      const char *msgid_plural,
                      gulong      n)
{
  ensure_bound ();
  return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);
}

const char *
scalyr_i18n_pgettext (const char *msgctxtid,
                      gsize       msgidoffset)
{
  ensure_bound ();
  return g_dpgettext (GETTEXT_PACKAGE, msgctxtid, msgidoffset);
}
