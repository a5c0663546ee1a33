/* scalyr-tool-options.h: one option table per tool, from which come its
 * getopt_long parsing, its --help text and its bash completion
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* what an option's value is, for the completion */
typedef enum {
  SCALYR_TOOL_ARG_NONE,     /* a flag */
  SCALYR_TOOL_ARG_VALUE,    /* a number or text: nothing to complete */
  SCALYR_TOOL_ARG_FILE,
  SCALYR_TOOL_ARG_DIR,
} ScalyrToolArg;

typedef struct {
  const char *long_name;
  char short_name;          /* 0: none */
  int id;                   /* what the parser returns for it: > 0 */
  ScalyrToolArg arg;
  const char *arg_name;     /* N_(): "PATH", shown in --help */
  const char *help;         /* N_(): lines separated by '\n'; NULL: hidden */
  const char *commands;     /* the commands it goes with ("status list-monitors"), NULL: any */
  const char *default_value; /* shown as a last help line "(default ...)", or NULL */
} ScalyrToolOption;

typedef struct {
  const char *program;
  const char *usage;        /* N_(): the usage lines and what the tool does */
  const char *footer;       /* N_(): after the options (exit statuses), or NULL */
  const char * const *commands;       /* the command words, NULL-terminated, or NULL */
  const ScalyrToolOption *options;    /* ends with a zeroed entry */
  /* a command line printing the names of the monitor modules, completing
   * the tool's positional argument; NULL: none (the module path options
   * of the command line being completed are passed to it) */
  const char *module_names_args;
  const char *module_path_options;    /* "-p --monitor-module-path" */
} ScalyrToolSpec;

/* what scalyr_tool_options_next() returns besides an option id */
enum {
  SCALYR_TOOL_OPTIONS_END = -1,       /* no more options: operands from optind */
  SCALYR_TOOL_OPTIONS_EXIT_OK = -2,   /* --help, --version or --bash-completion printed */
  SCALYR_TOOL_OPTIONS_EXIT_USAGE = -3 /* a usage error printed, with the help */
};

typedef struct {
  const ScalyrToolSpec *spec;
  void *long_options;          /* struct option[] */
  char *short_options;
} ScalyrToolOptions;

void  scalyr_tool_options_init   (ScalyrToolOptions    *self,
                                  const ScalyrToolSpec *spec);
void  scalyr_tool_options_clear  (ScalyrToolOptions    *self);
/* the next option's id (its value in *@value), or a SCALYR_TOOL_OPTIONS_* */
int   scalyr_tool_options_next   (ScalyrToolOptions    *self,
                                  int                   argc,
                                  char                **argv,
                                  const char          **value);
/* the --help text */
char *scalyr_tool_options_help   (const ScalyrToolSpec *spec);
/* prints @message, then the help, to standard error; EXIT_USAGE (1) */
int   scalyr_tool_options_usage_error (const ScalyrToolSpec *spec,
                                       const char           *message);
/* the bash completion script */
char *scalyr_tool_options_bash_completion (const ScalyrToolSpec *spec);

/* gettext set up for a tool's messages */
void  scalyr_tool_init_i18n      (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScalyrToolOptions, scalyr_tool_options_clear)

G_END_DECLS
