/*
 * batch_pool.c — the parent side of batch mode: a pool of worker processes,
 * one poll() loop, records written whole.
 *
 * Each worker has three pipes: tasks (paths) in, frames (batch_internal.h)
 * out, and its stderr, which the parent forwards line by line and also
 * keeps (the last few KiB since the current task started) to tell why a
 * worker died: the allocators' own words ("out of memory", "failed to
 * allocate", "std::bad_alloc") mean out_of_memory under --max-memory,
 * anything else is crashed.  A worker that passes --timeout is killed with
 * SIGKILL and its file gets a timeout record.  Either way the next file goes
 * to a fresh worker and the batch goes on.
 *
 * An archive is many inputs (batch_internal.h): when a worker finds one,
 * the parent splits it into as many shares as there are workers and hands
 * the other shares out as tasks, so that -j N reads one big archive N
 * times as fast; each worker names each member of its share before
 * hashing it, and the parent judges, times and records the member as it
 * does a file.  A worker that dies inside an archive gives the member it
 * was reading its crashed/timeout record, and its share goes back in the
 * queue to be taken up after that member.
 *
 * Output: each record is one write() of one whole line to a file opened
 * O_APPEND (or stdout), so records never interleave and a kill -9 can at
 * worst leave one torn last line, which --resume cuts off.  Records come in
 * completion order, not input order: with several workers a slow file must
 * not hold back the others (sort by source.file when order matters).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "batch_internal.h"

enum { ERR_TAIL_MAX = 8192, READ_CHUNK = 65536 };

/* The signal that asked the batch to stop (SIGINT, SIGTERM), 0 while none
 * did.  Set by the handler; poll() returns EINTR (no SA_RESTART) and the
 * loop sees it. */
static volatile sig_atomic_t S_stop_signal = 0;

void nb_pool_stop(int sig)
{
	S_stop_signal = sig;
}

typedef struct worker {
	pid_t pid;               /* 0: no process */
	int task_fd, result_fd, err_fd;
	long input;              /* index of the input being extracted, -1 idle */
	double started;          /* monotonic seconds at dispatch */
	bool killed_for_timeout;
	char sha256[65];         /* from the STARTED frame, "" if none */
	bool archive;            /* the task is an archive (NB_FRAME_ARCHIVE) */
	char *member;            /* the member being read, as records show it */
	uint32_t members;        /* members named so far in this task */
	uint32_t pass_over;      /* members the task was told to pass over */
	uint32_t shard, shards;  /* the share of the archive (0 of 0: none yet) */
	nb_buf frames;           /* bytes of frames not yet handled */
	nb_buf err_line;         /* stderr bytes of an unfinished line */
	nb_buf err_tail;         /* stderr since the task started */
} worker;

/* The path whose record holds some bytes (a sha256): from the output read
 * for --resume, or the first input of this run that had them.  Inputs with
 * the same bytes that come while its record is still being made wait in
 * `pending`, so a duplicate record is always written after the record it
 * points to. */
typedef struct claim {
	char *file;              /* as records show it */
	bool written;            /* its record is in the output */
	GPtrArray *pending;      /* file names (as records show them) */
} claim;

typedef struct pool {
	const nb_batch_opts *opts;
	const nb_input_list *inputs;
	const nb_record_set *done;
	GHashTable *claims;      /* sha256 -> claim */
	int out_fd;
	bool progress;
	nb_batch_tally *tally;
	worker *workers;
	int n_workers;
	struct pollfd *fds;      /* two per worker: results, stderr */
	size_t next_input;
	GArray *requeued;        /* archives to take up again: struct again */
	size_t finished;         /* inputs recorded or skipped */
	/* inputs known so far: the files, an archive counting as its members
	 * once they are named (for the progress line) */
	size_t archives_opened, members_named;
	double start_time, last_progress;
} pool;

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- progress line ---------------------------------------------------------- */

