/* scalyr-tool-options.c: one option table per tool, from which come its
 * getopt_long parsing, its --help text and its bash completion
 * SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <scalyrmon.h>

#include "scalyr-tool-options.h"

/* the options every tool has, handled here */
enum {
  OPT_HELP = -100,
  OPT_VERSION = -101,
  OPT_BASH_COMPLETION = -102,
};

static const ScalyrToolOption common_options[] = {
  { "version", 0, OPT_VERSION, SCALYR_TOOL_ARG_NONE, NULL, N_("show the version and exit"), NULL, NULL },
  { "help", 'h', OPT_HELP, SCALYR_TOOL_ARG_NONE, NULL, N_("show this help"), NULL, NULL },
  { "bash-completion", 0, OPT_BASH_COMPLETION, SCALYR_TOOL_ARG_NONE, NULL, NULL, NULL, NULL },
};

void
scalyr_tool_init_i18n (void)
{
  const char *dir = g_getenv ("SCALYR_LOCALEDIR");

  /* the libraries bind the same domain to the same directory (a build
   * tree's catalogues when SCALYR_LOCALEDIR names them) */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* every option of @spec, then the common ones */
static GPtrArray *
all_options (const ScalyrToolSpec *spec)
{
  GPtrArray *all = g_ptr_array_new ();

  for (const ScalyrToolOption *o = spec->options; o->long_name != NULL; o++)
    g_ptr_array_add (all, (gpointer) o);
  for (gsize i = 0; i < G_N_ELEMENTS (common_options); i++)
    g_ptr_array_add (all, (gpointer) &common_options[i]);
  return all;
}

void
scalyr_tool_options_init (ScalyrToolOptions    *self,
                          const ScalyrToolSpec *spec)
{
  g_autoptr(GPtrArray) all = all_options (spec);
  struct option *longs = g_new0 (struct option, all->len + 1);
  GString *shorts = g_string_new (":");

  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);

      longs[i].name = o->long_name;
      longs[i].has_arg = o->arg == SCALYR_TOOL_ARG_NONE ? no_argument : required_argument;
      longs[i].val = o->short_name != 0 ? o->short_name : 256 + (int) i;
      if (o->short_name != 0)
        {
          g_string_append_c (shorts, o->short_name);
          if (o->arg != SCALYR_TOOL_ARG_NONE)
            g_string_append_c (shorts, ':');
        }
    }
  self->spec = spec;
  self->long_options = longs;
  self->short_options = g_string_free (shorts, FALSE);
}

void
scalyr_tool_options_clear (ScalyrToolOptions *self)
{
  g_clear_pointer (&self->long_options, g_free);
  g_clear_pointer (&self->short_options, g_free);
}

static void
print_version (const ScalyrToolSpec *spec)
{
  printf ("%s %s\n", spec->program, SCALYR_VERSION_S);
  /* TRANSLATORS: the version of the library the program runs with */
  printf (_("libscalyrmon %u.%u.%u\n"), scalyr_get_major_version (), scalyr_get_minor_version (),
          scalyr_get_micro_version ());
}

int
scalyr_tool_options_next (ScalyrToolOptions *self,
                          int                argc,
                          char             **argv,
                          const char       **value)
{
  g_autoptr(GPtrArray) all = all_options (self->spec);
  int opt;

  opterr = 0;
  *value = NULL;
  opt = getopt_long (argc, argv, self->short_options, self->long_options, NULL);
  if (opt == -1)
    return SCALYR_TOOL_OPTIONS_END;
  if (opt == ':')
    {
      g_autofree char *message = g_strdup_printf (_("Option %s needs a value."), argv[optind - 1]);
      scalyr_tool_options_usage_error (self->spec, message);
      return SCALYR_TOOL_OPTIONS_EXIT_USAGE;
    }
  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);

      if (opt != (o->short_name != 0 ? o->short_name : 256 + (int) i))
        continue;
      *value = optarg;
      switch (o->id)
        {
        case OPT_HELP:
          {
            g_autofree char *help = scalyr_tool_options_help (self->spec);
            fputs (help, stdout);
          }
          return SCALYR_TOOL_OPTIONS_EXIT_OK;
        case OPT_VERSION:
          print_version (self->spec);
          return SCALYR_TOOL_OPTIONS_EXIT_OK;
        case OPT_BASH_COMPLETION:
          {
            g_autofree char *script = scalyr_tool_options_bash_completion (self->spec);
            fputs (script, stdout);
          }
          return SCALYR_TOOL_OPTIONS_EXIT_OK;
        default:
          return o->id;
        }
    }
  {
    g_autofree char *message = g_strdup_printf (_("Unknown option %s."), argv[optind - 1]);
    scalyr_tool_options_usage_error (self->spec, message);
  }
  return SCALYR_TOOL_OPTIONS_EXIT_USAGE;
}

