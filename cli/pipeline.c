/*
 * pipeline.c — one input file through the whole library: read the bytes,
 * hash them, extract → normalize → schema.  Shared by `extract`, `text`, the
 * batch workers and the report-reading tools (check, compare, csv), so that
 * every command sees a file the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"

/* The compiled rules of normalize and schema, built once per process and
 * shared read-only by every file it reads. */
struct nb_pipeline {
	nb_normalizer *norm;
	nb_schema *schema;
};

nb_pipeline *nb_pipeline_new(size_t n_documents, nb_error *err)
{
	nb_normalizer *norm = nb_normalizer_new(
		n_documents >= 3 ? NB_REGEX_JIT : NB_REGEX_INTERPRET, err);
	if (!norm)
		return NULL;
	nb_schema *schema = nb_schema_new(norm, err);
	if (!schema) {
		nb_normalizer_free(norm);
		return NULL;
	}
	nb_pipeline *pipeline = nb_xcalloc(1, sizeof *pipeline);
	pipeline->norm = norm;
	pipeline->schema = schema;
	return pipeline;
}

void nb_pipeline_free(nb_pipeline *pipeline)
{
	if (!pipeline)
		return;
	nb_schema_free(pipeline->schema);
	nb_normalizer_free(pipeline->norm);
	free(pipeline);
}

static size_t S_max_bytes(const nb_limits *limits)
{
	return limits && limits->max_input_bytes ? limits->max_input_bytes
	                                         : (size_t)256 << 20;
}

/* Read a whole file ("-" is stdin) into a malloc'd buffer. */
static nb_status S_read_file(const char *path, const nb_limits *limits,
                             unsigned char **out, size_t *out_len,
                             nb_error *err)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0)
		return nb_error_set(err, NB_ERR_IO, 0, "cannot open: %s",
		                    strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int saved = errno;
		if (fd != STDIN_FILENO)
			close(fd);
		return nb_error_set(err, NB_ERR_IO, 0, "cannot stat: %s",
		                    strerror(saved));
	}
	if (S_ISDIR(st.st_mode)) {
		if (fd != STDIN_FILENO)
			close(fd);
		return nb_error_set(err, NB_ERR_IO, 0, "is a directory");
	}
	size_t max = S_max_bytes(limits);
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
		if (fd != STDIN_FILENO)
			close(fd);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "input larger than %zu bytes", max);
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, len = 0;
	if (cap > max + 1)
		cap = max + 1;
	unsigned char *buf = nb_xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				free(buf);
				if (fd != STDIN_FILENO)
					close(fd);
				return nb_error_set(err, NB_ERR_LIMIT, 0,
				                    "input larger than %zu bytes", max);
			}
			cap *= 2;
			buf = nb_xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int saved = errno;
			free(buf);
			if (fd != STDIN_FILENO)
				close(fd);
			return nb_error_set(err, NB_ERR_IO, 0, "cannot read: %s",
			                    strerror(saved));
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (len > max) {
		free(buf);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "input larger than %zu bytes", max);
	}
	*out = buf;
	*out_len = len;
	return NB_OK;
}

static nb_status S_doc_from_bytes(nb_pipeline *pipeline,
                                  const unsigned char *data, size_t len,
                                  const nb_run_opts *opts, nb_doc **out,
                                  nb_error *err)
{
	nb_doc *doc = NULL;
	nb_status status = nb_extract(data, len, &opts->limits, &doc, err);
	if (status != NB_OK)
		return status;
	status = nb_normalize_doc(pipeline->norm, doc, err);
	if (status != NB_OK) {
		nb_doc_free(doc);
		return status;
	}
	*out = doc;
	return NB_OK;
}

/* The report of bytes already read: hash, extract, normalize, schema. */
static nb_status S_report_from_bytes(nb_pipeline *pipeline, const char *path,
                                     const unsigned char *data, size_t len,
                                     const nb_run_opts *opts, json_t **out,
                                     char *sha256_hex, nb_error *err)
{
	char hex[65];
	nb_sha256_hex(data, len, hex);
	if (sha256_hex)
		memcpy(sha256_hex, hex, sizeof hex);
	nb_doc *doc = NULL;
	nb_status status = S_doc_from_bytes(pipeline, data, len, opts, &doc, err);
	if (status != NB_OK)
		return status;
	/* A file name from an old archive may not be UTF-8 (GBK); JSON needs
	 * it valid, so undecodable bytes show as U+FFFD (as batch records do). */
	gchar *file_name = g_utf8_make_valid(path, -1);
	nb_source source = {.file = file_name, .sha256 = hex};
	status = nb_schema_build_with(pipeline->schema, doc, &source,
	                              opts->schema_flags, out, err);
	g_free(file_name);
	nb_doc_free(doc);
	return status;
}

