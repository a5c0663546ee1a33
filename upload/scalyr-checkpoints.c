/* scalyr-checkpoints.c: checkpoint files (upload-protocol.md §6)
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-checkpoints-private.h"
#include "scalyr-uploader.h"
#include "scalyr-clamp-private.h"

#include <scalyrmon.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "scalyr-i18n-private.h"

void
scalyr_checkpoint_free (ScalyrCheckpoint *cp)
{
  if (cp == NULL)
    return;
  g_free (cp->path);
  g_free (cp->sequence_id);
  if (cp->more != NULL)
    g_array_unref (cp->more);
  g_free (cp);
}

void
scalyr_checkpoint_build (const ScalyrCheckpoint *cp,
                         guint64                 size,
                         JsonBuilder            *jb)
{
  json_builder_set_member_name (jb, cp->path);
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "position");
  json_builder_add_int_value (jb, 0);
  json_builder_set_member_name (jb, "pending_files");
  json_builder_begin_array (jb);
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "position_start");
  json_builder_add_int_value (jb, -(gint64) cp->offset);
  json_builder_set_member_name (jb, "position_end");
  json_builder_add_int_value (jb, (gint64) size - (gint64) cp->offset);
  json_builder_set_member_name (jb, "last_known_size");
  json_builder_add_int_value (jb, (gint64) size);
  json_builder_set_member_name (jb, "is_log_file");
  json_builder_add_boolean_value (jb, cp->is_log_file);
  json_builder_set_member_name (jb, "inode");
  json_builder_add_int_value (jb, (gint64) cp->inode);
  json_builder_end_object (jb);
  /* Modular arithmetic: no overflow whatever the sizes read. */
  guint64 start = size - cp->offset;
  for (guint i = 0; cp->more != NULL && i < cp->more->len; i++)
    {
      const ScalyrCheckpointFile *f = &g_array_index (cp->more, ScalyrCheckpointFile, i);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "position_start");
      json_builder_add_int_value (jb, (gint64) start);
      start += f->size;
      json_builder_set_member_name (jb, "position_end");
      json_builder_add_int_value (jb, (gint64) start);
      json_builder_set_member_name (jb, "last_known_size");
      json_builder_add_int_value (jb, (gint64) f->size);
      json_builder_set_member_name (jb, "is_log_file");
      json_builder_add_boolean_value (jb, f->is_log_file);
      json_builder_set_member_name (jb, "inode");
      json_builder_add_int_value (jb, (gint64) f->inode);
      json_builder_end_object (jb);
    }
  json_builder_end_array (jb);
  if (cp->sequence_id != NULL)
    {
      json_builder_set_member_name (jb, "sequence_id");
      json_builder_add_string_value (jb, cp->sequence_id);
    }
  json_builder_set_member_name (jb, "sequence_number");
  json_builder_add_int_value (jb, (gint64) cp->sequence_number);
  json_builder_set_member_name (jb, "time");
  json_builder_add_double_value (jb, cp->time);
  json_builder_end_object (jb);
}

