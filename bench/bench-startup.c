/* bench-startup.c: time from spawning a command to the first byte on its
 * standard output, and the command's peak RSS (VmHWM) after it has run for
 * a while. Usage: bench-startup RUNS SECONDS COMMAND [ARGS...]
 * SPDX-License-Identifier: Apache-2.0 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

extern char **environ;

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
status_kb (pid_t       pid,
           const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

static long
uss_kb (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  g_autofree char *text = NULL;
  const char *p;
  long total = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  if ((p = strstr (text, "Private_Clean:")) != NULL)
    total += strtol (p + 14, NULL, 10);
  if ((p = strstr (text, "Private_Dirty:")) != NULL)
    total += strtol (p + 14, NULL, 10);
  return total;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  int runs, secs;
  double *times;
  long hwm = 0, rss = 0, uss = 0;

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s RUNS SECONDS COMMAND [ARGS...]\n", argv[0]);
      return 2;
    }
  runs = atoi (argv[1]);
  secs = atoi (argv[2]);
  times = g_new0 (double, runs);

  for (int i = 0; i < runs; i++)
    {
      posix_spawn_file_actions_t actions;
      int pipefd[2];
      pid_t pid;
      char c;
      double start;
      int status;

      if (pipe (pipefd) < 0)
        return 1;
      posix_spawn_file_actions_init (&actions);
      posix_spawn_file_actions_adddup2 (&actions, pipefd[1], 1);
      posix_spawn_file_actions_addclose (&actions, pipefd[0]);
      posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
      start = now_ms ();
      if (posix_spawnp (&pid, argv[3], &actions, NULL, argv + 3, environ) != 0)
        {
          perror ("posix_spawnp");
          return 1;
        }
      close (pipefd[1]);
      if (read (pipefd[0], &c, 1) != 1)
        {
          fprintf (stderr, "no output from %s\n", argv[3]);
          return 1;
        }
      times[i] = now_ms () - start;
      if (i == runs - 1 && secs > 0)
        {
          char buf[4096];
          double end = now_ms () + secs * 1000.0;

          /* drain its output while it runs */
          while (now_ms () < end)
            {
              fd_set set;
              struct timeval tv = { 0, 100000 };
              FD_ZERO (&set);
              FD_SET (pipefd[0], &set);
              if (select (pipefd[0] + 1, &set, NULL, NULL, &tv) > 0 && read (pipefd[0], buf, sizeof buf) <= 0)
                break;
            }
          hwm = status_kb (pid, "VmHWM:");
          rss = status_kb (pid, "VmRSS:");
          uss = uss_kb (pid);
        }
      kill (pid, SIGTERM);
      close (pipefd[0]);
      /* a command that does not stop within 2 s is killed */
      for (int w = 0; w < 200 && waitpid (pid, &status, WNOHANG) == 0; w++)
        g_usleep (10000);
      if (waitpid (pid, &status, WNOHANG) == 0)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
        }
      posix_spawn_file_actions_destroy (&actions);
    }

  qsort (times, runs, sizeof (double), compare_double);
  printf ("start to first output: median %.2f ms, min %.2f ms, max %.2f ms (%d runs)\n",
          times[runs / 2], times[0], times[runs - 1], runs);
  if (secs > 0)
    printf ("after %d s: peak RSS (VmHWM) %ld kB = %.2f MB, RSS %ld kB, USS %ld kB\n",
            secs, hwm, hwm / 1024.0, rss, uss);
  g_free (times);
  return 0;
}
