/*
 * batch_io.c — small pieces the batch parent and its workers share: a
 * growable byte buffer, full reads and writes on pipes and files, and the
 * error record of the JSONL output.
 *
 * The error record has the shape the contract gives for a batch failure:
 * {"source": {"file", "sha256"}, "error": {"code", "message"}}, one line,
 * with the same dump flags as a report record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "batch_internal.h"

void nb_bytes_append(nb_bytes *buf, const void *data, size_t len)
{
	if (buf->len + len > buf->cap) {
		size_t cap = buf->cap ? buf->cap : 4096;
		while (cap < buf->len + len)
			cap *= 2;
		buf->data = nb_xrealloc(buf->data, cap);
		buf->cap = cap;
	}
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
}

void nb_bytes_consume(nb_bytes *buf, size_t count)
{
	if (count >= buf->len) {
		buf->len = 0;
		return;
	}
	memmove(buf->data, buf->data + count, buf->len - count);
	buf->len -= count;
}

void nb_bytes_release(nb_bytes *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

int nb_write_full(int fd, const void *data, size_t len)
{
	const char *bytes = data;
	while (len > 0) {
		ssize_t wrote = write(fd, bytes, len);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote < 0)
			return -1;
		bytes += wrote;
		len -= (size_t)wrote;
	}
	return 0;
}

int nb_read_full(int fd, void *data, size_t len)
{
	char *bytes = data;
	size_t got_total = 0;
	while (got_total < len) {
		ssize_t got = read(fd, bytes + got_total, len - got_total);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			return got_total == 0 ? 0 : -1;
		got_total += (size_t)got;
	}
	return 1;
}

const char *nb_batch_code(int status)
{
	switch (status) {
	case NB_BATCH_CRASHED: return "crashed";
	case NB_BATCH_TIMEOUT: return "timeout";
	case NB_BATCH_OUT_OF_MEMORY: return "out_of_memory";
	default: return nb_status_code((nb_status)status);
	}
}

char *nb_batch_error_line(const char *file, const char *sha256, int status,
                          const char *message)
{
	json_t *record = json_object();
	json_t *source = json_object();
	/* A file name that is not UTF-8 (GBK names from old archives) is
	 * shown with U+FFFD for each bad byte, as nb_record_set keys it. */
	char *shown = g_utf8_make_valid(file, -1);
	json_object_set_new(source, "file", json_string(shown));
	g_free(shown);
	json_object_set_new(source, "sha256", sha256 && *sha256
	                                          ? json_string(sha256)
	                                          : json_null());
	json_object_set_new(record, "source", source);
	json_t *error = json_object();
	json_object_set_new(error, "code", json_string(nb_batch_code(status)));
	json_object_set_new(error, "message", json_string(message));
	json_object_set_new(record, "error", error);
	char *text = json_dumps(record, nb_json_flags(false));
	json_decref(record);
	size_t len = strlen(text);
	char *line = nb_xmalloc(len + 2);
	memcpy(line, text, len);
	line[len] = '\n';
	line[len + 1] = '\0';
	free(text);
	return line;
}
