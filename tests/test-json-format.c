/* test-json-format.c: metric values encoded like Python's stdlib json
 * SPDX-License-Identifier: Apache-2.0
 *
 * Every expected string below was produced by /usr/bin/python3 with
 * repr(float) / json.dumps(x) (ensure_ascii=True).
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "scalyr-json-format-private.h"

static char *
format_double (double d)
{
  GString *s = g_string_new (NULL);

  scalyr_json_append_double (s, d);
  return g_string_free (s, FALSE);
}

typedef struct {
  double value;
  const char *expected;
} DoubleCase;

static const DoubleCase double_cases[] = {
  { 0.1, "0.1" },
  { 2.0, "2.0" },
  { 1e16, "1e+16" },
  { 1e22, "1e+22" },
  { 1e23, "1e+23" },
  { 1e300, "1e+300" },
  { 1e-300, "1e-300" },
  { 1e-05, "1e-05" },
  { 1.5e-07, "1.5e-07" },
  { 5e-07, "5e-07" },
  { -2.5e-05, "-2.5e-05" },
  { 1.234e-05, "1.234e-05" },
  { 1.23e-18, "1.23e-18" },
  { 0.0001, "0.0001" },
  { 123456789.125, "123456789.125" },
  { 1e15, "1000000000000000.0" },
  { 1234567890123456.0, "1234567890123456.0" },
  { 12345678901234567.0, "1.2345678901234568e+16" },
  { 9007199254740992.0, "9007199254740992.0" },
  { 9.999999999999999e15, "1e+16" },
  { 9223372036854775808.0, "9.223372036854776e+18" },
  { 0.0, "0.0" },
  { -0.0, "-0.0" },
  { 100.0, "100.0" },
  { -1.5, "-1.5" },
  { 1.1, "1.1" },
  { 3.14159, "3.14159" },
  { 0.16667, "0.16667" },
  { 1.0 / 3.0, "0.3333333333333333" },
  { 0.30000000000000004, "0.30000000000000004" },
  { 0.7060894795399043, "0.7060894795399043" },
  { 5.960464477539063e-08, "5.960464477539063e-08" }, /* 2^-24 */
  { 8.0000152587890625, "8.000015258789062" },        /* tie, half-even */
  { 8.0000457763671875, "8.000045776367188" },
  { 5e-324, "5e-324" },
  { 4.9406564584124654e-324, "5e-324" },
  { 2.2250738585072014e-308, "2.2250738585072014e-308" },
  { 2.225073858507201e-308, "2.225073858507201e-308" },
  { 1.7976931348623157e+308, "1.7976931348623157e+308" },
  { -1.7976931348623157e+308, "-1.7976931348623157e+308" },
};

static void
test_double_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (double_cases); i++)
    {
      g_autofree char *got = format_double (double_cases[i].value);

      g_assert_cmpstr (got, ==, double_cases[i].expected);
    }
}

static void
test_double_special (void)
{
  g_autofree char *nan_s = format_double (NAN);
  g_autofree char *inf_s = format_double (INFINITY);
  g_autofree char *ninf_s = format_double (-INFINITY);

  g_assert_cmpstr (nan_s, ==, "NaN");
  g_assert_cmpstr (inf_s, ==, "Infinity");
  g_assert_cmpstr (ninf_s, ==, "-Infinity");
}

static void
test_double_appends (void)
{
  g_autoptr(GString) s = g_string_new ("x=");

  scalyr_json_append_double (s, 2.5);
  g_string_append_c (s, ' ');
  scalyr_json_append_double (s, 1e16);
  g_assert_cmpstr (s->str, ==, "x=2.5 1e+16");
}

/* Splits a repr into its significant digits and its decimal exponent. */
static void
repr_digits (const char *repr,
             char       *digits,
             int        *n_digits,
             int        *exponent)
{
  const char *p = repr;
  int n = 0, point = -1, e = 0, lead_zeros = 0;
  gboolean seen_nonzero = FALSE;

  if (*p == '-')
    p++;
  for (; *p != '\0' && *p != 'e'; p++)
    {
      if (*p == '.')
        {
          point = n + lead_zeros;
          continue;
        }
      g_assert_true (g_ascii_isdigit (*p));
      if (*p == '0' && !seen_nonzero)
        {
          lead_zeros++;
          continue;
        }
      seen_nonzero = TRUE;
      digits[n++] = *p;
    }
  if (point < 0)
    point = n + lead_zeros;
  if (*p == 'e')
    e = atoi (p + 1);
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  *n_digits = n;
  /* value = 0.d1d2... × 10^(point - lead_zeros) × 10^e */
  *exponent = point - lead_zeros - 1 + e;
}