static void S_clear_progress(const pool *p)
{
	if (p->progress)
		fputs("\r\033[K", stderr);
}

static void S_format_eta(double seconds, char *out, size_t size)
{
	long s = (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(out, size, "%ldh%02ldm", s / 3600, s / 60 % 60);
	else
		snprintf(out, size, "%ldm%02lds", s / 60, s % 60);
}

/* "412/50000 files, 23.5 files/s, ETA 35m21s, 3 failed" */
static void S_progress_text(const pool *p, double now, char *out,
                            size_t size)
{
	double elapsed = now - p->start_time;
	double rate = elapsed > 0 ? (double)p->finished / elapsed : 0;
	size_t known = p->inputs->count + p->members_named;
	known = known > p->archives_opened ? known - p->archives_opened : 0;
	if (known < p->finished)
		known = p->finished;
	char eta[32] = "?";
	if (rate > 0)
		S_format_eta((double)(known - p->finished) / rate, eta, sizeof eta);
	snprintf(out, size, "%zu/%zu files, %.1f files/s, ETA %s, %zu failed",
	         p->finished, known, rate, eta, p->tally->failed);
}

/* On a terminal: one line redrawn in place, 4 times a second.  Otherwise
 * (a log file): one whole line every --progress-interval seconds. */
static void S_draw_progress(pool *p, bool force)
{
	double now = S_now();
	char text[160];
	if (!p->progress) {
		double every = p->opts->progress_interval;
		if (every <= 0 || now - p->last_progress < every)
			return;
		p->last_progress = now;
		S_progress_text(p, now, text, sizeof text);
		nb_cli_note("%s", text);
		return;
	}
	if (!force && now - p->last_progress < 0.25)
		return;
	p->last_progress = now;
	S_progress_text(p, now, text, sizeof text);
	fprintf(stderr, "\r\033[Knianbao: %s", text);
}

/* ---- records ------------------------------------------------------------------ */

static void S_abort(pool *p, const char *fmt, const char *detail)
{
	S_clear_progress(p);
	nb_cli_note(fmt, detail);
	p->tally->aborted = true;
}

/* An archive whose worker died inside it, to be read on after the
 * members already recorded. */
typedef struct again {
	size_t input;
	uint32_t pass_over, shard, shards;
} again;

/* The input at hand: the member being read, or the file. */
static const char *S_input_path(const pool *p, const worker *w)
{
	return w->member ? w->member : p->inputs->items[w->input].path;
}

enum { S_DUPLICATE = -1 };

/* Write one record line and count it; `status` 0 is a report, S_DUPLICATE
 * a duplicate record. */
static void S_emit(pool *p, const char *file, int status, const char *line,
                   size_t len, const char *message)
{
	if (p->tally->aborted)
		return;
	if (nb_write_full(p->out_fd, line, len) != 0) {
		if (errno == EPIPE && p->out_fd == STDOUT_FILENO) {
			/* `nianbao extract DIR | head`: the reader has all it wants */
			S_clear_progress(p);
			p->tally->aborted = p->tally->reader_gone = true;
			return;
		}
		S_abort(p, "error: cannot write the output: %s", strerror(errno));
		return;
	}
	p->finished++;
	if (status == NB_OK) {
		p->tally->ok++;
		return;
	}
	if (status == S_DUPLICATE) {
		p->tally->duplicates++;
		return;
	}
	p->tally->failed++;
	if (status >= 0 && status < (int)(sizeof p->tally->by_status
	                                   / sizeof p->tally->by_status[0]))
		p->tally->by_status[status]++;
	S_clear_progress(p);
	nb_cli_error(file, "%s", message);
}

static void S_emit_error(pool *p, const char *file, const char *sha256,
                         int status, const char *message)
{
	char *line = nb_batch_error_line(file, sha256, status, message);
	S_emit(p, file, status, line, strlen(line), message);
	free(line);
}

static void S_emit_duplicate(pool *p, const char *file, const char *sha256,
                             const char *first)
{
	char *line = nb_batch_duplicate_line(file, sha256, first);
	S_emit(p, file, S_DUPLICATE, line, strlen(line), NULL);
	free(line);
}

static void S_claim_free(void *data)
{
	claim *c = data;
	g_free(c->file);
	g_ptr_array_free(c->pending, TRUE);
	free(c);
}

/* The record of the input that claimed `sha256` is written: the inputs
 * with the same bytes get their duplicate records now. */
static void S_claim_written(pool *p, const char *sha256)
{
	claim *c = *sha256 ? g_hash_table_lookup(p->claims, sha256) : NULL;
	if (!c || c->written)
		return;
	c->written = true;
	for (guint i = 0; i < c->pending->len; i++)
		S_emit_duplicate(p, g_ptr_array_index(c->pending, i), sha256,
		                 c->file);
	g_ptr_array_set_size(c->pending, 0);
}

/* What worker `w` does with the file it has hashed: extract it, or leave it
 * to the parent (NB_VERDICT_NEXT), which skips an input already recorded
 * under its path and writes a duplicate record for bytes recorded (or
 * being extracted) under another path. */
static char S_verdict(pool *p, worker *w)
{
	const char *path = S_input_path(p, w);
	if (p->done && nb_record_set_contains(p->done, path, w->sha256)) {
		p->tally->skipped++;
		p->finished++;
		return NB_VERDICT_NEXT;
	}
	if (!*w->sha256)
		return NB_VERDICT_EXTRACT;
	claim *c = g_hash_table_lookup(p->claims, w->sha256);
	if (!c) {
		const char *first = p->done
		                            ? nb_record_set_first_file(p->done,
		                                                       w->sha256)
		                            : NULL;
		c = nb_xcalloc(1, sizeof *c);
		c->file = first ? g_strdup(first) : g_utf8_make_valid(path, -1);
		c->written = first != NULL;
		c->pending = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(p->claims, g_strdup(w->sha256), c);
		if (!first)
			return NB_VERDICT_EXTRACT;
	}
	if (c->written)
		S_emit_duplicate(p, path, w->sha256, c->file);
	else
		g_ptr_array_add(c->pending, g_strdup(path));
	return NB_VERDICT_NEXT;
}

/* A worker's record: the message of an error record is read back from it. */
static void S_emit_worker_record(pool *p, const char *file, int status,
                                 const char *line, size_t len)
{
	if (status == NB_OK) {
		S_emit(p, file, status, line, len, NULL);
		return;
	}
	json_error_t jerr;
	json_t *record = json_loadb(line, len, 0, &jerr);
	const char *message = json_string_value(
		json_object_get(json_object_get(record, "error"), "message"));
	S_emit(p, file, status, line, len, message ? message : "");
	json_decref(record);
}

/* ---- worker processes ------------------------------------------------------- */

static void S_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static bool S_make_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return false;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return true;
}

