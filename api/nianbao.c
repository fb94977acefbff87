/*
 * nianbao.c — the front door (nianbao.h): bytes → reports.
 *
 * The one place where the stages are composed: hash the bytes, extract a
 * document (the reader chosen by content), normalize it, build the
 * contract JSON.  Everything that reads an input — the CLI's single-file
 * commands, the batch workers, the tools reading a report directly, the
 * fuzz targets — goes through nb_read, so every command sees a file the
 * same way and a new reader or option needs no edit outside the library.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "../nianbao.h"

struct nb_context {
	nb_options options;
	nb_normalizer *norm;
	nb_schema *schema;
	nb_ocr *ocr;     /* tesseract, loaded by the first page that needs it */
};

struct nb_result {
	nb_status status;
	nb_error error;
	bool has_sha256;
	char sha256[65];
	json_t **reports;
	size_t n_reports;
};

nb_context *nb_context_new(const nb_options *options, nb_error *err)
{
	nb_options opts = options ? *options : (nb_options){0};
	nb_regex_mode mode = opts.expected_inputs >= 3 ? NB_REGEX_JIT
	                                               : NB_REGEX_INTERPRET;
	nb_normalizer *norm = nb_normalizer_new(mode, err);
	if (!norm)
		return NULL;
	nb_schema *schema = nb_schema_new(norm, err);
	if (!schema) {
		nb_normalizer_free(norm);
		return NULL;
	}
	nb_context *ctx = nb_xcalloc(1, sizeof *ctx);
	ctx->options = opts;
	ctx->norm = norm;
	ctx->schema = schema;
	ctx->ocr = nb_ocr_new(&opts.ocr);
	return ctx;
}

void nb_context_free(nb_context *ctx)
{
	if (!ctx)
		return;
	nb_ocr_free(ctx->ocr);
	nb_schema_free(ctx->schema);
	nb_normalizer_free(ctx->norm);
	free(ctx);
}

nb_status nb_read_doc(nb_context *ctx, const unsigned char *data, size_t len,
                      nb_doc **out, nb_error *err)
{
	nb_archive_kind archive = nb_archive_sniff(data, len);
	if (archive != NB_ARCHIVE_NONE)
		return nb_error_set(err, NB_ERR_ARCHIVE, 0,
		                    "a %s archive: each member is an input "
		                    "(nianbao extract reads them)",
		                    nb_archive_kind_name(archive));
	nb_doc *doc = NULL;
	nb_status status = nb_extract_with(data, len, &ctx->options.limits,
	                                   ctx->ocr, &doc, err);
	if (status != NB_OK)
		return status;
	status = nb_normalize_doc(ctx->norm, doc, err);
	if (status != NB_OK) {
		nb_doc_free(doc);
		return status;
	}
	*out = doc;
	return NB_OK;
}

static void S_add_report(nb_result *result, json_t *report)
{
	result->reports = nb_xrealloc(result->reports, (result->n_reports + 1)
	                                                       * sizeof *result->reports);
	result->reports[result->n_reports++] = report;
}

nb_result *nb_read(nb_context *ctx, const char *name,
                   const unsigned char *data, size_t len)
{
	char sha256[65];
	nb_sha256_hex(data, len, sha256);
	return nb_read_hashed(ctx, name, data, len, sha256);
}

nb_result *nb_read_hashed(nb_context *ctx, const char *name,
                          const unsigned char *data, size_t len,
                          const char *sha256)
{
	nb_result *result = nb_xcalloc(1, sizeof *result);
	memcpy(result->sha256, sha256, sizeof result->sha256 - 1);
	result->sha256[sizeof result->sha256 - 1] = '\0';
	result->has_sha256 = true;
	nb_doc *doc = NULL;
	result->status = nb_read_doc(ctx, data, len, &doc, &result->error);
	if (result->status != NB_OK)
		return result;
	/* A file name from an old archive may not be UTF-8 (GBK); JSON needs
	 * it valid, so undecodable bytes show as U+FFFD (as batch records do). */
	gchar *file_name = g_utf8_make_valid(name, -1);
	nb_source source = {.file = file_name, .sha256 = result->sha256};
	json_t *reports = NULL;
	result->status = nb_schema_build_all(ctx->schema, doc, &source,
	                                     ctx->options.flags, &reports,
	                                     &result->error);
	g_free(file_name);
	nb_doc_free(doc);
	size_t i;
	json_t *report;
	if (result->status == NB_OK)
		json_array_foreach(reports, i, report)
			S_add_report(result, json_incref(report));
	json_decref(reports);
	return result;
}

