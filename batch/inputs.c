/*
 * batch_inputs.c — the list of files a batch extracts, from command-line
 * paths and from a path list on stdin (`find … | nianbao extract -`).
 *
 * Archives hold symbolic links, sometimes in loops, and directories that
 * overlap; an overnight run over 50,000 files must neither loop forever nor
 * extract a file twice.  So directories are walked following links but each
 * directory (device, inode) is entered once, and each file (device, inode)
 * is listed once, under the first path that reached it.  Entries are sorted
 * bytewise per directory so that two runs list the same files in the same
 * order (the order resume and sharding rely on).  A directory that cannot be
 * opened becomes an input with a walk error, so it gets an io_error record
 * instead of vanishing.
 */
#include <dirent.h>
#include <errno.h>
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
	size_t len = strlen(name);
	if (len < 4)
		return false;
	const char *ext = name + len - 4;
	return strcasecmp(ext, ".pdf") == 0 || strcasecmp(ext, ".txt") == 0;
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

static int S_compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *S_join(const char *dir, const char *name)
{
	size_t dir_len = strlen(dir);
	bool slash = dir_len > 0 && dir[dir_len - 1] == '/';
	return g_strdup_printf("%s%s%s", dir, slash ? "" : "/", name);
}

/* The entry names of `dir`, sorted, without "." and "..". */
static char **S_sorted_names(DIR *dir, size_t *count)
{
	size_t cap = 16, n = 0;
	char **names = nb_xmalloc(cap * sizeof *names);
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0
		    || strcmp(entry->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap *= 2;
			names = nb_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = nb_xstrdup(entry->d_name);
	}
	qsort(names, n, sizeof *names, S_compare_names);
	*count = n;
	return names;
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
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (S_first_visit(state->seen_dirs, &st))
			S_walk_dir(state, path);
	} else if (S_ISREG(st.st_mode) && nb_inputs_wanted_name(name)) {
		S_add_file(state, path, &st);
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
	char **names = S_sorted_names(dir, &count);
	closedir(dir);
	for (size_t i = 0; i < count; i++) {
		char *child = S_join(path, names[i]);
		S_walk_entry(state, child, names[i]);
		g_free(child);
		free(names[i]);
	}
	free(names);
}

/* A path given by the user: a directory is walked, anything else (even a
 * missing file, which then gets an io_error record) is an input. */
static void S_add_top(walk_state *state, const char *path)
{
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

static int S_add_stdin(walk_state *state)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len > 0)
			S_add_top(state, line);
	}
	free(line);
	return ferror(stdin) ? -1 : 0;
}

int nb_inputs_collect(char *const *paths, int count, nb_input_list *out)
{
	walk_state state = {
		.list = out,
		.seen_dirs = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                   g_free, NULL),
		.seen_files = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                    g_free, NULL),
	};
	int status = 0;
	bool stdin_read = false;
	for (int i = 0; i < count; i++) {
		if (strcmp(paths[i], "-") == 0) {
			if (!stdin_read && S_add_stdin(&state) != 0)
				status = -1;
			stdin_read = true;
		} else {
			S_add_top(&state, paths[i]);
		}
	}
	g_hash_table_destroy(state.seen_dirs);
	g_hash_table_destroy(state.seen_files);
	return status;
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