/* In the new child: keep only its own pipe ends, stdin and stdout on
 * /dev/null, stderr into the parent's pipe. */
static void S_child_fds(const pool *p, const worker *self, int task_in,
                        int result_out, int err_out)
{
	for (int i = 0; i < p->n_workers; i++) {
		const worker *other = &p->workers[i];
		if (other == self || other->pid == 0)
			continue;
		close(other->task_fd);
		close(other->result_fd);
		if (other->err_fd >= 0)
			close(other->err_fd);
	}
	if (p->out_fd > STDERR_FILENO)
		close(p->out_fd);
	int null_fd = open("/dev/null", O_RDWR);
	if (null_fd >= 0) {
		dup2(null_fd, STDIN_FILENO);
		dup2(null_fd, STDOUT_FILENO);
		if (null_fd > STDERR_FILENO)
			close(null_fd);
	}
	dup2(err_out, STDERR_FILENO);
	if (err_out != STDERR_FILENO)
		close(err_out);
	(void)task_in;
	(void)result_out;
}

static bool S_spawn(pool *p, worker *w)
{
	int task[2], result[2], err[2];
	if (!S_make_pipe(task))
		return false;
	if (!S_make_pipe(result)) {
		close(task[0]);
		close(task[1]);
		return false;
	}
	if (!S_make_pipe(err)) {
		close(task[0]);
		close(task[1]);
		close(result[0]);
		close(result[1]);
		return false;
	}
	fflush(NULL);
	long parent_pid = (long)getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(task[1]);
		close(result[0]);
		close(err[0]);
		S_child_fds(p, w, task[0], result[1], err[1]);
		nb_worker_setup setup = {
			.task_fd = task[0],
			.result_fd = result[1],
			.opts = p->opts,
			.parent_pid = parent_pid,
		};
		nb_worker_main(&setup);
	}
	close(task[0]);
	close(result[1]);
	close(err[1]);
	if (pid < 0) {
		close(task[1]);
		close(result[0]);
		close(err[0]);
		return false;
	}
	fcntl(result[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	w->pid = pid;
	w->task_fd = task[1];
	w->result_fd = result[0];
	w->err_fd = err[0];
	w->input = -1;
	w->killed_for_timeout = false;
	w->frames.len = w->err_line.len = w->err_tail.len = 0;
	return true;
}

/* ---- worker stderr ------------------------------------------------------------ */

static void S_forward_lines(pool *p, worker *w, bool flush_partial)
{
	if (w->err_line.len == 0)
		return;
	char *start = w->err_line.data;
	char *end = start + w->err_line.len;
	char *nl;
	while (start < end && (nl = memchr(start, '\n', (size_t)(end - start)))) {
		S_clear_progress(p);
		fwrite(start, 1, (size_t)(nl - start) + 1, stderr);
		start = nl + 1;
	}
	if (flush_partial && start < end) {
		S_clear_progress(p);
		fwrite(start, 1, (size_t)(end - start), stderr);
		fputc('\n', stderr);
		start = end;
	}
	nb_buf_consume(&w->err_line, (size_t)(start - w->err_line.data));
}

/* Read what the worker wrote to stderr; false at end of file. */
static bool S_read_err(pool *p, worker *w)
{
	char chunk[4096];
	for (;;) {
		ssize_t got = read(w->err_fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return true; /* EAGAIN: nothing more for now */
		if (got == 0) {
			S_forward_lines(p, w, true);
			S_close(&w->err_fd);
			return false;
		}
		nb_buf_append(&w->err_line, chunk, (size_t)got);
		nb_buf_append(&w->err_tail, chunk, (size_t)got);
		if (w->err_tail.len > ERR_TAIL_MAX)
			nb_buf_consume(&w->err_tail, w->err_tail.len - ERR_TAIL_MAX);
		S_forward_lines(p, w, false);
	}
}

/* ---- frames -------------------------------------------------------------------- */

/* The task of worker `w` is over: it takes the next one. */
static void S_task_done(worker *w)
{
	w->input = -1;
	w->archive = false;
	free(w->member);
	w->member = NULL;
	w->members = w->pass_over = w->shard = w->shards = 0;
}

static void S_handle_frame(pool *p, worker *w, char type, const char *payload,
                           size_t len)
{
	if (w->input < 0)
		return;
	switch (type) {
	case NB_FRAME_ARCHIVE: {
		w->archive = true;
		if (w->shards == 0) {
			/* first met: one share per worker, the others queued
			 * first so that idle workers take them at once */
			w->shards = (uint32_t)p->n_workers;
			w->shard = 0;
			p->archives_opened++;
			for (uint32_t k = w->shards - 1; k >= 1; k--) {
				again a = {(size_t)w->input, 0, k, w->shards};
				g_array_prepend_val(p->requeued, a);
			}
		}
		/* A failed write means the worker is dying. */
		nb_write_full(w->task_fd, &w->shards, sizeof w->shards);
		return;
	}
	case NB_FRAME_MEMBER:
		free(w->member);
		w->member = nb_xmalloc(len + 1);
		memcpy(w->member, payload, len);
		w->member[len] = '\0';
		w->members++;
		p->members_named++;
		/* --timeout is per input: per member in an archive */
		w->started = S_now();
		w->sha256[0] = '\0';
		w->err_tail.len = 0;
		return;
	case NB_FRAME_STARTED: {
		size_t n = len < 64 ? len : 64;
		memcpy(w->sha256, payload, n);
		w->sha256[n] = '\0';
		char verdict = S_verdict(p, w);
		if (verdict == NB_VERDICT_NEXT && !w->archive)
			S_task_done(w);
		/* A failed write means the worker is dying; its end of file
		 * comes through poll. */
		nb_write_full(w->task_fd, &verdict, 1);
		return;
	}
	case NB_FRAME_RECORD:
		if (len < sizeof(int32_t))
			return;
		int32_t status;
		memcpy(&status, payload, sizeof status);
		S_emit_worker_record(p, S_input_path(p, w), status,
		                     payload + sizeof status, len - sizeof status);
		S_claim_written(p, w->sha256);
		if (!w->archive)
			S_task_done(w);
		return;
	case NB_FRAME_SKIPPED:
		if (len == sizeof(uint64_t) * NB_ARCHIVE_SKIP_COUNT)
			for (int i = 0; i < NB_ARCHIVE_SKIP_COUNT; i++) {
				uint64_t n_skipped;
				memcpy(&n_skipped, payload + i * sizeof n_skipped,
				       sizeof n_skipped);
				p->tally->archive_skipped[i] += n_skipped;
			}
		return;
	case NB_FRAME_DONE:
		S_task_done(w);
		return;
	default:
		return;
	}
}

static void S_handle_frames(pool *p, worker *w)
{
	size_t used = 0;
	while (w->frames.len - used >= NB_FRAME_HEADER) {
		const char *head = w->frames.data + used;
		uint32_t len;
		memcpy(&len, head + 1, sizeof len);
		if (w->frames.len - used - NB_FRAME_HEADER < len)
			break;
		S_handle_frame(p, w, head[0], head + NB_FRAME_HEADER, len);
		used += NB_FRAME_HEADER + (size_t)len;
	}
	nb_buf_consume(&w->frames, used);
}

/* Read and handle frames; false at end of file (the worker is gone). */
static bool S_read_frames(pool *p, worker *w)
{
	char *chunk = nb_xmalloc(READ_CHUNK);
	bool open = true;
	for (;;) {
		ssize_t got = read(w->result_fd, chunk, READ_CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			open = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
			break;
		}
		nb_buf_append(&w->frames, chunk, (size_t)got);
	}
	free(chunk);
	S_handle_frames(p, w);
	return open;
}

/* ---- a worker's death ------------------------------------------------------------ */

static bool S_tail_says_oom(const nb_buf *tail)
{
	static const char *const markers[] = {
		"out of memory",            /* nb_xmalloc, ASan */
		"failed to allocate",       /* GLib's g_malloc */
		"std::bad_alloc",           /* poppler (C++) */
		"Cannot allocate memory",   /* strerror(ENOMEM) */
		"allocation-size-too-big",  /* ASan */
	};
	if (tail->len == 0)
		return false;
	char *text = nb_xmalloc(tail->len + 1);
	memcpy(text, tail->data, tail->len);
	text[tail->len] = '\0';
	bool found = false;
	for (size_t i = 0; i < sizeof markers / sizeof markers[0] && !found; i++)
		found = strstr(text, markers[i]) != NULL;
	free(text);
	return found;
}

/* The last non-empty stderr line of the worker, for the record's message. */
static void S_last_err_line(const nb_buf *tail, char *out, size_t size)
{
	out[0] = '\0';
	if (tail->len == 0)
		return;
	size_t end = tail->len;
	while (end > 0 && (tail->data[end - 1] == '\n'
	                   || tail->data[end - 1] == '\r'))
		end--;
	size_t start = end;
	while (start > 0 && tail->data[start - 1] != '\n')
		start--;
	size_t n = end - start < size - 1 ? end - start : size - 1;
	memcpy(out, tail->data + start, n);
	out[n] = '\0';
}

static void S_describe_death(const pool *p, const worker *w, int wait_status,
                             int *status, char *message, size_t size)
{
	char last[160], how[96];
	S_last_err_line(&w->err_tail, last, sizeof last);
	if (WIFSIGNALED(wait_status))
		snprintf(how, sizeof how, "signal %d (%s)", WTERMSIG(wait_status),
		         strsignal(WTERMSIG(wait_status)));
	else
		snprintf(how, sizeof how, "exit status %d",
		         WEXITSTATUS(wait_status));
	if (w->killed_for_timeout) {
		*status = NB_BATCH_TIMEOUT;
		snprintf(message, size, "no result after %g s; worker killed",
		         p->opts->timeout_seconds);
	} else if (S_tail_says_oom(&w->err_tail)) {
		*status = NB_BATCH_OUT_OF_MEMORY;
		snprintf(message, size, "out of memory (limit %zu MB per worker): "
		         "%s", p->opts->max_memory_mb, last);
	} else {
		*status = NB_BATCH_CRASHED;
		snprintf(message, size, "worker died with %s%s%s", how,
		         *last ? ": " : "", last);
	}
}

static void S_release_worker(worker *w)
{
	S_task_done(w);
	S_close(&w->task_fd);
	S_close(&w->result_fd);
	S_close(&w->err_fd);
	w->pid = 0;
	w->input = -1;
}

/* Reap a worker whose result pipe ended (or that was just killed): use
 * what it still sent, then record its file as crashed/timeout/oom. */
static void S_worker_died(pool *p, worker *w)
{
	int wait_status = 0;
	while (waitpid(w->pid, &wait_status, 0) < 0 && errno == EINTR)
		;
	S_read_frames(p, w);
	while (w->err_fd >= 0 && S_read_err(p, w))
		;
	if (w->input >= 0 && S_stop_signal) {
		/* killed by the stop (or by the terminal's SIGINT before it
		 * could ignore it): its file is left for --resume */
		p->tally->abandoned++;
	} else if (w->input >= 0) {
		int status;
		char message[400];
		S_describe_death(p, w, wait_status, &status, message,
		                 sizeof message);
		/* inside an archive: the member at hand, or the archive itself
		 * when no member was named (it died opening the archive or
		 * passing over members, so another try would die too) */
		S_emit_error(p, S_input_path(p, w), w->sha256, status, message);
		S_claim_written(p, w->sha256);
		if (w->archive && w->member) {
			/* the members after the one that killed it: another worker */
			again a = {(size_t)w->input, w->pass_over + w->members,
			           w->shard, w->shards};
			g_array_append_val(p->requeued, a);
		}
		S_task_done(w);
	} else if (!S_stop_signal
	           && !(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0)) {
		S_clear_progress(p);
		nb_cli_note("warning: a worker between files ended with status "
		            "%d", wait_status);
		p->tally->worker_trouble = true;
	}
	S_release_worker(w);
}

/* ---- dispatch ---------------------------------------------------------------- */

static bool S_send_task(worker *w, const char *path, uint32_t pass_over)
{
	uint32_t len = (uint32_t)strlen(path);
	nb_buf task = {0};
	nb_buf_append(&task, &len, sizeof len);
	nb_buf_append(&task, path, len);
	nb_buf_append(&task, &pass_over, sizeof pass_over);
	nb_buf_append(&task, &w->shard, sizeof w->shard);
	nb_buf_append(&task, &w->shards, sizeof w->shards);
	int status = nb_write_full(w->task_fd, task.data, task.len);
	nb_buf_free(&task);
	return status == 0;
}

/* Give worker `w` the next input (inputs the parent can record itself,
 * walk errors, are recorded on the way). */
static void S_dispatch(pool *p, worker *w)
{
	if (p->requeued->len && !p->tally->aborted) {
		if (w->pid == 0 && !S_spawn(p, w)) {
			S_abort(p, "error: cannot start a worker: %s",
			        strerror(errno));
			return;
		}
		again a = g_array_index(p->requeued, again, 0);
		g_array_remove_index(p->requeued, 0);
		w->input = (long)a.input;
		w->pass_over = a.pass_over;
		w->shard = a.shard;
		w->shards = a.shards;
		w->started = S_now();
		w->sha256[0] = '\0';
		w->err_tail.len = 0;
		S_send_task(w, p->inputs->items[a.input].path, a.pass_over);
		return;
	}
	while (p->next_input < p->inputs->count && !p->tally->aborted) {
		const nb_input *input = &p->inputs->items[p->next_input];
		if (input->walk_error) {
			p->next_input++;
			if (p->done && nb_record_set_contains(p->done, input->path,
			                                      NULL)) {
				p->tally->skipped++;
				p->finished++;
			} else {
				S_emit_error(p, input->path, NULL, NB_ERR_IO,
				             input->walk_error);
			}
			continue;
		}
		if (w->pid == 0 && !S_spawn(p, w)) {
			S_abort(p, "error: cannot start a worker: %s",
			        strerror(errno));
			return;
		}
		w->input = (long)p->next_input++;
		w->started = S_now();
		w->sha256[0] = '\0';
		w->err_tail.len = 0;
		/* A failed write means the worker is dying; its end of file
		 * comes through poll and records this input. */
		S_send_task(w, input->path, 0);
		return;
	}
}

/* ---- the loop ---------------------------------------------------------------- */

static int S_poll_timeout_ms(const pool *p)
{
	double wait = p->progress ? 0.25 : -1;
	if (p->opts->timeout_seconds > 0) {
		double now = S_now();
		for (int i = 0; i < p->n_workers; i++) {
			const worker *w = &p->workers[i];
			if (w->pid == 0 || w->input < 0)
				continue;
			double left = w->started + p->opts->timeout_seconds - now;
			if (left < 0)
				left = 0;
			if (wait < 0 || left < wait)
				wait = left;
		}
	}
	/* at most 1 s: a stop signal that lands between the loop's check
	 * and poll() is seen within a second */
	if (wait < 0 || wait > 1)
		wait = 1;
	return (int)(wait * 1000) + 1;
}

static void S_check_timeouts(pool *p)
{
	if (p->opts->timeout_seconds <= 0)
		return;
	double now = S_now();
	for (int i = 0; i < p->n_workers; i++) {
		worker *w = &p->workers[i];
		if (w->pid == 0 || w->input < 0
		    || now - w->started < p->opts->timeout_seconds)
			continue;
		kill(w->pid, SIGKILL);
		w->killed_for_timeout = true;
		S_worker_died(p, w);
	}
}

static void S_poll_once(pool *p)
{
	struct pollfd *fds = p->fds;
	int n = 0;
	for (int i = 0; i < p->n_workers; i++) {
		worker *w = &p->workers[i];
		fds[n++] = (struct pollfd){.fd = w->pid ? w->result_fd : -1,
		                           .events = POLLIN};
		fds[n++] = (struct pollfd){.fd = w->pid ? w->err_fd : -1,
		                           .events = POLLIN};
	}
	if (poll(fds, (nfds_t)n, S_poll_timeout_ms(p)) < 0)
		return; /* EINTR: the caller loops */
	for (int i = 0; i < p->n_workers; i++) {
		worker *w = &p->workers[i];
		if (w->pid == 0)
			continue;
		if (fds[2 * i + 1].revents)
			S_read_err(p, w);
		if (fds[2 * i].revents && !S_read_frames(p, w))
			S_worker_died(p, w);
	}
}

static bool S_busy(const pool *p)
{
	for (int i = 0; i < p->n_workers; i++)
		if (p->workers[i].pid && p->workers[i].input >= 0)
			return true;
	return false;
}

/* Close the task pipes so the workers exit, reap them, forward the last of
 * their stderr (sanitizer reports land here). */
static void S_shutdown(pool *p)
{
	for (int i = 0; i < p->n_workers; i++) {
		worker *w = &p->workers[i];
		if (w->pid == 0)
			continue;
		if (p->tally->aborted || S_stop_signal)
			kill(w->pid, SIGKILL);
		S_close(&w->task_fd);
	}
	for (int i = 0; i < p->n_workers; i++) {
		worker *w = &p->workers[i];
		if (w->pid == 0)
			continue;
		if (p->tally->aborted)
			w->input = -1;
		int fd_flags = fcntl(w->err_fd, F_GETFL);
		fcntl(w->err_fd, F_SETFL, fd_flags & ~O_NONBLOCK);
		while (w->err_fd >= 0 && S_read_err(p, w))
			;
		S_worker_died(p, w);
	}
}

/* Whether an input's first bytes are an archive's (a .docx too: a worker
 * more, idle, costs nothing).  Only asked when inputs are fewer than -j. */
static bool S_any_archive(const nb_input_list *inputs)
{
	for (size_t i = 0; i < inputs->count; i++) {
		if (inputs->items[i].walk_error)
			continue;
		int fd = open(inputs->items[i].path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		unsigned char head[512];
		ssize_t got = read(fd, head, sizeof head);
		close(fd);
		if (got >= 4 && (!memcmp(head, "PK", 2)
		                 || nb_archive_sniff(head, (size_t)got) != NB_ARCHIVE_NONE))
			return true;
	}
	return false;
}

void nb_pool_run(const nb_batch_opts *opts, const nb_input_list *inputs,
                 const nb_record_set *done, int out_fd, bool progress,
                 nb_batch_tally *tally)
{
	pool p = {
		.opts = opts,
		.inputs = inputs,
		.done = done,
		.out_fd = out_fd,
		.progress = progress,
		.tally = tally,
		.claims = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                S_claim_free),
		.n_workers = opts->jobs,
		.requeued = g_array_new(FALSE, FALSE, sizeof(again)),
		.start_time = S_now(),
	};
	p.last_progress = p.start_time;
	/* fewer inputs than workers: fewer workers, unless an input may be an
	 * archive, whose shares keep them all busy */
	if ((size_t)p.n_workers > inputs->count && !S_any_archive(inputs))
		p.n_workers = inputs->count ? (int)inputs->count : 1;
	p.workers = nb_xcalloc((size_t)p.n_workers, sizeof *p.workers);
	for (int i = 0; i < p.n_workers; i++) {
		p.workers[i].input = -1;
		p.workers[i].task_fd = p.workers[i].result_fd = -1;
		p.workers[i].err_fd = -1;
	}
	p.fds = nb_xcalloc(2 * (size_t)p.n_workers, sizeof *p.fds);
	while (!tally->aborted && !S_stop_signal) {
		for (int i = 0; i < p.n_workers; i++)
			if (p.workers[i].input < 0)
				S_dispatch(&p, &p.workers[i]);
		if (!S_busy(&p))
			break;
		S_poll_once(&p);
		S_check_timeouts(&p);
		S_draw_progress(&p, false);
	}
	S_shutdown(&p);
	tally->stop_signal = S_stop_signal;
	S_clear_progress(&p);
	for (int i = 0; i < p.n_workers; i++) {
		nb_buf_free(&p.workers[i].frames);
		nb_buf_free(&p.workers[i].err_line);
		nb_buf_free(&p.workers[i].err_tail);
	}
	g_hash_table_destroy(p.claims);
	g_array_free(p.requeued, TRUE);
	free(p.fds);
	free(p.workers);
}
