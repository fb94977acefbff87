/*
 * batch.c — `nianbao extract` over many inputs, for whole archives left to
 * run overnight: options, the output file and --resume, the summary line
 * and the exit status.  The work itself is done by a pool of worker
 * processes (pool.c, worker.c) over the inputs collected by inputs.c.
 *
 * What a user can rely on (docs/batch.md says the same):
 *  - every input gets exactly one JSONL record, a report or an error record
 *    {"source": {"file", "sha256"}, "error": {"code", "message"}}, in
 *    completion order, each written whole with one write();
 *  - `-o OUT` refuses an existing non-empty OUT unless --resume is given,
 *    so an overnight run is never appended to or overwritten by accident;
 *    with --resume, a (file, sha256) already in OUT is skipped and a torn
 *    last line left by a killed run is cut off first;
 *  - bytes (a sha256) that already have a record, from OUT or earlier in
 *    this run, are not extracted again: another path with them gets a
 *    duplicate record {"source": {"file", "sha256"}, "duplicate_of"};
 *  - one `nianbao: error: FILE: MESSAGE` line per failed input on stderr,
 *    a progress line when stderr is a terminal, and always a summary line;
 *  - exit 0 when every input gave a report, 1 when any failed, 2 for a usage
 *    error or when the output could not be written;
 *  - SIGINT/SIGTERM: the files in flight are abandoned (their workers
 *    killed, no record), the summary and how to go on are printed, exit
 *    130/143.
 *
 * The options come parsed from extract.c (nb_extract_parse).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "batch_internal.h"

/* Open the output for appending; with --resume, load what it holds first.
 * Returns the descriptor, or -1 after printing why. */
static int S_open_output(const nb_batch_opts *opts, nb_record_set **done)
{
	*done = NULL;
	if (!opts->output)
		return STDOUT_FILENO;
	char message[256];
	if (opts->resume) {
		bool dropped_torn = false;
		*done = nb_record_set_new();
		if (nb_records_load(opts->output, *done, &dropped_torn, message)
		    != 0) {
			nb_cli_error(opts->output, "%s", message);
			return -1;
		}
		if (dropped_torn)
			nb_cli_note("%s: cut off a torn last line (a run that was "
			            "killed); its file is extracted again",
			            opts->output);
	} else {
		struct stat st;
		if (stat(opts->output, &st) == 0 && st.st_size > 0) {
			nb_cli_error(opts->output, "exists; add --resume to "
			             "continue it, or remove it");
			return -1;
		}
	}
	int fd = open(opts->output, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	              0644);
	if (fd < 0)
		nb_cli_error(opts->output, "cannot open: %s", strerror(errno));
	return fd;
}

/* "2 damaged_pdf, 1 timeout": failure counts, most frequent first, ties by
 * code name, so the line is the same from run to run. */
static void S_format_failures(const nb_batch_tally *tally, char *out,
                              size_t size)
{
	enum { N_STATUS = sizeof tally->by_status / sizeof tally->by_status[0] };
	bool used[N_STATUS] = {false};
	size_t len = 0;
	out[0] = '\0';
	for (;;) {
		int best = -1;
		for (int s = 0; s < N_STATUS; s++) {
			if (used[s] || tally->by_status[s] == 0)
				continue;
			if (best < 0 || tally->by_status[s] > tally->by_status[best]
			    || (tally->by_status[s] == tally->by_status[best]
			        && strcmp(nb_batch_code(s), nb_batch_code(best)) < 0))
				best = s;
		}
		if (best < 0 || len + 40 >= size)
			return;
		used[best] = true;
		len += (size_t)snprintf(out + len, size - len, "%s%zu %s",
		                        len ? ", " : "", tally->by_status[best],
		                        nb_batch_code(best));
	}
}

