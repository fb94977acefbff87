/*
 * batch_worker.c — one worker process of batch mode.
 *
 * A worker is forked once and then extracts file after file (starting a
 * poppler-glib process costs about 28 ms, more than extracting a short
 * report, so one process per file would waste most of the time).  For each
 * task it first hashes the file and tells the parent the hash, so that even
 * if the extraction then crashes or hangs, the parent's crash record carries
 * the sha256 and --resume recognises it, and waits for the parent's
 * verdict: extract, or go on to the next task (the bytes already have a
 * record: the parent skips the input or writes its duplicate record), so
 * files are hashed in parallel, not in the parent.  Then it runs the same
 * pipeline as `nianbao extract -c FILE` and sends the record line back.
 *
 * An archive is one task and many inputs: its members are read one by one
 * (archive/archive.h), each hashed, judged by the parent and recorded as a
 * file is, under the name `archive.zip!/path/in/zip`.
 *
 * The worker runs under RLIMIT_AS (--max-memory): an allocation past it
 * fails, the allocator aborts, and the parent classifies the death from the
 * worker's stderr as out_of_memory.  Under AddressSanitizer the limit is not
 * set, since ASan reserves terabytes of shadow address space up front.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib.h>
#include <nettle/sha2.h>

#include "batch_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define NB_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NB_UNDER_ASAN 1
#endif
#endif

static void S_die_with_parent(long parent_pid)
{
#ifdef __linux__
	/* A kill -9 of the parent must not leave workers running on. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if ((long)getppid() != parent_pid)
		exit(0);
}

static void S_limit_memory(size_t max_memory_mb)
{
#ifdef NB_UNDER_ASAN
	(void)max_memory_mb;
#else
	if (max_memory_mb == 0)
		return;
	struct rlimit limit;
	/* the soft limit only: a child LibreOffice (--convert) lifts its own */
	if (getrlimit(RLIMIT_AS, &limit) != 0)
		return;
	limit.rlim_cur = (rlim_t)max_memory_mb << 20;
	if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur > limit.rlim_max)
		limit.rlim_cur = limit.rlim_max;
	setrlimit(RLIMIT_AS, &limit);
#endif
}

/* sha256 of the regular file at `path` into `hex` (65 bytes); "" when it
 * cannot be read, is over the input size limit (the pipeline then says
 * why) or is not a regular file.  O_NONBLOCK: a FIFO must not hang the
 * hash, so that --resume can skip a FIFO already recorded as a timeout. */
static void S_hash_file(const char *path, size_t max_bytes, char *hex)
{
	hex[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)
	    || (uintmax_t)st.st_size > max_bytes) {
		close(fd);
		return;
	}
	struct sha256_ctx sum;
	sha256_init(&sum);
	unsigned char chunk[65536];
	size_t total = 0;
	bool ok = true;
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = got == 0;
			break;
		}
		total += (size_t)got;
		if (total > max_bytes) {
			ok = false;
			break;
		}
		sha256_update(&sum, (size_t)got, chunk);
	}
	close(fd);
	if (ok) {
		uint8_t digest[SHA256_DIGEST_SIZE];
		sha256_digest(&sum, sizeof digest, digest);
		nb_sha256_hex_of(digest, hex);
	}
}

static void S_send(int fd, char type, const void *payload, size_t len)
{
	nb_buf frame = {0};
	uint32_t len32 = (uint32_t)len;
	nb_buf_append(&frame, &type, 1);
	nb_buf_append(&frame, &len32, sizeof len32);
	nb_buf_append(&frame, payload, len);
	int status = nb_write_full(fd, frame.data, frame.len);
	nb_buf_free(&frame);
	if (status != 0)
		exit(0); /* the parent is gone: nothing left to do */
}

static void S_send_record(int fd, int32_t status, const char *line)
{
	nb_buf payload = {0};
	nb_buf_append(&payload, &status, sizeof status);
	nb_buf_append(&payload, line, strlen(line));
	S_send(fd, NB_FRAME_RECORD, payload.data, payload.len);
	nb_buf_free(&payload);
}

/* A file name that is not UTF-8 cannot be a JSON string: show it as error
 * records and resume keys do (U+FFFD for each bad byte), as the first key
 * of `source` where the contract puts it. */