static gint64
member_int (JsonObject *obj, const char *name, gint64 fallback)
{
  JsonNode *n = json_object_get_member (obj, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  GType t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    return json_node_get_int (n);
  if (t == G_TYPE_DOUBLE)
    return scalyr_clamp_double_to_int64 (json_node_get_double (n), G_MININT64, G_MAXINT64);   /* the file may hold 1e300 */
  return fallback;
}

static double
member_double (JsonObject *obj, const char *name, double fallback)
{
  JsonNode *n = json_object_get_member (obj, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  GType t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    return (double) json_node_get_int (n);
  if (t == G_TYPE_DOUBLE)
    return json_node_get_double (n);
  return fallback;
}

static ScalyrCheckpoint *
checkpoint_from_json (const char *path, JsonObject *entry, double file_time)
{
  g_autoptr(ScalyrCheckpoint) cp = g_new0 (ScalyrCheckpoint, 1);
  gint64 position = member_int (entry, "position", 0);
  JsonNode *pending = json_object_get_member (entry, "pending_files");

  cp->path = g_strdup (path);
  cp->is_log_file = TRUE;
  cp->time = member_double (entry, "time", file_time);
  if (pending == NULL || !JSON_NODE_HOLDS_ARRAY (pending))
    return NULL;
  JsonArray *files = json_node_get_array (pending);
  if (json_array_get_length (files) == 0)
    return NULL;
  JsonNode *first = json_array_get_element (files, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  JsonObject *pf = json_node_get_object (first);
  gint64 start = member_int (pf, "position_start", 1);
  if (start > 0 || position < start)
    return NULL;
  cp->offset = (guint64) position - (guint64) start;
  if (cp->offset > G_MAXINT64)
    return NULL;
  cp->inode = (guint64) member_int (pf, "inode", 0);
  JsonNode *lf = json_object_get_member (pf, "is_log_file");
  if (lf != NULL && JSON_NODE_HOLDS_VALUE (lf) && json_node_get_value_type (lf) == G_TYPE_BOOLEAN)
    cp->is_log_file = json_node_get_boolean (lf);
  /* The generations after the first (written by this agent while a log
   * was rotated more than once), each read from 0. */
  for (guint i = 1; i < json_array_get_length (files) && i <= 64; i++)
    {
      JsonNode *n = json_array_get_element (files, i);
      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      JsonObject *o = json_node_get_object (n);
      ScalyrCheckpointFile f = { (guint64) member_int (o, "inode", 0),
                                 (guint64) MAX (member_int (o, "last_known_size", 0), 0), TRUE };
      JsonNode *flf = json_object_get_member (o, "is_log_file");
      if (flf != NULL && JSON_NODE_HOLDS_VALUE (flf) && json_node_get_value_type (flf) == G_TYPE_BOOLEAN)
        f.is_log_file = json_node_get_boolean (flf);
      if (f.inode == 0)
        continue;
      if (cp->more == NULL)
        cp->more = g_array_new (FALSE, FALSE, sizeof (ScalyrCheckpointFile));
      g_array_append_val (cp->more, f);
    }
  JsonNode *sin = json_object_get_member (entry, "sequence_id");
  const char *si = sin != NULL && JSON_NODE_HOLDS_VALUE (sin) && json_node_get_value_type (sin) == G_TYPE_STRING
                   ? json_node_get_string (sin) : NULL;
  cp->sequence_id = g_strdup (si);
  cp->sequence_number = (guint64) MAX (member_int (entry, "sequence_number", 0), 0);
  return g_steal_pointer (&cp);
}

void
scalyr_checkpoints_parse (GHashTable *out,
                          const char *file,
                          const char *data,
                          gsize       len,
                          GPtrArray  *warnings)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) len, &error))
    {
      if (warnings != NULL)
        g_ptr_array_add (warnings, g_strdup_printf (_("ignoring unreadable checkpoint file %s: %s"),
                                                    file, error->message));
      return;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto corrupt;
  JsonObject *top = json_node_get_object (root);
  double file_time = member_double (top, "time", 0);
  JsonNode *cps = json_object_get_member (top, "checkpoints");
  if (cps == NULL || !JSON_NODE_HOLDS_OBJECT (cps))
    goto corrupt;

  JsonObjectIter iter;
  const char *path;
  JsonNode *entry;
  json_object_iter_init (&iter, json_node_get_object (cps));
  while (json_object_iter_next (&iter, &path, &entry))
    {
      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      ScalyrCheckpoint *cp = checkpoint_from_json (path, json_node_get_object (entry), file_time);
      if (cp == NULL)
        continue;
      ScalyrCheckpoint *old = g_hash_table_lookup (out, path);
      if (old == NULL || old->time <= cp->time)
        g_hash_table_replace (out, cp->path, cp);
      else
        scalyr_checkpoint_free (cp);
    }
  return;

corrupt:
  if (warnings != NULL)
    g_ptr_array_add (warnings, g_strdup_printf (_("ignoring corrupt checkpoint file %s"), file));
}

static void
load_one (GHashTable *out, const char *file, GPtrArray *warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (file, FALSE, &error);

  if (mapped == NULL)
    {
      if (warnings != NULL)
        g_ptr_array_add (warnings, g_strdup_printf (_("ignoring unreadable checkpoint file %s: %s"),
                                                    file, error->message));
      return;
    }
  scalyr_checkpoints_parse (out, file, g_mapped_file_get_contents (mapped),
                            g_mapped_file_get_length (mapped), warnings);
}

GHashTable *
scalyr_checkpoints_load (const char *dir,
                         GPtrArray  *warnings)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) scalyr_checkpoint_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return out;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_equal (name, "checkpoints.json")
          || ((g_str_has_prefix (name, "checkpoints-") || g_str_has_prefix (name, "active-checkpoints-"))
              && g_str_has_suffix (name, ".json")))
        g_ptr_array_add (names, g_strdup (name));
    }
  /* Consolidated first, worker files, then their active twins: on equal
   * times the later file wins. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < names->len; i++)
      {
        const char *n = names->pdata[i];
        guint kind = g_str_equal (n, "checkpoints.json") ? 0 : g_str_has_prefix (n, "active-") ? 2 : 1;
        if (kind != pass)
          continue;
        g_autofree char *file = g_build_filename (dir, n, NULL);
        load_one (out, file, warnings);
      }
  return out;
}

/* Written as `name~` (created afresh, never through a link) renamed over
 * @name, fsynced: see scalyr_safe_file_replace(). */
gboolean
scalyr_checkpoints_write_file (const char  *dir,
                               const char  *name,
                               const char  *json,
                               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local = NULL;

  if (scalyr_safe_file_replace (path, json, -1, 0600, TRUE, &local))
    return TRUE;
  g_set_error_literal (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_IO, local->message);
  return FALSE;
}
