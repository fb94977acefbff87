/*
 * cli.h — what the nianbao command's own files share: argument parsing of
 * `extract` (single-file and batch alike) and the usage text.
 *
 * The CLI is the top of the house: it parses arguments, dispatches to the
 * commands (cli/, tools/, batch/) and owns the process exit status
 * (README, "Exit status"; the input codes come from base/status.c).
 */
#ifndef NB_CLI_H
#define NB_CLI_H

#include "../batch/batch.h"
#include "../tools/tools.h"

/**
 * Parse the options of `nianbao extract` (argv[0] is "extract").  Returns
 * -1 when they are fine, with *first_input the index of the first path;
 * otherwise the exit status, after printing why.
 */
int nb_extract_parse(int argc, char **argv, nb_extract_opts *opts,
                     int *first_input);

/** Print the full usage text on stdout (`--help`). */
void nb_cli_help(void);

/** Subcommands of cli/ (the others are in tools.h). */
int nb_cmd_extract(int argc, char **argv);
int nb_cmd_text(int argc, char **argv);

#endif
