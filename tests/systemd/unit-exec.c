/* unit-exec.c: runs a program under what the kernel itself can enforce of
 * a systemd unit's [Service] hardening, for the tests of the shipped unit
 * where systemd (and its seccomp filters) cannot run:
 *
 *   unit-exec [--force-mdwe] UNIT-FILE PROGRAM [ARG...]
 *
 * MemoryDenyWriteExecute=yes → prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)
 * (Linux ≥ 6.3: no mapping may become writable and executable, or gain
 * execute; inherited across execve), NoNewPrivileges=yes →
 * PR_SET_NO_NEW_PRIVS, UMask= → umask(). --force-mdwe applies the first
 * whatever the unit says. Exits 77 (skip) when PR_SET_MDWE is needed and
 * the kernel refuses it, 2 on a usage or unit error, else execs PROGRAM.
 * SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_GET_MDWE
#define PR_GET_MDWE 66
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN (1UL << 0)
#endif

#define EXIT_SKIP 77

static gboolean
is_yes (const char *value)
{
  return g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
         g_ascii_strcasecmp (value, "on") == 0 || g_str_equal (value, "1");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GKeyFile) unit = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mdwe = NULL, *nnp = NULL, *umask_text = NULL;
  gboolean force_mdwe = FALSE;
  int first = 1;

  if (argc > 1 && g_str_equal (argv[1], "--force-mdwe"))
    {
      force_mdwe = TRUE;
      first = 2;
    }
  if (argc - first < 2)
    {
      fprintf (stderr, "usage: unit-exec [--force-mdwe] UNIT-FILE PROGRAM [ARG...]\n");
      return 2;
    }
  /* a unit file is a key file but for repeated keys, which are not read here */
  if (!g_key_file_load_from_file (unit, argv[first], G_KEY_FILE_NONE, &error))
    {
      fprintf (stderr, "unit-exec: cannot read the unit %s: %s\n", argv[first], error->message);
      return 2;
    }
  mdwe = g_key_file_get_value (unit, "Service", "MemoryDenyWriteExecute", NULL);
  nnp = g_key_file_get_value (unit, "Service", "NoNewPrivileges", NULL);
  umask_text = g_key_file_get_value (unit, "Service", "UMask", NULL);

  if (force_mdwe || (mdwe != NULL && is_yes (mdwe)))
    {
      if (prctl (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0)
        {
          fprintf (stderr, "unit-exec: this kernel cannot deny writable and executable memory "
                   "(prctl(PR_SET_MDWE) failed: %s; it needs Linux 6.3 or later)\n", g_strerror (errno));
          return EXIT_SKIP;
        }
      fprintf (stderr, "unit-exec: MemoryDenyWriteExecute=yes%s: PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN) set\n",
               force_mdwe ? " (forced)" : "");
    }
  if (nnp != NULL && is_yes (nnp))
    {
      if (prctl (PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0)
        {
          fprintf (stderr, "unit-exec: prctl(PR_SET_NO_NEW_PRIVS) failed: %s\n", g_strerror (errno));
          return 2;
        }
      fprintf (stderr, "unit-exec: NoNewPrivileges=yes: PR_SET_NO_NEW_PRIVS set\n");
    }
  if (umask_text != NULL)
    {
      char *end = NULL;
      long mask = strtol (umask_text, &end, 8);

      if (end == umask_text || *end != '\0' || mask < 0 || mask > 0777)
        {
          fprintf (stderr, "unit-exec: UMask=%s is not an octal mode\n", umask_text);
          return 2;
        }
      umask ((mode_t) mask);
      fprintf (stderr, "unit-exec: UMask=%s applied\n", umask_text);
    }
  fflush (stderr);
  execv (argv[first + 1], argv + first + 1);
  fprintf (stderr, "unit-exec: cannot run %s: %s\n", argv[first + 1], g_strerror (errno));
  return 2;
}
