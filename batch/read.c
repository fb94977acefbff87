/*
 * read.c — how `nianbao extract` reads one input's bytes, in single-file
 * mode and in a batch worker alike: the front door, and with --convert a
 * legacy Word file converted first (convert.c).
 */
#include "batch_internal.h"

nb_result *nb_extract_read(nb_context *ctx, const nb_extract_opts *opts,
                           const char *name, const unsigned char *data,
                           size_t len, const char *sha256)
{
	nb_result *result = nb_read_hashed(ctx, name, data, len, sha256);
	if (!opts->convert || nb_result_status(result) != NB_ERR_LEGACY_WORD)
		return result;
	nb_result_free(result);
	return nb_convert_read(ctx, opts, name, data, len, sha256);
}