nb_result *nb_read_converted(nb_context *ctx, const char *name,
                             const unsigned char *data, size_t len,
                             const char *sha256, const char *converted_from)
{
	nb_result *result = nb_read_hashed(ctx, name, data, len, sha256);
	for (size_t i = 0; i < result->n_reports; i++) {
		/* the last optional key of source in the contract's order */
		json_t *source = json_object_get(result->reports[i], "source");
		if (json_is_object(source))
			json_object_set_new(source, "converted_from",
			                    json_string(converted_from));
	}
	return result;
}

nb_result *nb_result_refused(const nb_error *err, const char *sha256)
{
	nb_result *result = nb_xcalloc(1, sizeof *result);
	result->error = *err;
	result->status = err->status == NB_OK ? NB_ERR_IO : err->status;
	if (sha256 && strlen(sha256) == 64) {
		memcpy(result->sha256, sha256, 65);
		result->has_sha256 = true;
	}
	return result;
}

nb_result *nb_read_file(nb_context *ctx, const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	nb_error err = {0};
	nb_status status = nb_file_read(
		path, nb_limits_input_bytes(&ctx->options.limits), &data, &len, &err);
	if (status != NB_OK) {
		nb_result *result = nb_xcalloc(1, sizeof *result);
		result->status = status;
		result->error = err;
		return result;
	}
	nb_result *result = nb_read(ctx, path, data, len);
	free(data);
	return result;
}

void nb_result_free(nb_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->n_reports; i++)
		json_decref(result->reports[i]);
	free(result->reports);
	free(result);
}

nb_status nb_result_status(const nb_result *result)
{
	return result->status;
}

const nb_error *nb_result_error(const nb_result *result)
{
	return &result->error;
}

const char *nb_result_sha256(const nb_result *result)
{
	return result->has_sha256 ? result->sha256 : NULL;
}

size_t nb_result_count(const nb_result *result)
{
	return result->n_reports;
}

json_t *nb_result_report(const nb_result *result, size_t i)
{
	return i < result->n_reports ? result->reports[i] : NULL;
}

size_t nb_json_flags(bool pretty)
{
	return JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)
	       | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
}

char *nb_result_dumps(const nb_result *result, bool pretty)
{
	if (result->n_reports == 0)
		return NULL;
	bool one = result->n_reports == 1;
	nb_buf out = {0};
	for (size_t i = 0; i < result->n_reports; i++) {
		char *text = json_dumps(result->reports[i],
		                        nb_json_flags(one && pretty));
		nb_buf_puts(&out, text);
		nb_buf_puts(&out, "\n");
		free(text);
	}
	return out.data;
}

bool nb_library_version(size_t i, const char **name, char *buf, size_t size)
{
	if (size == 0)
		return false;
	switch (i) {
	case 0:
		*name = "poppler";
		snprintf(buf, size, "%s", poppler_get_version());
		return true;
	case 1:
		*name = "pcre2";
		if (size < 24 || pcre2_config(PCRE2_CONFIG_VERSION, buf) < 0)
			snprintf(buf, size, "?");
		return true;
	case 2:
		*name = "utf8proc";
		snprintf(buf, size, "%s", utf8proc_version());
		return true;
	case 3:
		*name = "jansson";
		snprintf(buf, size, "%s", jansson_version_str());
		return true;
	default:
		return false;
	}
}
