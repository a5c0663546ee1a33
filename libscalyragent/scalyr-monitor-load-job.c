/* scalyr-monitor-load-job.c: building one monitor (loading its module,
 * then its initialize) on a thread of its own, waited for with a deadline
 *
 * A Python or JavaScript module runs code when it is imported, and a
 * monitor's initialize is the module's own code too: either may never
 * return (an endless loop, a blocking call at the top level). Neither can
 * be interrupted from the outside in general (a C-level blocking call in
 * Python ignores PyErr_SetInterrupt; a JavaScript context cannot be
 * entered from another thread), so each monitor is built on a thread of
 * its own and its owner waits with a deadline: past it, the monitor is
 * reported as failed and the thread is abandoned; it keeps its own
 * references and frees them whenever (if ever) the build returns. A
 * process that must exit with such a thread still running leaves with
 * _exit() after flushing its files (see scalyr-agent and
 * scalyr-run-monitor).
 *
 * Python modules load one at a time: two imports at once can deadlock
 * (one thread holds the GIL and waits for GLib's class-init lock while the
 * other holds that lock in a Python class's class_init and waits for the
 * GIL). A Python job waits for its turn, and its deadline counts from
 * then; the turn passes on when the job ends or when its deadline passes
 * (a module stuck in its top level gives the next one its turn, after the
 * deadline, rather than holding up every Python module for ever).
 * JavaScript modules take the same turn: both languages load typelibs
 * through libgirepository, which is not thread-safe (a Python import
 * beside a GJS start failed with "Could not locate g_option_error_quark",
 * the GLib typelib's library list being built by the other thread).
 *
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-load-job-private.h"
#include "scalyr-monitor-manager-private.h"
#include "scalyr-i18n-private.h"

struct _ScalyrMonitorLoadJob
{
  gatomicrefcount ref;
  char *name;
  ScalyrMonitorRegistry *registry;
  JsonObject *entry;
  ScalyrAgentLogger *logger;
  double sample_interval;
  gint64 timeout_us;

  /* under the lock */
  gint64 started_us;               /* monotonic; 0 while waiting for its turn */
  gboolean done;
  ScalyrMonitor *monitor;
  GError *error;
};

/* one lock and condition for every job: waiting for "all of these" is then
 * one wait */
static GMutex jobs_lock;
static GCond jobs_done;
/* the Python job whose turn it is, and when its turn ends */
static ScalyrMonitorLoadJob *python_turn;
static gint64 python_turn_end_us;

/* Waits for the Python turn (see above); called with the lock held. */
static void
take_python_turn_locked (ScalyrMonitorLoadJob *job)
{
  while (python_turn != NULL && g_get_monotonic_time () < python_turn_end_us)
    g_cond_wait_until (&jobs_done, &jobs_lock, python_turn_end_us);
  python_turn = job;
  job->started_us = g_get_monotonic_time ();
  python_turn_end_us = job->started_us + job->timeout_us;
}

static JsonObject *copy_object (JsonObject *object);

/* json-glib's reference counts are not atomic: the job's thread gets a
 * tree of its own, shared with no other thread */
static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_alloc ();
      json_node_init_object (copy, NULL);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, copy_node (json_array_get_element (array, i)));
        copy = json_node_alloc ();
        json_node_init_array (copy, NULL);
        json_node_take_array (copy, out);
        return copy;
      }
    default:
      return json_node_copy (node);
    }
}

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (out, name, copy_node (member));
  return out;
}

static gpointer
load_thread (gpointer data)
{
  ScalyrMonitorLoadJob *job = data;
  GError *error = NULL;
  ScalyrMonitor *monitor;
  g_autofree char *language = scalyr_monitor_registry_dup_language (
    job->registry, json_object_get_string_member_with_default (job->entry, "module", ""));

  g_mutex_lock (&jobs_lock);
  if (g_strcmp0 (language, "Python") == 0 || g_strcmp0 (language, "JavaScript") == 0)
    take_python_turn_locked (job);
  else
    job->started_us = g_get_monotonic_time ();
  g_mutex_unlock (&jobs_lock);

  /* its fields checked against the options its module declares */
  monitor = scalyr_monitor_manager_create_monitor (job->registry, job->entry, job->name, job->logger,
                                                   job->sample_interval, &error);
  g_mutex_lock (&jobs_lock);
  if (python_turn == job)
    python_turn = NULL;
  job->monitor = monitor;
  job->error = error;
  job->done = TRUE;
  g_cond_broadcast (&jobs_done);
  g_mutex_unlock (&jobs_lock);
  scalyr_monitor_load_job_unref (job);
  return NULL;
}

