/*
 * fuzz/replay.c — a plain main() for a fuzz target: feed it every file
 * named on the command line (directories are read, entries sorted), so
 * that inputs which once crashed a target (tests/fuzz-regressions/<target>/)
 * are replayed by `make check` with the normal compiler and sanitizers,
 * without clang or libFuzzer.  Prints "<n> inputs replayed"; a crash is the
 * failure.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../extract/extract.h"
#include "fuzz.h"

static int S_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_replay_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	if (!file) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	size_t cap = 4096, len = 0, got;
	uint8_t *data = nb_xmalloc(cap);
	while ((got = fread(data + len, 1, cap - len, file)) > 0) {
		len += got;
		if (len == cap)
			data = nb_xrealloc(data, cap *= 2);
	}
	fclose(file);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int S_replay(const char *path, size_t *count);

static int S_replay_dir(const char *path, size_t *count)
{
	DIR *dir = opendir(path);
	if (!dir)
		return -1;
	size_t n = 0, cap = 16;
	char **names = nb_xmalloc(cap * sizeof *names);
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		if (n == cap)
			names = nb_xrealloc(names, (cap *= 2) * sizeof *names);
		size_t size = strlen(path) + strlen(entry->d_name) + 2;
		names[n] = nb_xmalloc(size);
		snprintf(names[n++], size, "%s/%s", path, entry->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, S_compare);
	int status = 0;
	for (size_t i = 0; i < n; i++) {
		if (S_replay(names[i], count) != 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

static int S_replay(const char *path, size_t *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such input %s\n", path);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return S_replay_dir(path, count);
	(*count)++;
	return S_replay_file(path);
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	size_t count = 0;
	int status = 0;
	for (int i = 1; i < argc; i++)
		if (S_replay(argv[i], &count) != 0)
			status = 1;
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return status;
}
