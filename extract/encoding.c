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

char *nb_enc_to_utf8(const char *from, const unsigned char *data, size_t len,
                     size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16;
	char *out = nb_xmalloc(cap);
	char *in = (char *)data;
	size_t in_left = len;
	char *o = out;
	size_t o_left = cap - 1;
	bool ok = true;
	while (in_left > 0) {
		if (iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1)
			continue;
		if (errno != E2BIG) {
			ok = false; /* EILSEQ or EINVAL: not this encoding */
			break;
		}
		size_t used = (size_t)(o - out);
		cap *= 2;
		out = nb_xrealloc(out, cap);
		o = out + used;
		o_left = cap - used - 1;
	}
	if (ok && iconv(cd, NULL, NULL, &o, &o_left) == (size_t)-1)
		ok = false;
	iconv_close(cd);
	if (!ok) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}
