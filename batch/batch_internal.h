/*
 * batch_internal.h — what the files of batch mode share (the .c files of batch/).
 *
 * Batch mode is `nianbao extract` over many inputs: the parent process
 * collects the inputs (inputs.c), reads an existing output for
 * --resume (resume.c), and runs a pool of long-lived worker processes
 * (pool.c) that each extract many files (worker.c) and send the
 * JSONL records back over pipes.  Workers are processes, not threads, so
 * that a file which crashes, hangs or exhausts memory inside poppler takes
 * only its worker down.  Private to batch/: nothing here is installed.
 */
#ifndef NB_BATCH_INTERNAL_H
#define NB_BATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "batch.h"

/* ---- options ------------------------------------------------------------- */

/** Batch mode reads the options of `nianbao extract` (batch.h). */
typedef nb_extract_opts nb_batch_opts;

/* ---- inputs ---------------------------------------------------------------- */

/** One input of the batch: a file to extract, or a directory that could
 *  not be walked (`walk_error` set), which gets an io_error record from the
 *  parent so that nothing is lost silently. */
typedef struct nb_input {
	char *path;
	char *walk_error;
} nb_input;

typedef struct nb_input_list {
	nb_input *items;
	size_t count, cap;
	/* files a walk left out, by reason, for the summary line */
	size_t skipped_names;   /* regular files of no input kind's name */
	size_t skipped_special; /* FIFOs, devices, sockets */
	size_t skipped_unreadable; /* entries of other names the walk could
	                              not stat (a dangling link, no access) */
} nb_input_list;

/**
 * Collect the inputs named by `paths` (--files-from's list included by
 * the caller, batch.c): a directory is walked recursively for *.pdf,
 * *.txt, *.md, *.html, *.htm, *.shtml, *.mht and *.mhtml (any case; the
 * reader is then chosen by content), other files counted in
 * skipped_names/skipped_special,
 * entries sorted bytewise, symbolic links followed, each directory entered
 * once (by device and inode, so link loops end); a file is taken whatever
 * its name.  The same file (device and inode) reached twice is listed once,
 * under the first path.
 */
void nb_inputs_collect(char *const *paths, int count, nb_input_list *out);
void nb_inputs_free(nb_input_list *list);

/** True when `name` ends in an input kind's extension (.pdf, .txt, .md,
 *  .html, .htm, .shtml, .mht, .mhtml, .docx, .odt, and the legacy .doc,
 *  .wps, .rtf that get their legacy_word record; the archives .zip, .rar,
 *  .7z, .tar and compressed tars), any case. */
bool nb_inputs_wanted_name(const char *name);

/* ---- records already written (--resume) ------------------------------------ */

/** A set of (file, sha256) keys; a NULL sha256 is a key of its own (an
 *  input that could not be read).  The first report or error record of
 *  each sha256 is its "first file", the path duplicate records point to. */
typedef struct nb_record_set nb_record_set;

nb_record_set *nb_record_set_new(void);
void nb_record_set_free(nb_record_set *set);
void nb_record_set_add(nb_record_set *set, const char *file,
                       const char *sha256, bool is_duplicate);
bool nb_record_set_contains(const nb_record_set *set, const char *file,
                            const char *sha256);
size_t nb_record_set_size(const nb_record_set *set);
/** The first file recorded with these bytes by a report or an error
 *  record, or NULL (always for a NULL or "" sha256): --resume gives
 *  another path with them a duplicate record. */
const char *nb_record_set_first_file(const nb_record_set *set,
                                     const char *sha256);
/** The duplicate record of `file` (one line with '\n', malloc'd):
 *  {"source": {"file", "sha256"}, "duplicate_of": first}. */
char *nb_batch_duplicate_line(const char *file, const char *sha256,
                              const char *first);

/**
 * Read the JSONL output at `path` into `set`.  A last line without its
 * newline (the torn end of a killed run) is cut off the file, and
 * *dropped_torn says so.  A missing file is an empty set.  Returns 0, or -1
 * with a message in `message` (size 256).
 */
int nb_records_load(const char *path, nb_record_set *set, bool *dropped_torn,
                    char *message);

/* ---- the parent <-> worker protocol ---------------------------------------- */

