/*
 * fuzz/normalize.c — libFuzzer target: the text normalizer on raw bytes.
 *
 * nb_normalize promises to take any bytes (invalid UTF-8 becomes U+FFFD)
 * in both forms; the MATCH form then goes through the cell tokenizer, as
 * every table cell does (the normalizer comes from fuzz/common.c).
 */
#include <stdlib.h>
#include <string.h>

#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const nb_normalizer *normalizer = nb_fuzz_normalizer();
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
