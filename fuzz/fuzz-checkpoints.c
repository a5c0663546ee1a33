/* fuzz-checkpoints.c: libFuzzer target for the checkpoint file reader
 * SPDX-License-Identifier: Apache-2.0
 *
 * Feeds arbitrary bytes to scalyr_checkpoints_parse() (the text of
 * checkpoints.json) and checks its contract: never fails, a warning xor
 * checkpoints for a corrupt file, each checkpoint keyed by its path with
 * at most 64 further generations of non-zero inode; and each checkpoint
 * written again by scalyr_checkpoint_build() reads back the same (offset,
 * inode, generations, sequence). Memory errors, undefined behaviour and
 * leaks are left to the sanitizers.
 */
#include <string.h>

#include "scalyr-checkpoints-private.h"
#include "fuzz-common.h"


static GHashTable *
new_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) scalyr_checkpoint_free);
}

static void
check_same (const ScalyrCheckpoint *a, const ScalyrCheckpoint *b)
{
  guint na = a->more != NULL ? a->more->len : 0;
  guint nb = b->more != NULL ? b->more->len : 0;

  if (a->offset != b->offset || a->inode != b->inode || a->is_log_file != b->is_log_file
      || a->sequence_number != b->sequence_number || g_strcmp0 (a->sequence_id, b->sequence_id) != 0
      || na != nb)
    abort ();
  for (guint i = 0; i < na; i++)
    {
      const ScalyrCheckpointFile *fa = &g_array_index (a->more, ScalyrCheckpointFile, i);
      const ScalyrCheckpointFile *fb = &g_array_index (b->more, ScalyrCheckpointFile, i);
      if (fa->inode != fb->inode || fa->size != fb->size || fa->is_log_file != fb->is_log_file)
        abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) cps = new_table ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  scalyr_checkpoints_parse (cps, "fuzz.json", (const char *) data, size, warnings);
  if (warnings->len > 1 || (warnings->len == 1 && g_hash_table_size (cps) != 0))
    abort ();

  /* Written again (path, the first generation's size = its offset) and read back. */
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "time");
  json_builder_add_double_value (jb, 1.0);
  json_builder_set_member_name (jb, "checkpoints");
  json_builder_begin_object (jb);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, cps);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      ScalyrCheckpoint *cp = value;
      if (g_strcmp0 (key, cp->path) != 0 || (cp->more != NULL && cp->more->len > 64))
        abort ();
      for (guint i = 0; cp->more != NULL && i < cp->more->len; i++)
        if (g_array_index (cp->more, ScalyrCheckpointFile, i).inode == 0)
          abort ();
      cp->time = 1.0;     /* any double read, not written back as JSON (NaN, inf) */
      scalyr_checkpoint_build (cp, cp->offset, jb);
    }
  json_builder_end_object (jb);
  json_builder_end_object (jb);
  g_autoptr(JsonNode) root = json_builder_get_root (jb);
  g_autofree char *text = json_to_string (root, FALSE);
  g_autoptr(GHashTable) again = new_table ();
  scalyr_checkpoints_parse (again, "again.json", text, strlen (text), NULL);
  if (g_hash_table_size (again) != g_hash_table_size (cps))
    abort ();
  g_hash_table_iter_init (&it, cps);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      ScalyrCheckpoint *b = g_hash_table_lookup (again, key);
      if (b == NULL)
        abort ();
      check_same (value, b);
    }
  return 0;
}