static void S_print_summary(const nb_batch_tally *tally, double seconds,
                            const char *output, const nb_input_list *inputs)
{
	char failures[512], skipped[600] = "";
	S_format_failures(tally, failures, sizeof failures);
	size_t len = 0;
	if (tally->duplicates)
		len += (size_t)snprintf(skipped, sizeof skipped,
		                        ", %zu duplicates (bytes recorded under "
		                        "another path)", tally->duplicates);
	if (tally->skipped && len < sizeof skipped)
		len += (size_t)snprintf(skipped + len, sizeof skipped - len,
		                        ", %zu skipped (already in %s)",
		                        tally->skipped, output);
	if (inputs->skipped_names && len < sizeof skipped)
		len += (size_t)snprintf(skipped + len, sizeof skipped - len,
		                        ", %zu skipped (unsupported type: no input "
		                        "kind's name)", inputs->skipped_names);
	if (inputs->skipped_special && len < sizeof skipped)
		len += (size_t)snprintf(skipped + len, sizeof skipped - len,
		                        ", %zu skipped (not regular files)",
		                        inputs->skipped_special);
	if (inputs->skipped_unreadable && len < sizeof skipped)
		len += (size_t)snprintf(skipped + len, sizeof skipped - len,
		                        ", %zu skipped (unreadable)",
		                        inputs->skipped_unreadable);
	/* members of archives that are not inputs, by reason */
	static const char *const member_reasons[NB_ARCHIVE_SKIP_COUNT] = {
		"directories", "links", "not regular files"};
	for (int i = 0; i < NB_ARCHIVE_SKIP_COUNT; i++)
		if (tally->archive_skipped[i] && len < sizeof skipped)
			len += (size_t)snprintf(skipped + len, sizeof skipped - len,
			                        ", %zu skipped in archives (%s)",
			                        tally->archive_skipped[i],
			                        member_reasons[i]);
	size_t done = tally->ok + tally->failed + tally->duplicates;
	nb_cli_note("%zu ok, %zu failed%s%s%s%s; %.1f s, %.1f files/s",
	            tally->ok, tally->failed, *failures ? " (" : "", failures,
	            *failures ? ")" : "", skipped, seconds,
	            seconds > 0 ? (double)done / seconds : 0.0);
}

/* "nianbao extract --resume -o OUT …" that goes on from here: the options
 * of this run, spelled out, and its paths, quoted for a POSIX shell. */
static char *S_resume_command(const nb_batch_opts *opts, char **paths,
                              int n_paths)
{
	GString *cmd = g_string_new("nianbao extract --resume -o ");
	char *quoted = g_shell_quote(opts->output);
	g_string_append(cmd, quoted);
	g_free(quoted);
	g_string_append_printf(cmd, " -j %d --timeout %g --max-memory %zu",
	                       opts->jobs, opts->timeout_seconds,
	                       opts->max_memory_mb);
	if (opts->options.limits.max_pages > 0)
		g_string_append_printf(cmd, " --max-pages %d",
		                       opts->options.limits.max_pages);
	if (opts->options.flags & NB_PROVENANCE)
		g_string_append(cmd, " --provenance");
	if (opts->convert)
		g_string_append(cmd, " --convert");
	static const char *const modes[] = {"auto", "always", "never"};
	if (opts->options.ocr.mode != NB_OCR_AUTO)
		g_string_append_printf(cmd, " --ocr %s",
		                       modes[opts->options.ocr.mode]);
	if (opts->options.ocr.dpi > 0)
		g_string_append_printf(cmd, " --ocr-dpi %d", opts->options.ocr.dpi);
	if (opts->options.ocr.tessdata) {
		quoted = g_shell_quote(opts->options.ocr.tessdata);
		g_string_append_printf(cmd, " --tessdata %s", quoted);
		g_free(quoted);
	}
	if (opts->files_from) {
		quoted = g_shell_quote(opts->files_from);
		g_string_append_printf(cmd, " --files-from %s", quoted);
		g_free(quoted);
	}
	if (n_paths > 0)
		g_string_append(cmd, " --");
	for (int i = 0; i < n_paths; i++) {
		quoted = g_shell_quote(paths[i]);
		g_string_append_printf(cmd, " %s", quoted);
		g_free(quoted);
	}
	return g_string_free(cmd, FALSE);
}

/* What a stopped batch did and how to go on from there. */
static void S_print_stopped(const nb_batch_opts *opts,
                            const nb_batch_tally *tally,
                            const nb_input_list *inputs, char **paths,
                            int n_paths)
{
	size_t done = tally->ok + tally->failed + tally->duplicates
	              + tally->skipped;
	nb_cli_note("stopped by %s: %zu of %zu inputs done, %zu in flight "
	            "abandoned (no record; every record written is whole)",
	            tally->stop_signal == SIGINT ? "SIGINT" : "SIGTERM", done,
	            inputs->count, tally->abandoned);
	if (!opts->output) {
		nb_cli_note("the records went to standard output; to go on, run "
		            "again with -o FILE --resume over what they hold");
		return;
	}
	char *cmd = S_resume_command(opts, paths, n_paths);
	nb_cli_note("to go on: %s%s", cmd,
	            opts->files_from && strcmp(opts->files_from, "-") == 0
	                    ? "  (with the same list on standard input)"
	                    : "");
	g_free(cmd);
}

