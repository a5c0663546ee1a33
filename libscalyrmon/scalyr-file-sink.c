/* scalyr-file-sink.c: a metric log file with size-based rotation
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "scalyr-file-sink.h"
#include "scalyr-fd-buffer-private.h"
#include "scalyr-safe-file.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrFileSink:
 *
 * A #ScalyrLogSink appending to a file, rotated by size the way the
 * reference agent's metric logs are: before a write would make the file
 * reach #ScalyrFileSink:max-bytes, `path.N-1` is renamed to `path.N`, ...,
 * `path` to `path.1`, and a new `path` is started; at most
 * #ScalyrFileSink:backup-count old files are kept (with 0 the file is
 * truncated instead). A max-bytes of 0 disables rotation.
 *
 * The file is opened with scalyr_safe_file_open(): a symbolic link, FIFO
 * or device at the path is refused (since 0.2), never written through.
 *
 * Thread safety: as every #ScalyrLogSink, writes may come from any thread;
 * the rotation happens inside a write, under the sink's lock.
 *
 * Since: 0.1
 */
struct _ScalyrFileSink
{
  ScalyrLogSink parent_instance;

  char *path;
  gint64 max_bytes;
  guint backup_count;
  ScalyrFdBuffer out;
  gint64 size;
};

static void scalyr_file_sink_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScalyrFileSink, scalyr_file_sink, SCALYR_TYPE_LOG_SINK,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      scalyr_file_sink_initable_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_MAX_BYTES,
  PROP_BACKUP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
open_file (ScalyrFileSink *self,
           int             extra_flags,
           GError        **error)
{
  struct stat st;
  int fd;

  /* never through a link, never blocking on a FIFO: see scalyr-safe-file.c */
  fd = scalyr_safe_file_open (self->path, O_WRONLY | O_APPEND | O_CREAT | extra_flags, 0644, error);
  if (fd < 0)
    return FALSE;
  self->size = fstat (fd, &st) == 0 ? st.st_size : 0;
  self->out.fd = fd;
  return TRUE;
}

static gboolean
rotate (ScalyrFileSink *self,
        GError        **error)
{
  if (!scalyr_fd_buffer_flush (&self->out, error))
    return FALSE;

  if (self->backup_count == 0)
    {
      if (ftruncate (self->out.fd, 0) < 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not truncate %s: %s"), self->path, g_strerror (saved_errno));
          return FALSE;
        }
      self->size = 0;
      return TRUE;
    }

  for (guint i = self->backup_count - 1; i > 0; i--)
    {
      g_autofree char *from = g_strdup_printf ("%s.%u", self->path, i);
      g_autofree char *to = g_strdup_printf ("%s.%u", self->path, i + 1);

      if (g_rename (from, to) < 0 && errno != ENOENT)
        g_debug ("Could not rename %s to %s: %s", from, to, g_strerror (errno));
    }
  {
    g_autofree char *first = g_strdup_printf ("%s.1", self->path);

    if (g_rename (self->path, first) < 0 && errno != ENOENT)
      {
        int saved_errno = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not rotate %s: %s"), self->path, g_strerror (saved_errno));
        return FALSE;
      }
  }
  close (self->out.fd);
  self->out.fd = -1;
  return open_file (self, O_TRUNC, error);
}

static gboolean
scalyr_file_sink_write (ScalyrLogSink *sink,
                        const char    *data,
                        gsize          len,
                        GError       **error)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (sink);
  gint64 current;

  if (self->out.fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("%s is closed"), self->path);
      return FALSE;
    }

  current = self->size + (gint64) self->out.buf->len;
  if (self->max_bytes > 0 && current > 0 && current + (gint64) len >= self->max_bytes)
    {
      if (!rotate (self, error))
        return FALSE;
    }

  if (self->out.buf->len + len >= SCALYR_FD_BUFFER_MAX)
    self->size += (gint64) (self->out.buf->len + len);
  return scalyr_fd_buffer_append (&self->out, data, len, error);
}

static gboolean
scalyr_file_sink_flush (ScalyrLogSink *sink,
                        GError       **error)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (sink);
  gsize pending = self->out.buf->len;

  if (self->out.fd < 0)
    return TRUE;
  if (!scalyr_fd_buffer_flush (&self->out, error))
    return FALSE;
  self->size += (gint64) pending;
  return TRUE;
}

static void
scalyr_file_sink_close (ScalyrLogSink *sink)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (sink);

  if (self->out.fd >= 0)
    {
      scalyr_file_sink_flush (sink, NULL);
      close (self->out.fd);
      self->out.fd = -1;
    }
}