/* The repr reads back exactly, and no string with one digit fewer does
 * (the correctly rounded one and its neighbours are tried). The notation
 * is positional exactly for decimal exponents in [-4, 16). */
static void
check_shortest (double value)
{
  g_autofree char *repr = format_double (value);
  char digits[32];
  int n, exponent;
  double back = g_ascii_strtod (repr, NULL);
  gboolean positional;

  if (back != value || signbit (back) != signbit (value))
    g_error ("%s does not read back as %.17g", repr, value);

  if (value == 0)
    return;

  repr_digits (repr, digits, &n, &exponent);
  g_assert_cmpint (n, >=, 1);
  g_assert_cmpint (n, <=, 17);

  positional = strchr (repr, 'e') == NULL;
  if (positional != (exponent >= -4 && exponent < 16))
    g_error ("%s: wrong notation for decimal exponent %d", repr, exponent);
  if (positional)
    g_assert_nonnull (strchr (repr, '.'));

  if (n > 1)
    {
      char buf[64];
      const char *p;
      guint64 q = 0;
      int last_exponent;

      /* the correctly rounded (n-1)-digit string, and its neighbours */
      g_snprintf (buf, sizeof buf, "%.*e", n - 2, fabs (value));
      for (p = buf; *p != 'e'; p++)
        if (g_ascii_isdigit (*p))
          q = q * 10 + (guint64) (*p - '0');
      last_exponent = atoi (p + 1) - (n - 2);

      for (int delta = -1; delta <= 1; delta++)
        {
          char cand[64];
          guint64 c = q + (guint64) (gint64) delta;

          if (c == 0)
            continue;
          g_snprintf (cand, sizeof cand, "%" G_GUINT64_FORMAT "e%d",
                      c, last_exponent);
          if (g_ascii_strtod (cand, NULL) == fabs (value))
            g_error ("%s is not the shortest: %s also reads back", repr, cand);
        }
    }
}

static void
test_double_random (void)
{
  GRand *rand = g_rand_new_with_seed (20261125);

  for (guint i = 0; i < 6000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double d;

      switch (i % 4)
        {
        case 0: /* any finite bit pattern */
          memcpy (&d, &bits, sizeof d);
          if (!isfinite (d))
            continue;
          break;
        case 1: /* [0, 1), like the test monitor's samples */
          d = g_rand_double (rand);
          break;
        case 2: /* few decimals */
          d = round (g_rand_double_range (rand, -1e6, 1e6) * 1000) / 1000;
          break;
        default: /* subnormals */
          bits &= (G_GUINT64_CONSTANT (1) << 52) - 1;
          memcpy (&d, &bits, sizeof d);
          break;
        }
      check_shortest (d);
    }

  /* powers of two (asymmetric gaps) and their neighbours */
  for (int k = -1074; k <= 1023; k++)
    {
      double p = ldexp (1.0, k);

      check_shortest (p);
      check_shortest (nextafter (p, 0));
      check_shortest (nextafter (p, INFINITY));
    }
  /* powers of ten and their neighbours */
  for (int k = -323; k <= 308; k++)
    {
      char buf[16];
      double p;

      g_snprintf (buf, sizeof buf, "1e%d", k);
      p = g_ascii_strtod (buf, NULL);
      check_shortest (p);
      check_shortest (nextafter (p, 0));
      check_shortest (nextafter (p, INFINITY));
    }

  g_rand_free (rand);
}

static void
test_double_locale (void)
{
  static const char *locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8",
  };
  const char *old = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup (old);
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && !found; i++)
    found = setlocale (LC_NUMERIC, locales[i]) != NULL;
  if (!found)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (double_cases); i++)
    {
      g_autofree char *got = format_double (double_cases[i].value);

      g_assert_cmpstr (got, ==, double_cases[i].expected);
    }
  setlocale (LC_NUMERIC, saved);
}

static void
test_double_perf (void)
{
  GRand *rand = g_rand_new_with_seed (1);
  g_autoptr(GString) s = g_string_new (NULL);
  const guint n = 200000;
  double *values = g_new (double, n);
  const char *labels[] = { "random [0,1)", "3 decimals", "integral" };

  if (!g_test_perf ())
    {
      g_test_skip ("performance test: run with -m perf");
      g_free (values);
      g_rand_free (rand);
      return;
    }

  for (guint kind = 0; kind < G_N_ELEMENTS (labels); kind++)
    {
      double elapsed;

      for (guint i = 0; i < n; i++)
        {
          double r = g_rand_double (rand);

          values[i] = kind == 0 ? r : kind == 1 ? round (r * 1e5) / 1e3
                                                : floor (r * 1e9);
        }
      g_test_timer_start ();
      for (guint i = 0; i < n; i++)
        {
          g_string_truncate (s, 0);
          scalyr_json_append_double (s, values[i]);
        }
      elapsed = g_test_timer_elapsed ();
      g_test_message ("%s: %.0f ns per value", labels[kind], elapsed / n * 1e9);
      g_test_minimized_result (elapsed / n * 1e9, "%s: %.0f ns", labels[kind],
                               elapsed / n * 1e9);
      g_assert_cmpfloat (elapsed / n, <, 2e-6);
    }

  g_free (values);
  g_rand_free (rand);
}

