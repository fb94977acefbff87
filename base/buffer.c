/*
 * buffer.c — the one growable byte buffer (nb_buf): JSONL records on their
 * way through the batch pipes, CSV rows, printed accounts.  Doubling growth,
 * always NUL-terminated so a buffer of text can be used as a string.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void S_reserve(nb_buf *buf, size_t extra)
{
	if (buf->len + extra + 1 <= buf->cap)
		return;
	size_t cap = buf->cap ? buf->cap : 256;
	while (cap < buf->len + extra + 1)
		cap *= 2;
	buf->data = nb_xrealloc(buf->data, cap);
	buf->cap = cap;
}

void nb_buf_append(nb_buf *buf, const void *data, size_t len)
{
	S_reserve(buf, len);
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void nb_buf_puts(nb_buf *buf, const char *text)
{
	nb_buf_append(buf, text, strlen(text));
}

void nb_buf_printf(nb_buf *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int need = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (need <= 0)
		return;
	S_reserve(buf, (size_t)need);
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)need + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)need;
}

void nb_buf_consume(nb_buf *buf, size_t count)
{
	if (count >= buf->len) {
		buf->len = 0;
	} else {
		memmove(buf->data, buf->data + count, buf->len - count);
		buf->len -= count;
	}
	if (buf->data)
		buf->data[buf->len] = '\0';
}

void nb_buf_free(nb_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}