static gboolean
scalyr_file_sink_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (initable);

  (void) cancellable;
  g_return_val_if_fail (self->path != NULL, FALSE);
  return open_file (self, 0, error);
}

static void
scalyr_file_sink_initable_iface_init (GInitableIface *iface)
{
  iface->init = scalyr_file_sink_initable_init;
}

static void
scalyr_file_sink_finalize (GObject *object)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (object);

  /* dispose (in the parent) closed the file */
  scalyr_fd_buffer_clear (&self->out);
  g_free (self->path);
  G_OBJECT_CLASS (scalyr_file_sink_parent_class)->finalize (object);
}

static void
scalyr_file_sink_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_MAX_BYTES:
      g_value_set_int64 (value, self->max_bytes);
      break;
    case PROP_BACKUP_COUNT:
      g_value_set_uint (value, self->backup_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_file_sink_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScalyrFileSink *self = SCALYR_FILE_SINK (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_MAX_BYTES:
      self->max_bytes = g_value_get_int64 (value);
      break;
    case PROP_BACKUP_COUNT:
      self->backup_count = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_file_sink_class_init (ScalyrFileSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScalyrLogSinkClass *sink_class = SCALYR_LOG_SINK_CLASS (klass);

  object_class->finalize = scalyr_file_sink_finalize;
  object_class->get_property = scalyr_file_sink_get_property;
  object_class->set_property = scalyr_file_sink_set_property;
  sink_class->write = scalyr_file_sink_write;
  sink_class->flush = scalyr_file_sink_flush;
  sink_class->close = scalyr_file_sink_close;

  /**
   * ScalyrFileSink:path:
   *
   * The path of the log file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrFileSink:max-bytes:
   *
   * The size at which the file is rotated (`log_rotation_max_bytes`);
   * 0 disables rotation.
   */
  properties[PROP_MAX_BYTES] =
    g_param_spec_int64 ("max-bytes", NULL, NULL,
                        0, G_MAXINT64, 20 * 1024 * 1024,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrFileSink:backup-count:
   *
   * How many rotated files are kept (`log_rotation_backup_count`).
   */
  properties[PROP_BACKUP_COUNT] =
    g_param_spec_uint ("backup-count", NULL, NULL,
                       0, 1000, 2,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_file_sink_init (ScalyrFileSink *self)
{
  scalyr_fd_buffer_init (&self->out, -1);
}

/**
 * scalyr_file_sink_new:
 * @path: (type filename): the log file, created if missing, appended to
 * @max_bytes: rotate when the file would reach this size; 0 never rotates
 * @backup_count: rotated files to keep
 * @error: return location for a #GError
 *
 * Opens a log file sink. Not rate limited until
 * scalyr_log_sink_set_rate_limit() is called.
 *
 * Returns: (transfer full): a new #ScalyrFileSink, or %NULL if the file
 *   cannot be opened
 *
 * Since: 0.1
 */
ScalyrLogSink *
scalyr_file_sink_new (const char *path,
                      gint64      max_bytes,
                      guint       backup_count,
                      GError    **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_bytes >= 0, NULL);

  return g_initable_new (SCALYR_TYPE_FILE_SINK, NULL, error,
                         "path", path,
                         "max-bytes", max_bytes,
                         "backup-count", backup_count,
                         NULL);
}

/**
 * scalyr_file_sink_get_path:
 * @self: a #ScalyrFileSink
 *
 * Returns: (type filename): the path of the log file
 *
 * Since: 0.1
 */
const char *
scalyr_file_sink_get_path (ScalyrFileSink *self)
{
  g_return_val_if_fail (SCALYR_IS_FILE_SINK (self), NULL);
  return self->path;
}

/**
 * scalyr_file_sink_get_max_bytes:
 * @self: a #ScalyrFileSink
 *
 * Returns: the rotation size, 0 if the file is never rotated
 *
 * Since: 0.1
 */
gint64
scalyr_file_sink_get_max_bytes (ScalyrFileSink *self)
{
  g_return_val_if_fail (SCALYR_IS_FILE_SINK (self), 0);
  return self->max_bytes;
}

/**
 * scalyr_file_sink_get_backup_count:
 * @self: a #ScalyrFileSink
 *
 * Returns: how many rotated files are kept
 *
 * Since: 0.1
 */
guint
scalyr_file_sink_get_backup_count (ScalyrFileSink *self)
{
  g_return_val_if_fail (SCALYR_IS_FILE_SINK (self), 0);
  return self->backup_count;
}