/* Starts building the monitor of @entry (as
 * scalyr_monitor_registry_create_monitor()) on a new thread, to be done
 * within @timeout_ms of its start (see scalyr_monitor_load_job_get_deadline()).
 * @name names the monitor in messages. */
ScalyrMonitorLoadJob *
scalyr_monitor_load_job_start (ScalyrMonitorRegistry *registry,
                               JsonObject            *entry,
                               ScalyrAgentLogger     *logger,
                               double                 sample_interval,
                               guint                  timeout_ms,
                               const char            *name)
{
  ScalyrMonitorLoadJob *job = g_new0 (ScalyrMonitorLoadJob, 1);
  g_autofree char *thread_name = g_strdup_printf ("load:%s", name);
  GError *error = NULL;
  GThread *thread;

  g_atomic_ref_count_init (&job->ref);
  job->name = g_strdup (name);
  job->registry = g_object_ref (registry);
  job->entry = copy_object (entry);
  job->logger = logger != NULL ? g_object_ref (logger) : NULL;
  job->sample_interval = sample_interval;
  job->timeout_us = (gint64) timeout_ms * 1000;

  thread = g_thread_try_new (thread_name, load_thread, scalyr_monitor_load_job_ref (job), &error);
  if (thread == NULL)
    {
      g_mutex_lock (&jobs_lock);
      job->error = error;
      job->done = TRUE;
      job->started_us = g_get_monotonic_time ();
      g_mutex_unlock (&jobs_lock);
      scalyr_monitor_load_job_unref (job);
    }
  else
    g_thread_unref (thread);
  return job;
}

ScalyrMonitorLoadJob *
scalyr_monitor_load_job_ref (ScalyrMonitorLoadJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

void
scalyr_monitor_load_job_unref (ScalyrMonitorLoadJob *job)
{
  if (job == NULL || !g_atomic_ref_count_dec (&job->ref))
    return;
  g_free (job->name);
  g_object_unref (job->registry);
  json_object_unref (job->entry);
  g_clear_object (&job->logger);
  g_clear_object (&job->monitor);
  g_clear_error (&job->error);
  g_free (job);
}

const char *
scalyr_monitor_load_job_get_name (ScalyrMonitorLoadJob *job)
{
  return job->name;
}

/* When the job is late (monotonic): its start (once its turn came) plus
 * its timeout; G_MAXINT64 while it waits for its turn. */
gint64
scalyr_monitor_load_job_get_deadline (ScalyrMonitorLoadJob *job)
{
  gint64 deadline;

  g_mutex_lock (&jobs_lock);
  deadline = job->started_us > 0 ? job->started_us + job->timeout_us : G_MAXINT64;
  g_mutex_unlock (&jobs_lock);
  return deadline;
}

gboolean
scalyr_monitor_load_job_is_done (ScalyrMonitorLoadJob *job)
{
  gboolean done;

  g_mutex_lock (&jobs_lock);
  done = job->done;
  g_mutex_unlock (&jobs_lock);
  return done;
}

/* The monitor built, or NULL with @error set; only once the job is done. */
ScalyrMonitor *
scalyr_monitor_load_job_finish (ScalyrMonitorLoadJob  *job,
                                GError               **error)
{
  ScalyrMonitor *monitor;

  g_mutex_lock (&jobs_lock);
  g_assert (job->done);
  monitor = g_steal_pointer (&job->monitor);
  if (monitor == NULL && job->error != NULL)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else if (monitor == NULL)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED, _("%s: already taken"), job->name);
  g_mutex_unlock (&jobs_lock);
  return monitor;
}

static guint
count_pending_locked (GPtrArray *jobs)
{
  guint n = 0;

  for (guint i = 0; i < jobs->len; i++)
    if (!((ScalyrMonitorLoadJob *) g_ptr_array_index (jobs, i))->done)
      n++;
  return n;
}

/* How many of @jobs are not done. */
guint
scalyr_monitor_load_job_count_pending (GPtrArray *jobs)
{
  guint n;

  g_mutex_lock (&jobs_lock);
  n = count_pending_locked (jobs);
  g_mutex_unlock (&jobs_lock);
  return n;
}

/* Waits until every job of @jobs is done (TRUE) or until @deadline_us on
 * the monotonic clock (FALSE). */
gboolean
scalyr_monitor_load_job_wait_all (GPtrArray *jobs,
                                  gint64     deadline_us)
{
  gboolean all;

  g_mutex_lock (&jobs_lock);
  while (!(all = count_pending_locked (jobs) == 0))
    if (!g_cond_wait_until (&jobs_done, &jobs_lock, deadline_us))
      {
        all = count_pending_locked (jobs) == 0;
        break;
      }
  g_mutex_unlock (&jobs_lock);
  return all;
}
