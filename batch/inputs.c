/*
 * batch_inputs.c — the list of files a batch extracts, from command-line
 * paths and from a list of paths (`find … | nianbao extract --files-from -`,
 * read by batch.c).
 *
 * Archives hold symbolic links, sometimes in loops, and directories that
 * overlap; an overnight run over 50,000 files must neither loop forever nor
 * extract a file twice.  So directories are walked following links but each
 * directory (device, inode) is entered once, and each file (device, inode)
 * is listed once, under the first path that reached it.  Entries are sorted
 * bytewise per directory so that two runs list the same files in the same
 * order (the order resume and sharding rely on).  A directory that cannot be
 * opened becomes an input with a walk error, so it gets an io_error record
 * instead of vanishing; so does a path of PATH_MAX bytes or more (a file
 * named like a report or a directory met in a walk, or any path given),
 * which no open() accepts.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <glib.h>

#include "batch_internal.h"

typedef struct walk_state {
	nb_input_list *list;
	GHashTable *seen_dirs;   /* "dev:ino" of directories entered */
	GHashTable *seen_files;  /* "dev:ino" of files listed */
} walk_state;

bool nb_inputs_wanted_name(const char *name)
{
	/* Word and WPS files are walked too: the legacy ones get their
	 * legacy_word record rather than a silent skip; archives, whose
	 * members are inputs (archive/archive.h); scans (PNG, JPEG, TIFF),
	 * read by OCR */
	static const char *const exts[] = {".pdf", ".txt", ".html", ".htm",
	                                   ".shtml", ".mht", ".mhtml", ".md",
	                                   ".docx", ".odt", ".doc", ".wps",
	                                   ".rtf", ".zip", ".rar", ".7z",
	                                   ".tar", ".tgz", ".tar.gz", ".tbz2",
	                                   ".tar.bz2", ".txz", ".tar.xz", ".png",
	                                   ".jpg", ".jpeg", ".tif", ".tiff", NULL};
	size_t len = strlen(name);
	for (size_t i = 0; exts[i]; i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strcasecmp(name + len - n, exts[i]) == 0)
			return true;
	}
	return false;
}

static void S_push(nb_input_list *list, const char *path, char *walk_error)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 64;
		list->items = nb_xrealloc(list->items,
		                          list->cap * sizeof *list->items);
	}
	list->items[list->count].path = nb_xstrdup(path);
	list->items[list->count].walk_error = walk_error;
	list->count++;
}

/* Insert the identity of `st` into `seen`; false when it was there. */
static bool S_first_visit(GHashTable *seen, const struct stat *st)
{
	char *key = g_strdup_printf("%ju:%ju", (uintmax_t)st->st_dev,
	                            (uintmax_t)st->st_ino);
	if (g_hash_table_contains(seen, key)) {
		g_free(key);
		return false;
	}
	g_hash_table_add(seen, key);
	return true;
}

static void S_add_file(walk_state *state, const char *path,
                       const struct stat *st)
{
	if (st && !S_first_visit(state->seen_files, st))
		return;
	S_push(state->list, path, NULL);
}

static char *S_join(const char *dir, const char *name)
{
	size_t dir_len = strlen(dir);
	bool slash = dir_len > 0 && dir[dir_len - 1] == '/';
	return g_strdup_printf("%s%s%s", dir, slash ? "" : "/", name);
}

/* One entry of a directory.  An entry whose path is PATH_MAX bytes or
 * more cannot be opened by its path, so what it is comes from fstatat
 * relative to the open directory, while the names are read. */
typedef struct dir_entry {
	char *name;          /* first: the entries sort by name */
	bool too_long;       /* its path is too long to open */
	bool stat_ok;        /* st holds fstatat's answer (too_long only) */
	struct stat st;
} dir_entry;

static int S_compare_entries(const void *a, const void *b)
{
	return strcmp(((const dir_entry *)a)->name,
	              ((const dir_entry *)b)->name);
}

