/* test-i18n.c: the library's messages under the French catalogue
 * SPDX-License-Identifier: Apache-2.0
 *
 * Each case runs in a subprocess: the language is chosen once per process
 * (LANGUAGE=fr under the C.UTF-8 locale, as a French operator's program
 * would after setlocale (LC_ALL, "")), and the library binds its domain on
 * its first message, to $SCALYR_LOCALEDIR (build/po, set by meson test).
 */
#include <locale.h>
#include <stdio.h>

#include <scalyrmon.h>

#include "scalyr-i18n-private.h"

#define NB "\302\240" /* U+00A0, before ':' ';' '?' in French */

static gboolean
have_c_utf8 (void)
{
  gboolean ok = setlocale (LC_ALL, "C.UTF-8") != NULL;

  setlocale (LC_ALL, "C");
  return ok;
}

static void
enter_language (const char *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_MESSAGES");
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

/* a monitor option below its minimum: the GError the operator reads */
static void
print_min_value_error (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) six = G_VALUE_INIT;
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_true (json_parser_load_from_data (parser, "{\"module\": \"test\", \"sample_size\": 5}", -1, NULL));
  config = scalyr_monitor_config_new (json_node_get_object (json_parser_get_root (parser)), "test()");
  g_value_init (&six, G_TYPE_INT64);
  g_value_set_int64 (&six, 6);
  g_assert_false (scalyr_monitor_config_get_value (config, "sample_size", G_TYPE_NONE, 0, NULL, &six, NULL,
                                                   &v, &error));
  /* translated text, same domain and code */
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  printf ("%s\n", error->message);
}

/* runs @body in a subprocess whose language is @language (NULL: none, so
 * English) and checks what it printed against @expected (a glob) */
static void
check_in_language (const char *language,
                   void      (*body) (void),
                   const char *expected)
{
  if (!have_c_utf8 ())
    {
      g_test_skip ("this C library has no C.UTF-8 locale");
      return;
    }
  if (g_test_subprocess ())
    {
      enter_language (language);
      body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (expected);
}

static void
test_gerror_french (void)
{
  check_in_language ("fr", print_min_value_error,
                     "test(): champ \"sample_size\"" NB ": la valeur 5 est inférieure au minimum 6\n");
}

static void
test_gerror_english (void)
{
  check_in_language (NULL, print_min_value_error,
                     "test(): field \"sample_size\": value 5 is below the minimum 6\n");
}

/* the plural forms of French (one for 0 and 1, another from 2) */
static void
print_plurals (void)
{
  for (gulong n = 1; n <= 2; n++)
    printf (ngettext_ ("monitor %s declares no options, so its field %s "
                       "cannot be checked; make sure the monitor reads them "
                       "(a misspelled field is ignored)",
                       "monitor %s declares no options, so its fields %s "
                       "cannot be checked; make sure the monitor reads them "
                       "(a misspelled field is ignored)", n),
            "m()", n == 1 ? "\"a\"" : "\"a\", \"b\"");
  printf ("\n");
}

static void
test_plural_french (void)
{
  check_in_language ("fr", print_plurals,
                     "le moniteur m() ne déclare aucune option, donc son champ \"a\" ne peut pas être "
                     "vérifié*le moniteur m() ne déclare aucune option, donc ses champs \"a\", \"b\" ne "
                     "peuvent pas être vérifiés*");
}

/* where the catalogues are looked for: $SCALYR_LOCALEDIR, else the
 * installed locale directory */
static void
test_localedir (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("SCALYR_LOCALEDIR");
      printf ("[%s]", scalyr_i18n_localedir ());
      g_setenv ("SCALYR_LOCALEDIR", "", TRUE);
      printf ("[%s]", scalyr_i18n_localedir ());
      g_setenv ("SCALYR_LOCALEDIR", "/nowhere/po", TRUE);
      printf ("[%s]\n", scalyr_i18n_localedir ());
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("[" TEST_LOCALEDIR "][" TEST_LOCALEDIR "][/nowhere/po]\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/gerror/french", test_gerror_french);
  g_test_add_func ("/i18n/gerror/english-without-language", test_gerror_english);
  g_test_add_func ("/i18n/plural/french", test_plural_french);
  g_test_add_func ("/i18n/localedir", test_localedir);
  return g_test_run ();
}
