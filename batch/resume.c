/*
 * batch_resume.c — what an earlier run already wrote, for --resume.
 *
 * A record is keyed by its bytes (source.sha256), whatever the path: the
 * same path with the same bytes is done; the same bytes under another path
 * (an archive moved or re-mounted, a copy) are not extracted again but get
 * a duplicate record {"source": {"file", "sha256"}, "duplicate_of": the
 * first path recorded with them}, so every input still has one line; a
 * file edited since is extracted again.  Only a report or an error record
 * makes a path the one duplicates point to: a duplicate record never does,
 * so a duplicate_of always names a path whose record holds the bytes.  A file that could not be
 * read has a null sha256, which is a key of its own (the worker that meets
 * it unreadable again skips it).  A file name that is not UTF-8 is keyed
 * in the form records show it (U+FFFD for each bad byte).
 *
 * Records are appended whole with one write() each, so the only damage a
 * kill -9 can leave is a last line without its newline (a write cut short);
 * that torn line is cut off before new records are appended.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "batch_internal.h"

struct nb_record_set {
	GHashTable *keys;      /* "<sha256 or ->\t<file>" */
	GHashTable *first;     /* sha256 → the first file recorded with it */
};

nb_record_set *nb_record_set_new(void)
{
	nb_record_set *set = nb_xcalloc(1, sizeof *set);
	set->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	set->first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                   g_free);
	return set;
}

void nb_record_set_free(nb_record_set *set)
{
	if (!set)
		return;
	g_hash_table_destroy(set->keys);
	g_hash_table_destroy(set->first);
	free(set);
}

/* "<sha256 or ->\t<file>": the hash part has a fixed form, so no file name
 * can make two keys collide. */
static char *S_key(const char *file, const char *sha256)
{
	char *shown = g_utf8_make_valid(file, -1);
	char *key = g_strdup_printf("%s\t%s", sha256 && *sha256 ? sha256 : "-",
	                            shown);
	g_free(shown);
	return key;
}

void nb_record_set_add(nb_record_set *set, const char *file,
                       const char *sha256, bool is_duplicate)
{
	g_hash_table_add(set->keys, S_key(file, sha256));
	if (!is_duplicate && sha256 && *sha256
	    && !g_hash_table_contains(set->first, sha256))
		g_hash_table_insert(set->first, g_strdup(sha256),
		                    g_utf8_make_valid(file, -1));
}

const char *nb_record_set_first_file(const nb_record_set *set,
                                     const char *sha256)
{
	if (!sha256 || !*sha256)
		return NULL;
	return g_hash_table_lookup(set->first, sha256);
}

bool nb_record_set_contains(const nb_record_set *set, const char *file,
                            const char *sha256)
{
	char *key = S_key(file, sha256);
	bool found = g_hash_table_contains(set->keys, key);
	g_free(key);
	return found;
}

size_t nb_record_set_size(const nb_record_set *set)
{
	return g_hash_table_size(set->keys);
}

/* Add the key of one JSONL line; false when it is not a record. */
static bool S_add_line(nb_record_set *set, const char *line, size_t len)
{
	json_error_t jerr;
	json_t *record = json_loadb(line, len, 0, &jerr);
	json_t *source = json_object_get(record, "source");
	const char *file = json_string_value(json_object_get(source, "file"));
	bool ok = file != NULL;
	if (ok)
		nb_record_set_add(set, file,
		                  json_string_value(json_object_get(source,
		                                                    "sha256")),
		                  json_object_get(record, "duplicate_of") != NULL);
	json_decref(record);
	return ok;
}

int nb_records_load(const char *path, nb_record_set *set, bool *dropped_torn,
                    char *message)
{
	*dropped_torn = false;
	FILE *file = fopen(path, "r+");
	if (!file) {
		if (errno == ENOENT)
			return 0;
		snprintf(message, 256, "cannot open: %s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, line_no = 0, bad_lines = 0;
	off_t good_end = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, file)) > 0) {
		line_no++;
		if (line[len - 1] != '\n') {
			*dropped_torn = true;
			break;
		}
		good_end += len;
		if (len > 1 && !S_add_line(set, line, (size_t)len - 1))
			bad_lines++;
	}
	free(line);
	int status = 0;
	if (ferror(file)) {
		snprintf(message, 256, "cannot read: %s", strerror(errno));
		status = -1;
	} else if (*dropped_torn && ftruncate(fileno(file), good_end) != 0) {
		snprintf(message, 256, "cannot cut the torn last line: %s",
		         strerror(errno));
		status = -1;
	} else if (bad_lines) {
		snprintf(message, 256,
		         "%zu of %zu lines are not records; is it a nianbao "
		         "JSONL output?", bad_lines, line_no);
		status = -1;
	}
	fclose(file);
	return status;
}