static void S_fix_source_file(json_t *report, const char *path)
{
	json_t *source = json_object_get(report, "source");
	if (!json_is_object(source))
		return;
	char *shown = g_utf8_make_valid(path, -1);
	json_t *fixed = json_object();
	json_object_set_new(fixed, "file", json_string(shown));
	g_free(shown);
	const char *key;
	json_t *value;
	json_object_foreach(source, key, value)
		if (strcmp(key, "file") != 0)
			json_object_set(fixed, key, value);
	json_object_set_new(report, "source", fixed);
}

/* The report as one JSONL line. */
/* The reports of one input as JSONL lines, all in one string so that the
 * parts of a compilation are appended together or not at all. */
static char *S_report_lines(const nb_result *result, const char *path)
{
	if (!g_utf8_validate(path, -1, NULL))
		for (size_t i = 0; i < nb_result_count(result); i++)
			S_fix_source_file(nb_result_report(result, i), path);
	return nb_result_dumps(result, false);
}

/* Tell the parent the hash of the input at hand and hear whether to
 * extract it; exits when the parent is gone. */
static bool S_ask(const nb_worker_setup *setup, const char *sha256)
{
	S_send(setup->result_fd, NB_FRAME_STARTED, sha256, strlen(sha256));
	char verdict = 0;
	if (nb_read_full(setup->task_fd, &verdict, 1) != 1)
		exit(0); /* the parent is gone */
	return verdict == NB_VERDICT_EXTRACT;
}

/* A task: a path, and for an archive which share of it, from where. */
typedef struct task {
	char *path;
	uint32_t pass_over, shard, shards;
} task;

/* Every member of share t->shard of the archive `ar` (the file t->path)
 * as an input of its own, after the first t->pass_over (recorded by a
 * worker that died inside it). */
static void S_run_archive(nb_context *ctx, const nb_worker_setup *setup,
                          const task *t, nb_archive *ar)
{
	int fd = setup->result_fd;
	uint32_t pass_over = t->pass_over;
	S_send(fd, NB_FRAME_ARCHIVE, "", 0);
	uint32_t shards = 1;
	if (nb_read_full(setup->task_fd, &shards, sizeof shards) != 1)
		exit(0); /* the parent is gone */
	nb_archive_set_shard(ar, t->shard, shards);
	nb_archive_member m;
	for (uint32_t seen = 0; nb_archive_next(ar, &m); seen++) {
		if (seen < pass_over)
			continue;
		S_send(fd, NB_FRAME_MEMBER, m.file, strlen(m.file));
		char sha256[65] = "";
		if (m.data)
			nb_sha256_hex(m.data, m.len, sha256);
		if (!S_ask(setup, sha256))
			continue;
		if (m.name_escaped)
			nb_cli_note("warning: %s: the member's name is neither UTF-8 "
			            "nor GB18030; its bytes are shown as \\xHH",
			            m.file);
		nb_result *result = m.status == NB_OK
		                            ? nb_extract_read(ctx, setup->opts, m.file,
		                                              m.data, m.len, sha256)
		                            : NULL;
		nb_status status = result ? nb_result_status(result) : m.status;
		char *lines = status == NB_OK
		                      ? S_report_lines(result, m.file)
		                      : nb_batch_error_line(
		                                m.file, sha256, (int)status,
		                                result ? nb_result_error(result)->message
		                                       : m.error.message);
		nb_result_free(result);
		S_send_record(fd, (int32_t)status, lines);
		free(lines);
	}
	uint64_t skipped[NB_ARCHIVE_SKIP_COUNT];
	for (int i = 0; i < NB_ARCHIVE_SKIP_COUNT; i++)
		skipped[i] = nb_archive_skipped(ar, (nb_archive_skip)i);
	S_send(fd, NB_FRAME_SKIPPED, skipped, sizeof skipped);
	S_send(fd, NB_FRAME_DONE, "", 0);
}

/* A regular file over the input size limit that starts like an archive
 * is read as one from the file, a block at a time: an archive of a
 * year's reports is often larger than any report.  false (nothing sent)
 * when it is no archive, and the pipeline refuses it for its size. */