/* The entries of `dir` (at `path`), sorted by name, without "." and "..". */
static dir_entry *S_sorted_entries(DIR *dir, const char *path,
                                   size_t *count)
{
	size_t cap = 16, n = 0, path_len = strlen(path);
	dir_entry *entries = nb_xmalloc(cap * sizeof *entries);
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0
		    || strcmp(entry->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap *= 2;
			entries = nb_xrealloc(entries, cap * sizeof *entries);
		}
		dir_entry *e = &entries[n++];
		memset(e, 0, sizeof *e);
		e->name = nb_xstrdup(entry->d_name);
		/* path + "/" + name + NUL, as S_join makes it */
		e->too_long = path_len + 1 + strlen(e->name) + 1 > PATH_MAX;
		if (e->too_long)
			e->stat_ok = fstatat(dirfd(dir), e->name, &e->st, 0) == 0;
	}
	qsort(entries, n, sizeof *entries, S_compare_entries);
	*count = n;
	return entries;
}

/* The walk error of a path that cannot be opened for its length. */
static char *S_too_long(const char *path)
{
	return g_strdup_printf("path too long: %zu bytes, over the limit of "
	                       "%d (PATH_MAX); move or rename its directories",
	                       strlen(path), PATH_MAX - 1);
}

/* An entry whose path is too long to open: a directory (not walked
 * already) or a file named like a report gets a record saying so;
 * anything else is ignored as in any walk. */
static void S_walk_too_long(walk_state *state, const char *path,
                            const dir_entry *e)
{
	if (e->stat_ok && S_ISDIR(e->st.st_mode)) {
		if (S_first_visit(state->seen_dirs, &e->st))
			S_push(state->list, path, S_too_long(path));
		return;
	}
	if (!nb_inputs_wanted_name(e->name))
		return;
	if (e->stat_ok && S_ISREG(e->st.st_mode)
	    && !S_first_visit(state->seen_files, &e->st))
		return;
	if (!e->stat_ok || S_ISREG(e->st.st_mode))
		S_push(state->list, path, S_too_long(path));
}

static void S_walk_dir(walk_state *state, const char *path);

static void S_walk_entry(walk_state *state, const char *path,
                         const char *name)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		/* A dangling link named like a report is listed, so that its
		 * io_error record tells the archivist it is missing. */
		struct stat link_st;
		if (nb_inputs_wanted_name(name) && lstat(path, &link_st) == 0)
			S_add_file(state, path, NULL);
		else
			state->list->skipped_unreadable++;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (S_first_visit(state->seen_dirs, &st))
			S_walk_dir(state, path);
	} else if (S_ISREG(st.st_mode) && nb_inputs_wanted_name(name)) {
		S_add_file(state, path, &st);
	} else if (S_ISREG(st.st_mode)) {
		state->list->skipped_names++;
	} else {
		state->list->skipped_special++;
	}
}

static void S_walk_dir(walk_state *state, const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		S_push(state->list, path,
		       g_strdup_printf("cannot open directory: %s",
		                       strerror(errno)));
		return;
	}
	size_t count = 0;
	dir_entry *entries = S_sorted_entries(dir, path, &count);
	closedir(dir);
	for (size_t i = 0; i < count; i++) {
		char *child = S_join(path, entries[i].name);
		if (entries[i].too_long)
			S_walk_too_long(state, child, &entries[i]);
		else
			S_walk_entry(state, child, entries[i].name);
		g_free(child);
		free(entries[i].name);
	}
	free(entries);
}

/* A path given by the user: a directory is walked, anything else (even a
 * missing file, which then gets an io_error record) is an input. */
static void S_add_top(walk_state *state, const char *path)
{
	if (strlen(path) >= PATH_MAX) {
		S_push(state->list, path, S_too_long(path));
		return;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		S_add_file(state, path, NULL);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (S_first_visit(state->seen_dirs, &st))
			S_walk_dir(state, path);
		return;
	}
	S_add_file(state, path, S_ISREG(st.st_mode) ? &st : NULL);
}

void nb_inputs_collect(char *const *paths, int count, nb_input_list *out)
{
	walk_state state = {
		.list = out,
		.seen_dirs = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                   g_free, NULL),
		.seen_files = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                    g_free, NULL),
	};
	for (int i = 0; i < count; i++)
		S_add_top(&state, paths[i]);
	g_hash_table_destroy(state.seen_dirs);
	g_hash_table_destroy(state.seen_files);
}

void nb_inputs_free(nb_input_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].path);
		g_free(list->items[i].walk_error);
	}
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}
