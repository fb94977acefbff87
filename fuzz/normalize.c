/*
 * fuzz/normalize.c — libFuzzer target: the text normalizer on raw bytes.
 *
 * nb_normalize promises to take any bytes (invalid UTF-8 becomes U+FFFD)
 * in both forms; the MATCH form then goes through the cell tokenizer, as
 * every table cell does.  The compiled normalizer is built once per
 * process, as the CLI does: libFuzzer's entry points leave no other place
 * to keep it than a file-scope pointer.
 */
#include <stdlib.h>
#include <string.h>

#include "../nianbao.h"
#include "fuzz.h"

static nb_normalizer *normalizer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nb_error err = {0};
	normalizer = nb_normalizer_new(NB_REGEX_JIT, &err);
	if (!normalizer)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_arena *arena = nb_arena_new();
	const char *text = (const char *)data;
	char *match = nb_normalize(normalizer, NB_NORM_MATCH, text, size, arena);
	char *prose = nb_normalize(normalizer, NB_NORM_PROSE, text, size, arena);
	double value = 0;
	const char *unit = NULL;
	nb_token_classify(match, &value, &unit);
	/* The schema normalizes cell texts that are already PROSE-normalized
	 * into MATCH form: run that path too. */
	nb_normalize(normalizer, NB_NORM_MATCH, prose, strlen(prose), arena);
	nb_arena_free(arena);
	return 0;
}