/* "-c, --config=PATH" */
static char *
option_label (const ScalyrToolOption *o)
{
  GString *label = g_string_new (o->short_name != 0 ? "" : "    ");

  if (o->short_name != 0)
    g_string_append_printf (label, "-%c, ", o->short_name);
  g_string_append_printf (label, "--%s", o->long_name);
  if (o->arg != SCALYR_TOOL_ARG_NONE)
    g_string_append_printf (label, "=%s", _(o->arg_name));
  return g_string_free (label, FALSE);
}

char *
scalyr_tool_options_help (const ScalyrToolSpec *spec)
{
  g_autoptr(GPtrArray) all = all_options (spec);
  GString *out = g_string_new (_(spec->usage));
  glong width = 0;

  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);
      g_autofree char *label = option_label (o);

      if (o->help != NULL)
        width = MAX (width, g_utf8_strlen (label, -1));
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);
      g_autofree char *label = NULL;
      g_auto(GStrv) lines = NULL;

      if (o->help == NULL)
        continue;
      label = option_label (o);
      if (o->default_value != NULL)
        {
          /* TRANSLATORS: the last line of an option's help; %s is its default value */
          g_autofree char *with_default = g_strdup_printf (_("%s\n(default %s)"), _(o->help), o->default_value);
          lines = g_strsplit (with_default, "\n", -1);
        }
      else
        lines = g_strsplit (_(o->help), "\n", -1);
      for (gsize l = 0; lines[l] != NULL; l++)
        {
          const char *left = l == 0 ? label : "";

          g_string_append_printf (out, "  %s", left);
          for (glong pad = g_utf8_strlen (left, -1); pad <= width + 1; pad++)
            g_string_append_c (out, ' ');
          g_string_append_printf (out, "%s\n", lines[l]);
        }
    }
  if (spec->footer != NULL)
    {
      g_string_append_c (out, '\n');
      g_string_append (out, _(spec->footer));
    }
  return g_string_free (out, FALSE);
}

int
scalyr_tool_options_usage_error (const ScalyrToolSpec *spec,
                                 const char           *message)
{
  g_autofree char *help = scalyr_tool_options_help (spec);

  fprintf (stderr, "%s\n\n%s", message, help);
  return 1;
}

/* the bash words of the options of @all that go with @command (NULL:
 * those of no command) */
static char *
option_words (GPtrArray  *all,
              const char *command)
{
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);
      g_auto(GStrv) commands = o->commands != NULL ? g_strsplit (o->commands, " ", -1) : NULL;

      if (o->help == NULL)
        continue;       /* hidden options and aliases are not offered */
      if (commands != NULL && (command == NULL || !g_strv_contains ((const char * const *) commands, command)))
        continue;
      g_string_append_printf (words, "%s--%s", words->len > 0 ? " " : "", o->long_name);
      if (o->short_name != 0)
        g_string_append_printf (words, " -%c", o->short_name);
    }
  return g_string_free (words, FALSE);
}

/* the case patterns ("-c|--config") of the options taking @arg */
static char *
option_patterns (GPtrArray    *all,
                 ScalyrToolArg arg,
                 gboolean      with_equals)
{
  GString *patterns = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      const ScalyrToolOption *o = g_ptr_array_index (all, i);

      if (o->arg != arg)
        continue;
      g_string_append_printf (patterns, "%s--%s%s", patterns->len > 0 ? "|" : "", o->long_name,
                              with_equals ? "=*" : "");
      if (o->short_name != 0 && !with_equals)
        g_string_append_printf (patterns, "|-%c", o->short_name);
    }
  if (patterns->len == 0)
    g_string_append (patterns, "--no-such-option-of-this-kind");
  return g_string_free (patterns, FALSE);
}

