/*
 * extract.c — `nianbao extract`: its options, parsed once here for both
 * modes, and the single-file mode (one report, pretty JSON on stdout).
 * Many inputs, a directory, '-' or any batch option hand over to batch
 * mode (batch.c) with the same parsed options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { DEFAULT_TIMEOUT_SECONDS = 120, DEFAULT_MAX_MEMORY_MB = 2048 };

static int S_usage(const char *what, const char *value)
{
	nb_cli_note("bad %s '%s' (see 'nianbao --help')", what, value);
	return NB_EXIT_USAGE;
}

static bool S_parse_long(const char *text, long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (!*text || *end || errno || value < min || value > max)
		return false;
	*out = value;
	return true;
}

static bool S_parse_seconds(const char *text, double *out)
{
	char *end = NULL;
	double value = strtod(text, &end);
	if (!*text || *end || !(value >= 0) || value > 1e7)
		return false;
	*out = value;
	return true;
}

static int S_default_jobs(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores < 1 ? 1 : cores > 256 ? 256 : (int)cores;
}

int nb_extract_parse(int argc, char **argv, nb_extract_opts *opts,
                     int *first_input)
{
	static const struct option options[] = {
		{"provenance", no_argument, NULL, 'P'},
		{"compact", no_argument, NULL, 'c'},
		{"jobs", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"resume", no_argument, NULL, 'R'},
		{"timeout", required_argument, NULL, 'T'},
		{"max-memory", required_argument, NULL, 'M'},
		{"max-pages", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	*opts = (nb_extract_opts){
		.jobs = S_default_jobs(),
		.timeout_seconds = DEFAULT_TIMEOUT_SECONDS,
		.max_memory_mb = DEFAULT_MAX_MEMORY_MB,
	};
	long value = 0;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+cj:o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'P': opts->options.flags |= NB_PROVENANCE; break;
		case 'c': opts->compact = true; break;
		case 'j':
			opts->batch = true;
			if (!S_parse_long(optarg, 1, 1024, &value))
				return S_usage("-j", optarg);
			opts->jobs = (int)value;
			break;
		case 'o': opts->output = optarg; opts->batch = true; break;
		case 'R': opts->resume = true; opts->batch = true; break;
		case 'T':
			opts->batch = true;
			if (!S_parse_seconds(optarg, &opts->timeout_seconds))
				return S_usage("--timeout", optarg);
			break;
		case 'M':
			opts->batch = true;
			if (!S_parse_long(optarg, 0, 1L << 24, &value))
				return S_usage("--max-memory", optarg);
			opts->max_memory_mb = (size_t)value;
			break;
		case 'p':
			if (!S_parse_long(optarg, 1, 1000000, &value))
				return S_usage("--max-pages", optarg);
			opts->options.limits.max_pages = (int)value;
			break;
		case 'h': opts->help = true; return -1;
		default: return NB_EXIT_USAGE;
		}
	}
	/* getopt stops at the first path ("+"), so `extract DIR -o OUT` would
	 * take "-o" and OUT for inputs and write the records to stdout: an
	 * overnight run lost.  A missing "-x" path is taken as that mistake. */
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (argv[i][0] == '-' && argv[i][1] != '\0'
		    && stat(argv[i], &st) != 0) {
			nb_cli_note("'%s' after the paths: options go before them "
			            "(see 'nianbao --help')", argv[i]);
			return NB_EXIT_USAGE;
		}
	}
	if (opts->resume && !opts->output) {
		nb_cli_note("--resume needs -o FILE (see 'nianbao --help')");
		return NB_EXIT_USAGE;
	}
	*first_input = optind;
	return -1;
}

/* One report to stdout, pretty unless --compact; a directory is a batch. */
static int S_extract_one(const nb_extract_opts *opts, const char *path,
                         char **as_inputs)
{
	nb_error err = {0};
	nb_context *ctx = nb_context_new(&opts->options, &err);
	if (!ctx) {
		nb_cli_error(path, "%s", err.message);
		return NB_EXIT_USAGE;
	}
	nb_result *result = nb_read_file(ctx, path);
	nb_context_free(ctx);
	nb_status status = nb_result_status(result);
	const nb_error *error = nb_result_error(result);
	if (status == NB_ERR_IO && strcmp(error->message, "is a directory") == 0) {
		nb_result_free(result);
		return nb_batch_run(opts, as_inputs, 1);
	}
	if (status != NB_OK) {
		nb_cli_error(path, "%s", error->message);
		nb_result_free(result);
		return nb_exit_code(status);
	}
	char *text = nb_result_dumps(result, !opts->compact);
	nb_result_free(result);
	fputs(text, stdout);
	free(text);
	return nb_cli_finish(NB_EXIT_OK);
}

int nb_cmd_extract(int argc, char **argv)
{
	nb_extract_opts opts;
	int first = 0;
	int status = nb_extract_parse(argc, argv, &opts, &first);
	if (status >= 0)
		return status;
	if (opts.help) {
		nb_cli_help();
		return nb_cli_finish(NB_EXIT_OK);
	}
	int n_inputs = argc - first;
	if (n_inputs == 0) {
		nb_cli_note("extract needs a FILE, a DIR or '-' (see 'nianbao --help')");
		return NB_EXIT_USAGE;
	}
	if (opts.batch || n_inputs > 1 || strcmp(argv[first], "-") == 0)
		return nb_batch_run(&opts, argv + first, n_inputs);
	return S_extract_one(&opts, argv[first], argv + first);
}