static bool S_run_big_archive(nb_context *ctx, const nb_worker_setup *setup,
                              const task *t, size_t size)
{
	/* a ZIP whose first member is a document's part is a (too large)
	 * document: the sniff looks at the first local header then */
	unsigned char head[512];
	size_t got = nb_file_head(t->path, head, sizeof head);
	if (nb_archive_sniff(head, got) == NB_ARCHIVE_NONE)
		return false;
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	nb_archive *ar = nb_archive_new_fd(fd, size, t->path,
	                                   &setup->opts->options.limits);
	S_run_archive(ctx, setup, t, ar);
	nb_archive_free(ar);
	close(fd);
	return true;
}

static void S_run_task(nb_context *ctx, const nb_worker_setup *setup,
                       const task *t)
{
	const char *path = t->path;
	const nb_batch_opts *opts = setup->opts;
	size_t max_bytes = nb_limits_input_bytes(&opts->options.limits);
	char sha256[65];
	/* A regular file is read once: hashed (and reported) from the same
	 * bytes the pipeline then reads.  Anything else (unreadable, over
	 * the limit, not a regular file) is hashed as far as it can be and
	 * left to nb_read_file to refuse with its reason. */
	unsigned char *data = NULL;
	size_t len = 0;
	nb_error read_err = {0};
	struct stat st;
	bool have = strcmp(path, "-") != 0 && stat(path, &st) == 0
	            && S_ISREG(st.st_mode)
	            && nb_file_read(path, max_bytes, &data, &len, &read_err)
	                       == NB_OK;
	if (have && nb_archive_sniff(data, len) != NB_ARCHIVE_NONE) {
		nb_archive *ar = nb_archive_new(data, len, path,
		                                &opts->options.limits);
		S_run_archive(ctx, setup, t, ar);
		nb_archive_free(ar);
		free(data);
		return;
	}
	if (!have && read_err.status == NB_ERR_LIMIT
	    && S_run_big_archive(ctx, setup, t, (size_t)st.st_size))
		return;
	if (have)
		nb_sha256_hex(data, len, sha256);
	else
		S_hash_file(path, max_bytes, sha256);
	/* The parent knows every record, this run's and an earlier one's: it
	 * answers whether these bytes still need extracting. */
	if (!S_ask(setup, sha256)) {
		free(data);
		return;
	}
	nb_result *result = have ? nb_extract_read(ctx, opts, path, data, len,
	                                           sha256)
	                         : nb_read_file(ctx, path);
	free(data);
	nb_status status = nb_result_status(result);
	char *lines = status == NB_OK
	                      ? S_report_lines(result, path)
	                      : nb_batch_error_line(path, sha256, (int)status,
	                                            nb_result_error(result)->message);
	nb_result_free(result);
	S_send_record(setup->result_fd, (int32_t)status, lines);
	free(lines);
}

/* The next task into *t (its path malloc'd); false at the end. */
static bool S_next_task(int task_fd, task *t)
{
	uint32_t len = 0;
	int got = nb_read_full(task_fd, &len, sizeof len);
	if (got <= 0)
		return false;
	t->path = nb_xmalloc((size_t)len + 1);
	if (nb_read_full(task_fd, t->path, len) != 1
	    || nb_read_full(task_fd, &t->pass_over, sizeof t->pass_over) != 1
	    || nb_read_full(task_fd, &t->shard, sizeof t->shard) != 1
	    || nb_read_full(task_fd, &t->shards, sizeof t->shards) != 1) {
		free(t->path);
		return false;
	}
	t->path[len] = '\0';
	return true;
}

_Noreturn void nb_worker_main(const nb_worker_setup *setup)
{
	/* Ctrl-C reaches the whole process group: the parent alone decides
	 * what becomes of the file in flight (it kills the worker). */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	S_die_with_parent(setup->parent_pid);
	S_limit_memory(setup->opts->max_memory_mb);
	nb_error err = {0};
	/* A worker reads many documents: the JIT pays for itself. */
	nb_options options = setup->opts->options;
	options.expected_inputs = SIZE_MAX;
	nb_context *ctx = nb_context_new(&options, &err);
	if (!ctx) {
		nb_cli_note("error: worker: %s", err.message);
		exit(NB_EXIT_USAGE);
	}
	task t;
	while (S_next_task(setup->task_fd, &t)) {
		S_run_task(ctx, setup, &t);
		free(t.path);
	}
	nb_context_free(ctx);
	if (setup->opts->convert)
		nb_convert_cleanup();
	exit(0);
}