static void S_catch_stop_signals(void)
{
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = nb_pool_stop;
	sigemptyset(&action.sa_mask);
	/* no SA_RESTART: poll() returns EINTR and the pool sees the stop */
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_finish_output(int fd, const char *output)
{
	if (fd == STDOUT_FILENO)
		return 0;
	if (fsync(fd) != 0 || close(fd) != 0) {
		nb_cli_error(output, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The paths of --files-from (one a line, "-" for stdin; empty lines and
 * a CR before the LF are dropped) after those of the command line, in a
 * new NULL-terminated array (g_strfreev).  NULL when the list cannot be
 * read, errno set. */
static char **S_all_paths(const char *files_from, char **paths, int n_paths,
                          int *n_all)
{
	GPtrArray *all = g_ptr_array_new();
	for (int i = 0; i < n_paths; i++)
		g_ptr_array_add(all, g_strdup(paths[i]));
	if (files_from) {
		bool is_stdin = strcmp(files_from, "-") == 0;
		FILE *list = is_stdin ? stdin : fopen(files_from, "r");
		if (!list) {
			g_ptr_array_add(all, NULL);
			g_strfreev((char **)g_ptr_array_free(all, FALSE));
			return NULL;
		}
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		while ((len = getline(&line, &cap, list)) >= 0) {
			if (len > 0 && line[len - 1] == '\n')
				line[--len] = '\0';
			if (len > 0 && line[len - 1] == '\r')
				line[--len] = '\0';
			if (len > 0)
				g_ptr_array_add(all, g_strdup(line));
		}
		free(line);
		bool failed = ferror(list);
		if (!is_stdin)
			fclose(list);
		if (failed) {
			g_ptr_array_add(all, NULL);
			g_strfreev((char **)g_ptr_array_free(all, FALSE));
			errno = EIO;
			return NULL;
		}
	}
	*n_all = (int)all->len;
	g_ptr_array_add(all, NULL);
	return (char **)g_ptr_array_free(all, FALSE);
}

int nb_batch_run(const nb_extract_opts *options, char **argv_paths,
                 int n_argv_paths)
{
	nb_batch_opts opts = *options;
	/* A closed stdout or a dead worker must show up as an error from
	 * write(), not kill the batch. */
	signal(SIGPIPE, SIG_IGN);
	S_catch_stop_signals();
	double start = S_now();
	int n_paths = 0;
	char **paths = S_all_paths(opts.files_from, argv_paths, n_argv_paths,
	                           &n_paths);
	if (!paths) {
		nb_cli_error(opts.files_from, "cannot read the list of paths: %s",
		             strerror(errno));
		return NB_EXIT_USAGE;
	}
	nb_input_list inputs = {0};
	nb_inputs_collect(paths, n_paths, &inputs);
	g_strfreev(paths);
	nb_record_set *done = NULL;
	int out_fd = S_open_output(&opts, &done);
	if (out_fd < 0) {
		nb_record_set_free(done);
		nb_inputs_free(&inputs);
		return NB_EXIT_USAGE;
	}
	if (done && nb_record_set_size(done) == 0) {
		nb_record_set_free(done);
		done = NULL;
	}
	nb_batch_tally tally = {0};
	nb_pool_run(&opts, &inputs, done, out_fd, isatty(STDERR_FILENO) == 1,
	            &tally);
	if (S_finish_output(out_fd, opts.output) != 0)
		tally.aborted = true;
	if (!tally.reader_gone)
		S_print_summary(&tally, S_now() - start, opts.output, &inputs);
	if (tally.stop_signal)
		S_print_stopped(&opts, &tally, &inputs, argv_paths, n_argv_paths);
	nb_record_set_free(done);
	nb_inputs_free(&inputs);
	if (tally.stop_signal)
		return 128 + tally.stop_signal;
	if (tally.reader_gone)
		return NB_EXIT_PIPE;
	if (tally.aborted)
		return NB_EXIT_USAGE;
	return tally.failed || tally.worker_trouble ? NB_EXIT_FAILED : NB_EXIT_OK;
}