/* ------------------------------------------------------------------------
 * Strings
 * --------------------------------------------------------------------- */

typedef struct {
  const char *input;
  gssize len;
  const char *expected;
} StringCase;

static const StringCase string_cases[] = {
  { "", -1, "\"\"" },
  { "plain text", -1, "\"plain text\"" },
  { "a\"b", -1, "\"a\\\"b\"" },
  { "back\\slash", -1, "\"back\\\\slash\"" },
  { "/", -1, "\"/\"" },
  { "\n\r\t\b\f", -1, "\"\\n\\r\\t\\b\\f\"" },
  { "\x01\x1f", -1, "\"\\u0001\\u001f\"" },
  { "a\0b", 3, "\"a\\u0000b\"" },
  { "a\0b", -1, "\"a\"" },
  { "\x7f", -1, "\"\\u007f\"" },
  { "caf\xc3\xa9 \xe2\x98\x83", -1, "\"caf\\u00e9 \\u2603\"" },
  { "\xf0\x9f\x98\x80", -1, "\"\\ud83d\\ude00\"" },
  { "\xe2\x80\xa8", -1, "\"\\u2028\"" },
  { "\xef\xbb\xbf", -1, "\"\\ufeff\"" },
  { "\xef\xbf\xbf", -1, "\"\\uffff\"" },
  { "\xf4\x8f\xbf\xbf", -1, "\"\\udbff\\udfff\"" },
  /* invalid UTF-8: one U+FFFD per maximal subpart, like Python's
   * bytes.decode("utf-8", "replace") */
  { "\xff", -1, "\"\\ufffd\"" },
  { "a\xc3", -1, "\"a\\ufffd\"" },
  { "\xed\xa0\x80", -1, "\"\\ufffd\\ufffd\\ufffd\"" },
  { "\xf0\x9f\x98", -1, "\"\\ufffd\"" },
  { "\xe0\x80\x80", -1, "\"\\ufffd\\ufffd\\ufffd\"" },
  { "\xc0\xaf", -1, "\"\\ufffd\\ufffd\"" },
  { "\xf4\x90\x80\x80", -1, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
  { "\xe2\x98", -1, "\"\\ufffd\"" },
  { "\xf0\x9f\x98\x80\x80", -1, "\"\\ud83d\\ude00\\ufffd\"" },
  { "\xc3\xa9\xc3", -1, "\"\\u00e9\\ufffd\"" },
  { "\xe2\x98\x83", 2, "\"\\ufffd\"" },
};

static void
test_string_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_cases); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      scalyr_json_append_string (s, string_cases[i].input, string_cases[i].len);
      g_assert_cmpstr (s->str, ==, string_cases[i].expected);
    }
}

static void
test_string_appends (void)
{
  g_autoptr(GString) s = g_string_new ("foo=");

  scalyr_json_append_string (s, "bar", -1);
  g_assert_cmpstr (s->str, ==, "foo=\"bar\"");
}

static void
test_string_all_ascii (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char input[128];

  /* every ASCII character, compared with the output of
   * json.dumps("".join(map(chr, range(1, 128)))) */
  for (int c = 1; c < 128; c++)
    input[c - 1] = (char) c;
  input[127] = '\0';
  scalyr_json_append_string (s, input, -1);
  g_assert_cmpstr (s->str, ==,
                   "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t"
                   "\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013"
                   "\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                   "\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./0123456789"
                   ":;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmno"
                   "pqrstuvwxyz{|}~\\u007f\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-format/double/table", test_double_table);
  g_test_add_func ("/json-format/double/special", test_double_special);
  g_test_add_func ("/json-format/double/appends", test_double_appends);
  g_test_add_func ("/json-format/double/random-shortest", test_double_random);
  g_test_add_func ("/json-format/double/locale", test_double_locale);
  g_test_add_func ("/json-format/double/perf", test_double_perf);
  g_test_add_func ("/json-format/string/table", test_string_table);
  g_test_add_func ("/json-format/string/appends", test_string_appends);
  g_test_add_func ("/json-format/string/all-ascii", test_string_all_ascii);

  return g_test_run ();
}
