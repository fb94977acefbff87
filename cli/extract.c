/*
 * extract.c — `nianbao extract`: its options, parsed once here for both
 * modes, and the single-file mode (one report, pretty JSON on stdout).
 * Many inputs, a directory, --files-from or any batch option hand over to
 * batch mode (batch.c) with the same parsed options.  '-' is one document
 * on standard input, as in every command.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum {
	DEFAULT_TIMEOUT_SECONDS = 120,
	DEFAULT_MAX_MEMORY_MB = 2048,
	DEFAULT_PROGRESS_SECONDS = 60,
};

static const char extract_usage[] =
	"Usage: nianbao extract [OPTIONS] FILE|-\n"
	"       nianbao extract [OPTIONS] [-j N] [-o OUT.jsonl] [--resume]\n"
	"                       DIR|FILE|ARCHIVE... [--files-from LIST|-]\n"
	"One report (PDF or UTF-8 text; '-': standard input) as contract JSON,\n"
	"pretty; several inputs, a directory, an archive (.zip, .rar, .7z,\n"
	".tar.gz: each member an input, ARCHIVE!/path/in/archive), a list of\n"
	"paths or any batch option: batch mode, one JSON record per input line\n"
	"(JSONL).\n"
	"  --provenance         add per-cell page, box (PDF points) and raw text\n"
	"  -c, --compact        one-line JSON for a single file\n"
	"  --files-from LIST    also extract the paths in LIST, one a line\n"
	"                       ('-': standard input, e.g. from find)\n"
	"  -j, --jobs N         worker processes (default: number of cores)\n"
	"  -o, --output FILE    write JSONL records to FILE (appended whole)\n"
	"  --resume             skip inputs whose bytes (sha256) have a record\n"
	"                       in FILE, whatever their path\n"
	"  --timeout SEC        per-file wall-clock limit in batch (default 120)\n"
	"  --max-memory MB      per-worker address-space limit (default 2048)\n"
	"  --max-pages N        refuse PDFs with more pages (default 2000)\n"
	"  --convert            convert a legacy Word, WPS or RTF file to .docx\n"
	"                       with LibreOffice (soffice on PATH) and read it\n"
	"  --ocr auto|always|never  read scans by OCR: image files and PDF pages\n"
	"                       without a text layer (auto, the default), every\n"
	"                       PDF page (always), or none (never: a scan is\n"
	"                       no_text_layer)\n"
	"  --ocr-dpi N          render PDF pages for OCR at N dpi (default 300)\n"
	"  --tessdata DIR       tesseract's language data (default: its own)\n"
	"  --progress-interval SEC  a progress line every SEC seconds when\n"
	"                       stderr is not a terminal (default 60; 0: never)\n"
	"Options may come before or after the paths; '--' ends them.\n"
	"Exit: 0 ok; 1 batch: some input failed; 2 usage; 3..14 the input's\n"
	"status (see 'nianbao --help').\n";

static int S_usage(const char *what, const char *value)
{
	nb_cli_note("bad %s '%s' (see 'nianbao extract --help')", what, value);
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
		{"files-from", required_argument, NULL, 'F'},
		{"progress-interval", required_argument, NULL, 'I'},
		{"convert", no_argument, NULL, 'C'},
		{"ocr", required_argument, NULL, 'O'},
		{"ocr-dpi", required_argument, NULL, 'D'},
		{"tessdata", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	*opts = (nb_extract_opts){
		.jobs = S_default_jobs(),
		.timeout_seconds = DEFAULT_TIMEOUT_SECONDS,
		.max_memory_mb = DEFAULT_MAX_MEMORY_MB,
		.progress_interval = DEFAULT_PROGRESS_SECONDS,
	};
	long value = 0;
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "cj:o:h", options)) != -1) {
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
		case 'I':
			opts->batch = true;
			if (!S_parse_seconds(optarg, &opts->progress_interval))
				return S_usage("--progress-interval", optarg);
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
		case 'F': opts->files_from = optarg; opts->batch = true; break;
		case 'C': opts->convert = true; break;
		case 'O':
			if (!strcmp(optarg, "auto"))
				opts->options.ocr.mode = NB_OCR_AUTO;
			else if (!strcmp(optarg, "always"))
				opts->options.ocr.mode = NB_OCR_ALWAYS;
			else if (!strcmp(optarg, "never"))
				opts->options.ocr.mode = NB_OCR_NEVER;
			else
				return S_usage("--ocr", optarg);
			break;
		case 'D':
			if (!S_parse_long(optarg, 50, 1200, &value))
				return S_usage("--ocr-dpi", optarg);
			opts->options.ocr.dpi = (int)value;
			break;
		case 'L': opts->options.ocr.tessdata = optarg; break;
		case 'h': opts->help = true; return -1;
		default: return nb_cli_bad_option("extract", opt, argv, options);
		}
	}
	if (opts->resume && !opts->output) {
		nb_cli_note("--resume needs -o FILE (see 'nianbao extract --help')");
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
	unsigned char *data = NULL;
	size_t len = 0;
	nb_error read_err = {0};
	nb_result *result;
	unsigned char head[512];
	if (nb_file_read(path, nb_limits_input_bytes(&opts->options.limits),
	                 &data, &len, &read_err)
	    != NB_OK) {
		/* an archive may be larger than any input: the batch reads it
		 * from the file, a member at a time */
		if (read_err.status == NB_ERR_LIMIT
		    && nb_archive_sniff(head, nb_file_head(path, head, sizeof head))
		               != NB_ARCHIVE_NONE)
			nb_error_set(&read_err, NB_ERR_ARCHIVE, 0, "an archive");
		result = nb_result_refused(&read_err, NULL);
	} else if (nb_archive_sniff(data, len) != NB_ARCHIVE_NONE) {
		/* several inputs, not hashed here: a batch reads its members */
		nb_error_set(&read_err, NB_ERR_ARCHIVE, 0,
		             "an archive on standard input: give its path, and "
		             "its members are read one by one");
		result = nb_result_refused(&read_err, NULL);
		free(data);
	} else {
		char sha256[65];
		nb_sha256_hex(data, len, sha256);
		result = nb_extract_read(ctx, opts, path, data, len, sha256);
		free(data);
	}
	nb_context_free(ctx);
	if (opts->convert)
		nb_convert_cleanup();
	nb_status status = nb_result_status(result);
	const nb_error *error = nb_result_error(result);
	/* a directory, or an archive (several inputs): a batch of one path */
	if ((status == NB_ERR_IO && strcmp(error->message, "is a directory") == 0)
	    || (status == NB_ERR_ARCHIVE && strcmp(path, "-") != 0)) {
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
		fputs(extract_usage, stdout);
		return nb_cli_finish(NB_EXIT_OK);
	}
	int n_inputs = argc - first;
	if (n_inputs == 0 && !opts.files_from) {
		nb_cli_note("extract needs a FILE, a DIR, '-' or --files-from LIST "
		            "(see 'nianbao extract --help')");
		return NB_EXIT_USAGE;
	}
	bool has_stdin = false;
	for (int i = first; i < argc; i++)
		has_stdin |= strcmp(argv[i], "-") == 0;
	if (has_stdin && (opts.batch || n_inputs > 1)) {
		nb_cli_note("'-' is one document on standard input, read alone; "
		            "for a list of paths use --files-from - "
		            "(see 'nianbao extract --help')");
		return NB_EXIT_USAGE;
	}
	if (opts.batch || n_inputs > 1)
		return nb_batch_run(&opts, argv + first, n_inputs);
	return S_extract_one(&opts, argv[first], argv + first);
}