nb_status nb_pipeline_report(nb_pipeline *pipeline, const char *path,
                             const nb_run_opts *opts, json_t **out,
                             char *sha256_hex, nb_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (sha256_hex)
		sha256_hex[0] = '\0';
	nb_status status = S_read_file(path, &opts->limits, &data, &len, err);
	if (status != NB_OK)
		return status;
	status = S_report_from_bytes(pipeline, path, data, len, opts, out,
	                             sha256_hex, err);
	free(data);
	return status;
}

nb_status nb_pipeline_doc(nb_pipeline *pipeline, const char *path,
                          const nb_run_opts *opts, nb_doc **out,
                          nb_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	nb_status status = S_read_file(path, &opts->limits, &data, &len, err);
	if (status != NB_OK)
		return status;
	status = S_doc_from_bytes(pipeline, data, len, opts, out, err);
	free(data);
	return status;
}

/* JSON or JSONL?  Both start with '{' after optional white space. */
static bool S_looks_like_json(const unsigned char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n'
	                   || data[i] == '\r'))
		i++;
	return i < len && data[i] == '{';
}

json_t *nb_load_json_records(const unsigned char *data, size_t len,
                             nb_error *err)
{
	json_error_t jerr;
	json_t *whole = json_loadb((const char *)data, len, 0, &jerr);
	json_t *records = json_array();
	if (whole) {
		json_array_append_new(records, whole);
		return records;
	}
	/* JSONL: one record a line. */
	size_t start = 0;
	int line_no = 0;
	while (start < len) {
		const unsigned char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		line_no++;
		size_t i = start;
		while (i < end && (data[i] == ' ' || data[i] == '\r' || data[i] == '\t'))
			i++;
		if (i < end) {
			json_t *record = json_loadb((const char *)data + start,
			                            end - start, 0, &jerr);
			if (!record || !json_is_object(record)) {
				json_decref(record);
				json_decref(records);
				nb_error_set(err, NB_ERR_NOT_REPORT, 0,
				             "line %d: not a JSON report record: %s",
				             line_no, jerr.text);
				return NULL;
			}
			json_array_append_new(records, record);
		}
		start = end + 1;
	}
	return records;
}

json_t *nb_load_reports(nb_pipeline *pipeline, const char *path,
                        nb_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	/* JSONL archives of a whole batch may be far larger than one report. */
	nb_run_opts opts = {.limits = {.max_input_bytes = SIZE_MAX / 2}};
	if (S_read_file(path, &opts.limits, &data, &len, err) != NB_OK)
		return NULL;
	json_t *records = NULL;
	if (S_looks_like_json(data, len)) {
		records = nb_load_json_records(data, len, err);
	} else {
		nb_run_opts report_opts = {0};
		json_t *report = NULL;
		if (S_report_from_bytes(pipeline, path, data, len, &report_opts,
		                        &report, NULL, err) == NB_OK) {
			records = json_array();
			json_array_append_new(records, report);
		}
	}
	free(data);
	return records;
}

static void S_vprint(const char *prefix, const char *file, const char *fmt,
                     va_list ap)
{
	char message[1024];
	vsnprintf(message, sizeof message, fmt, ap);
	for (char *c = message; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (file)
		fprintf(stderr, "nianbao: %s%s: %s\n", prefix, file, message);
	else
		fprintf(stderr, "nianbao: %s%s\n", prefix, message);
}

void nb_cli_error(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vprint("error: ", file, fmt, ap);
	va_end(ap);
}

void nb_cli_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vprint("", NULL, fmt, ap);
	va_end(ap);
}

size_t nb_json_flags(bool pretty)
{
	return JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)
	       | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
}

int nb_write_atomic(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return -1;
		return 0;
	}
	size_t tmp_len = strlen(path) + 32;
	char *tmp = nb_xmalloc(tmp_len);
	snprintf(tmp, tmp_len, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t wrote = write(fd, data + done, len - done);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote < 0)
			goto fail;
		done += (size_t)wrote;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}
