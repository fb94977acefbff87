/*
 * encoding.c — byte-order marks, charset labels and strict conversion to
 * UTF-8 through iconv.
 *
 * Chinese sites label GBK pages "gb2312" (a subset): every label of the
 * family is read as GB18030, their common superset, so that a character
 * outside GB2312 (喆, 镕) is read rather than stopping the page.
 * Conversion is strict: bytes that are not valid in the encoding fail the
 * conversion, and the caller refuses them or tries the next guess; nothing
 * is replaced silently.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/base.h"
#include "encoding_internal.h"

const char *nb_enc_bom(const unsigned char *data, size_t len, size_t *bom_len)
{
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		*bom_len = 3;
		return "UTF-8";
	}
	if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
		*bom_len = 2;
		return "UTF-16LE";
	}
	if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
		*bom_len = 2;
		return "UTF-16BE";
	}
	*bom_len = 0;
	return NULL;
}

static const struct {
	const char *label, *name;
} S_labels[] = {
	{"utf-8", "UTF-8"},          {"utf8", "UTF-8"},
	{"unicode-1-1-utf-8", "UTF-8"},
	{"gb2312", "GB18030"},       {"gbk", "GB18030"},
	{"gb18030", "GB18030"},      {"gb_2312-80", "GB18030"},
	{"gb_2312", "GB18030"},      {"x-gbk", "GB18030"},
	{"cp936", "GB18030"},        {"windows-936", "GB18030"},
	{"euc-cn", "GB18030"},       {"x-euc-cn", "GB18030"},
	{"csgb2312", "GB18030"},     {"chinese", "GB18030"},
	{"iso-ir-58", "GB18030"},    {"hz-gb-2312", "HZ"},
	{"big5", "BIG5-HKSCS"},      {"big5-hkscs", "BIG5-HKSCS"},
	{"x-x-big5", "BIG5-HKSCS"},  {"cn-big5", "BIG5-HKSCS"},
	{"utf-16", "UTF-16LE"},      {"utf-16le", "UTF-16LE"},
	{"utf-16be", "UTF-16BE"},
	{"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
	{"us-ascii", "WINDOWS-1252"},   {"ascii", "WINDOWS-1252"},
	{"windows-1252", "WINDOWS-1252"},
};

const char *nb_enc_canonical(const char *label, size_t len)
{
	while (len && (*label == ' ' || *label == '"' || *label == '\''
	               || *label == '\t')) {
		label++;
		len--;
	}
	while (len && (label[len - 1] == ' ' || label[len - 1] == '"'
	               || label[len - 1] == '\'' || label[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < sizeof S_labels / sizeof S_labels[0]; i++)
		if (strlen(S_labels[i].label) == len
		    && !strncasecmp(S_labels[i].label, label, len))
			return S_labels[i].name;
	return NULL;
}

bool nb_enc_valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII eight bytes at a time: a page's markup is most of it */
		uint64_t word;
		while (i + 8 <= len
		       && (memcpy(&word, s + i, 8), !(word & 0x8080808080808080u)))
			i += 8;
		if (i >= len)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return false;
		if (n >= len - i)
			return false; /* cut short */
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += n + 1;
	}
	return true;
}

/* The output of a conversion, grown as it fills. */
typedef struct conv_out {
	char *buf;
	size_t cap, len;
} conv_out;

static void S_reserve(conv_out *out, size_t more)
{
	while (out->cap - out->len < more + 1) { /* + the final NUL */
		out->cap *= 2;
		out->buf = nb_xrealloc(out->buf, out->cap);
	}
}

/* Convert `len` bytes at `data` with `cd`, appending to `out`; false when
 * they are not valid in the encoding (EILSEQ) or cut short (EINVAL). */
static bool S_iconv_append(iconv_t cd, const unsigned char *data, size_t len,
                           conv_out *out)
{
	char *in = (char *)data;
	size_t in_left = len;
	while (in_left > 0) {
		S_reserve(out, 16);
		char *o = out->buf + out->len;
		size_t o_left = out->cap - out->len - 1;
		size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
		out->len = (size_t)(o - out->buf);
		if (rc != (size_t)-1)
			continue;
		if (errno != E2BIG)
			return false; /* EILSEQ or EINVAL: not this encoding */
		S_reserve(out, out->cap); /* full: double it */
	}
	return true;
}

/* How many bytes from `p` (p[0] >= 0x80) until a character that is an
 * ASCII byte, whole GB18030 characters counted: a lead byte takes one
 * more byte, three more when that one is a digit (a four-byte form).  A
 * byte under 0x80 is a character of its own only where a character
 * starts (a trail byte can be 0x30-0x39 or 0x40-0x7E). */
static size_t S_gb18030_run(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len && p[i] >= 0x80)
		i += i + 1 < len && p[i + 1] >= 0x30 && p[i + 1] <= 0x39 ? 4 : 2;
	return i < len ? i : len;
}

/* GB18030 keeps ASCII as itself, and a web page is mostly ASCII markup:
 * its ASCII runs are copied, only the runs between them go through iconv
 * (the same characters, cut where characters meet: iconv fails on the
 * same invalid bytes). */
static bool S_gb18030_append(iconv_t cd, const unsigned char *data,
                             size_t len, conv_out *out)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && data[j] < 0x80)
			j++;
		S_reserve(out, j - i);
		memcpy(out->buf + out->len, data + i, j - i);
		out->len += j - i;
		size_t run = S_gb18030_run(data + j, len - j);
		if (run && !S_iconv_append(cd, data + j, run, out))
			return false;
		i = j + run;
	}
	return true;
}

char *nb_enc_to_utf8(const char *from, const unsigned char *data, size_t len,
                     size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	conv_out out = {.cap = len * 2 + 16, .len = 0};
	out.buf = nb_xmalloc(out.cap);
	bool ok = strcmp(from, "GB18030") == 0
	                  ? S_gb18030_append(cd, data, len, &out)
	                  : S_iconv_append(cd, data, len, &out);
	if (ok) {
		S_reserve(&out, 16);
		char *o = out.buf + out.len;
		size_t o_left = out.cap - out.len - 1;
		ok = iconv(cd, NULL, NULL, &o, &o_left) != (size_t)-1;
		out.len = (size_t)(o - out.buf);
	}
	iconv_close(cd);
	if (!ok) {
		free(out.buf);
		return NULL;
	}
	out.buf[out.len] = '\0';
	*out_len = out.len;
	return out.buf;
}