/*
 * Parent to worker: a task, [uint32 length][path bytes], and after the
 * worker's STARTED frame one verdict byte: NB_VERDICT_EXTRACT, or
 * NB_VERDICT_NEXT when the bytes already have a record (the parent skips
 * the input or writes its duplicate record; the worker takes the next
 * task).  End of file on the task pipe tells the worker to exit.
 *
 * Worker to parent: frames [uint8 type][uint32 length][payload], host byte
 * order (both ends are the same binary on the same machine):
 *   NB_FRAME_STARTED  payload: the input's sha256 in hex, or empty when the
 *                     file cannot be read; sent before extraction so that a
 *                     crash record can still carry the hash.
 *   NB_FRAME_RECORD   payload: [int32 status][one JSONL record with '\n'].
 *
 * An archive is many inputs, read in shares by several workers at once
 * (nb_archive_set_shard): the worker says NB_FRAME_ARCHIVE (empty payload)
 * instead of STARTED and reads the parent's answer, a uint32: how many
 * shares the archive is read in (the parent hands the other shares to
 * other workers as tasks of their own).  Then for each member of its
 * share (or for the archive itself when it gives none) NB_FRAME_MEMBER
 * with the name records show, followed by STARTED, the verdict and RECORD
 * as for a file (the timeout counts per member), then NB_FRAME_SKIPPED
 * (payload: uint64 counts of members left out, by nb_archive_skip) and
 * NB_FRAME_DONE, which ends the task.  A task is [uint32 length][path
 * bytes][uint32 members to pass over][uint32 share][uint32 shares, 0 when
 * not decided yet]: a worker that died inside an archive leaves the
 * members of its share it recorded to the next worker, which starts after
 * them.
 */
enum {
	NB_FRAME_STARTED = 'S',
	NB_FRAME_RECORD = 'R',
	NB_FRAME_ARCHIVE = 'A',
	NB_FRAME_MEMBER = 'M',
	NB_FRAME_SKIPPED = 'K',
	NB_FRAME_DONE = 'D',
	NB_FRAME_HEADER = 5,
	NB_VERDICT_EXTRACT = 'X',
	NB_VERDICT_NEXT = 'N',
};

/** Record codes only batch mode produces (beyond nb_status' 3..12). */
enum {
	NB_BATCH_CRASHED = 100,
	NB_BATCH_TIMEOUT = 101,
	NB_BATCH_OUT_OF_MEMORY = 102,
};

/** Stable code of a record status: nb_status_code for 3..12, "crashed",
 *  "timeout", "out_of_memory" for the batch codes. */
const char *nb_batch_code(int status);

/** A new error record `{"source": {"file", "sha256"}, "error": {"code",
 *  "message"}}` as one JSONL line (malloc'd, ends in '\n').  `sha256` may be
 *  NULL or empty: the record then holds null. */
char *nb_batch_error_line(const char *file, const char *sha256, int status,
                          const char *message);

/** What a worker process needs; everything is inherited through fork(). */
typedef struct nb_worker_setup {
	int task_fd;                   /**< read end of the task pipe */
	int result_fd;                 /**< write end of the result pipe */
	const nb_batch_opts *opts;
	long parent_pid;               /**< the batch parent, to die with it */
} nb_worker_setup;

/** The worker process: set its limits, then extract task after task until
 *  the task pipe ends.  Never returns; exits 0 at the end of the tasks. */
_Noreturn void nb_worker_main(const nb_worker_setup *setup);

/* ---- the pool ---------------------------------------------------------------- */

/** Counts of one batch, for the summary line and the exit status. */
typedef struct nb_batch_tally {
	size_t ok, failed, skipped;
	size_t duplicates;          /**< duplicate records written */
	size_t by_status[128];      /**< failures by record status */
	bool worker_trouble;        /**< a worker exited badly between files */
	bool aborted;               /**< output or fork failed: stopped early */
	bool reader_gone;           /**< stdout's reader went away (EPIPE):
	                                 stopped early, quietly */
	int stop_signal;            /**< SIGINT/SIGTERM stopped the batch */
	size_t archive_skipped[NB_ARCHIVE_SKIP_COUNT]; /**< members of archives
	                                 left out, by nb_archive_skip */
	size_t abandoned;           /**< files in flight when it stopped */
} nb_batch_tally;

/** The SIGINT/SIGTERM handler of a batch: the pool stops taking files,
 *  kills its workers and leaves their files for --resume. */
void nb_pool_stop(int sig);

/**
 * Run every input of `inputs` through a pool of opts->jobs workers and
 * write each record with one write() to `out_fd`.  `done` (may be NULL)
 * holds the records to skip.  `progress` draws a progress line on stderr.
 */
void nb_pool_run(const nb_batch_opts *opts, const nb_input_list *inputs,
                 const nb_record_set *done, int out_fd, bool progress,
                 nb_batch_tally *tally);

#endif
