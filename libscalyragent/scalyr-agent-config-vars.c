/* scalyr-agent-config-vars.c: import_vars and $NAME substitution
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config-vars-private.h"
#include "scalyr-agent-config-locate-private.h"

#include <string.h>
#include "scalyr-i18n-private.h"

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* ---- import_vars ---- */

typedef struct {
  char *name;
  char *value;
} Var;

static void
var_free (gpointer data)
{
  Var *v = data;
  g_free (v->name);
  g_free (v->value);
  g_free (v);
}

static int
var_longest_first (gconstpointer a,
                   gconstpointer b)
{
  const Var *va = *(const Var * const *) a, *vb = *(const Var * const *) b;
  return (int) strlen (vb->name) - (int) strlen (va->name);
}

GPtrArray *
scalyr_agent_config_collect_vars (JsonObject *root,
                                  const char *path,
                                  const char *text,
                                  GPtrArray  *errors)
{
  GPtrArray *vars = g_ptr_array_new_with_free_func (var_free);
  JsonNode *node = json_object_get_member (root, "import_vars");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return vars;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name = NULL, *fallback = NULL, *env;
      Var *v;

      if (is_string (element))
        name = json_node_get_string (element);
      else if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *o = json_node_get_object (element);
          JsonNode *n = json_object_get_member (o, "var"), *d = json_object_get_member (o, "default");
          if (n != NULL && is_string (n))
            name = json_node_get_string (n);
          if (d != NULL && is_string (d))
            fallback = json_node_get_string (d);
        }
      if (name == NULL || name[0] == '\0')
        continue;
      env = g_getenv (name);
      if (env == NULL && fallback == NULL)
        {
          PathElem at[] = { { "import_vars", 0 }, { NULL, i } };
          g_autofree char *where = scalyr_agent_config_where (path, text, at, 2);

          g_ptr_array_add (errors, g_strdup_printf (_("%s: import_vars: the environment variable %s is not set and "
                                                      "has no default, so $%s would be replaced by nothing; set it, "
                                                      "or give a default: { var: \"%s\", default: \"...\" }"),
                                                    where, name, name, name));
        }
      v = g_new0 (Var, 1);
      v->name = g_strdup (name);
      v->value = g_strdup (env != NULL && env[0] != '\0' ? env : fallback != NULL ? fallback : "");
      g_ptr_array_add (vars, v);
    }
  g_ptr_array_sort (vars, var_longest_first);
  return vars;
}

static char *
substitute_string (const char *text,
                   GPtrArray  *vars)
{
  GString *out;
  const char *p = text;

  if (strchr (text, '$') == NULL)
    return NULL;
  out = g_string_new (NULL);
  while (*p != '\0')
    {
      gboolean replaced = FALSE;

      if (*p == '$')
        for (guint i = 0; i < vars->len; i++)
          {
            Var *v = g_ptr_array_index (vars, i);
            gsize n = strlen (v->name);

            if (strncmp (p + 1, v->name, n) == 0)
              {
                g_string_append (out, v->value);
                p += n + 1;
                replaced = TRUE;
                break;
              }
          }
      if (!replaced)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

void
scalyr_agent_config_substitute (JsonNode  *node,
                 GPtrArray *vars)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &key, &member))
        scalyr_agent_config_substitute (member, vars);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        scalyr_agent_config_substitute (json_array_get_element (array, i), vars);
    }
  else if (is_string (node))
    {
      g_autofree char *replaced = substitute_string (json_node_get_string (node), vars);
      if (replaced != NULL)
        json_node_set_string (node, replaced);
    }
}