char *
scalyr_tool_options_bash_completion (const ScalyrToolSpec *spec)
{
  g_autoptr(GPtrArray) all = all_options (spec);
  g_autofree char *func = g_strdelimit (g_strconcat ("_", spec->program, NULL), "-", '_');
  g_autofree char *file_opts = option_patterns (all, SCALYR_TOOL_ARG_FILE, FALSE);
  g_autofree char *dir_opts = option_patterns (all, SCALYR_TOOL_ARG_DIR, FALSE);
  g_autofree char *value_opts = option_patterns (all, SCALYR_TOOL_ARG_VALUE, FALSE);
  g_autofree char *file_eq = option_patterns (all, SCALYR_TOOL_ARG_FILE, TRUE);
  g_autofree char *dir_eq = option_patterns (all, SCALYR_TOOL_ARG_DIR, TRUE);
  g_autofree char *global = option_words (all, NULL);
  g_autofree char *commands = spec->commands != NULL ? g_strjoinv (" ", (char **) spec->commands) : g_strdup ("");
  GString *out = g_string_new (NULL);

  g_string_append_printf (out,
    "# bash completion for %s; generated by `%s --bash-completion`\n"
    "%s ()\n"
    "{\n"
    "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\" command=\"\" word i\n"
    "  local -a paths=()\n"
    "  local IFS=$'\\n'\n"
    "  COMPREPLY=()\n"
    "  (( COMP_CWORD > 0 )) && prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
    "  for (( i = 1; i < COMP_CWORD; i++ )); do\n"
    "    word=\"${COMP_WORDS[i]}\"\n"
    "    case \" %s \" in *\" $word \"*) [[ -n \"$word\" ]] && command=\"$word\" ;; esac\n",
    spec->program, spec->program, func, commands);
  if (spec->module_path_options != NULL)
    {
      g_auto(GStrv) path_options = g_strsplit (spec->module_path_options, " ", -1);
      g_autofree char *joined = g_strjoinv ("|", path_options);

      g_string_append_printf (out,
        "    case \"$word\" in %s) paths+=(\"$word\" \"${COMP_WORDS[i+1]}\") ;; --*=*) "
        "case \"${word%%%%=*}\" in %s) paths+=(\"$word\") ;; esac ;; esac\n", joined, joined);
    }
  g_string_append_printf (out,
    "  done\n"
    "  case \"$prev\" in\n"
    "    %s) COMPREPLY=( $(compgen -f -- \"$cur\") ); return 0 ;;\n"
    "    %s) COMPREPLY=( $(compgen -d -- \"$cur\") ); return 0 ;;\n"
    "    %s) COMPREPLY=(); return 0 ;;\n"
    "  esac\n"
    "  case \"$cur\" in\n"
    "    %s) COMPREPLY=( $(compgen -f -- \"${cur#*=}\") ); COMPREPLY=( \"${COMPREPLY[@]/#/${cur%%%%=*}=}\" ); "
    "return 0 ;;\n"
    "    %s) COMPREPLY=( $(compgen -d -- \"${cur#*=}\") ); COMPREPLY=( \"${COMPREPLY[@]/#/${cur%%%%=*}=}\" ); "
    "return 0 ;;\n"
    "    -*)\n"
    "      local words=\"%s\"\n"
    "      case \"$command\" in\n",
    file_opts, dir_opts, value_opts, file_eq, dir_eq, global);
  for (gsize c = 0; spec->commands != NULL && spec->commands[c] != NULL; c++)
    {
      g_autofree char *words = option_words (all, spec->commands[c]);

      g_string_append_printf (out, "        %s) words=\"%s\" ;;\n", spec->commands[c], words);
    }
  g_string_append (out,
    "      esac\n"
    "      COMPREPLY=( $(compgen -W \"${words// /$'\\n'}\" -- \"$cur\") )\n"
    "      return 0 ;;\n"
    "  esac\n");
  if (spec->commands != NULL)
    g_string_append_printf (out,
      "  [[ -z \"$command\" ]] && COMPREPLY=( $(compgen -W \"$(printf '%%s\\n' %s)\" -- \"$cur\") )\n",
      commands);
  if (spec->module_names_args != NULL)
    g_string_append_printf (out,
      "  COMPREPLY=( $(compgen -W \"$(\"${COMP_WORDS[0]}\" \"${paths[@]}\" %s 2>/dev/null)\" -- \"$cur\") )\n",
      spec->module_names_args);
  g_string_append_printf (out,
    "  return 0\n"
    "}\n"
    "complete -F %s %s\n", func, spec->program);
  return g_string_free (out, FALSE);
}
