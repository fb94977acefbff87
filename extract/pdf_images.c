/*
 * pdf_images.c — can any page of a PDF draw an image?  Told from the bytes.
 *
 * Auto OCR asks poppler for a text page's images where a table picture
 * could fit (pdf.c, S_table_picture), and poppler_page_get_image_mapping
 * interprets the page a second time, its fonts loaded again: a fifth of a
 * text PDF's instructions.  Most reports hold no image at all, which the
 * file's own bytes tell for a small fraction of that cost:
 *
 *  - an image XObject is a stream whose dictionary says /Subtype /Image.  A
 *    stream cannot sit in an object stream and encryption leaves names
 *    alone, so that dictionary is in the file as written;
 *  - an inline image (BI … ID … EI) sits in a content stream: a page's
 *    contents, a form, a Type 3 glyph, a pattern, an annotation's
 *    appearance.  Every stream that could be one is read (unfiltered, or
 *    Flate without a predictor) and searched for the BI operator.
 *
 * Font programs, cross-reference and object streams and XMP metadata draw
 * nothing and are skipped.  Whatever is not understood answers "maybe": a
 * name spelled with # escapes that means Image, a /Subtype given by
 * reference, another filter, an encrypted file, a stream without its end,
 * Flate data that does not inflate whole.  So false means no page can draw
 * an image, and the image lists need not be asked for; true means ask.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/base.h"
#include "pdf_images_internal.h"

/* A content stream inflated past this is not read to its end: maybe. */
#define MAX_INFLATED ((size_t)64 << 20)

static bool S_white(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
	       || c == '\0';
}

static bool S_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '['
	       || c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int S_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first `what` in [from, end), or NULL (memmem is a GNU extension). */
static const unsigned char *S_find(const unsigned char *from,
                                   const unsigned char *end, const char *what)
{
	size_t n = strlen(what);
	for (const unsigned char *p = from; (size_t)(end - p) >= n; p++) {
		p = memchr(p, what[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p + 1, what + 1, n - 1) == 0)
			return p;
	}
	return NULL;
}

/* The name starting after the '/' at `p`, # escapes decoded, into `out`
 * (truncated to `cap` - 1 bytes, which no name compared here reaches);
 * returns where the name ends. */
static const unsigned char *S_name(const unsigned char *p,
                                   const unsigned char *end, char *out,
                                   size_t cap)
{
	size_t n = 0;
	while (p < end && !S_white(*p) && !S_delim(*p)) {
		unsigned char c = *p++;
		if (c == '#' && end - p >= 2 && S_hex(p[0]) >= 0
		    && S_hex(p[1]) >= 0) {
			c = (unsigned char)(S_hex(p[0]) * 16 + S_hex(p[1]));
			p += 2;
		}
		if (n + 1 < cap)
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return p;
}

static const unsigned char *S_skip_white(const unsigned char *p,
                                         const unsigned char *end)
{
	while (p < end && S_white(*p))
		p++;
	return p;
}

/* Object syntax between streams: does a name spelled with escapes mean
 * Image (spelled plainly it was found already), or is a /Subtype given
 * by reference? */
static bool S_plain_maybe(const unsigned char *p, const unsigned char *end)
{
	char name[16];
	while ((p = memchr(p, '/', (size_t)(end - p))) != NULL) {
		const unsigned char *start = ++p;
		p = S_name(p, end, name, sizeof name);
		if (memchr(start, '#', (size_t)(p - start))
		    && strcmp(name, "Image") == 0)
			return true;
		if (strcmp(name, "Subtype") == 0) {
			const unsigned char *v = S_skip_white(p, end);
			if (v < end && *v >= '0' && *v <= '9')
				return true;
		}
	}
	return false;
}

/* Is `key` in the dictionary text, followed by the name `value` (NULL:
 * by anything)? */
static bool S_dict_has(const unsigned char *dict, const unsigned char *end,
                       const char *key, const char *value)
{
	size_t klen = strlen(key);
	for (const unsigned char *p = dict; (p = S_find(p, end, key)) != NULL;) {
		p += klen;
		if (p < end && !S_white(*p) && !S_delim(*p))
			continue; /* a longer name */
		if (!value)
			return true;
		p = S_skip_white(p, end);
		char name[16];
		if (p < end && *p == '/'
		    && (S_name(p + 1, end, name, sizeof name),
		        strcmp(name, value) == 0))
			return true;
	}
	return false;
}

/* A stream that draws nothing: a font program, a cross-reference or
 * object stream, metadata. */
static bool S_draws_nothing(const unsigned char *dict, const unsigned char *end)
{
	static const char *const types[] = {"XRef", "ObjStm", "Metadata"};
	static const char *const subtypes[] = {"Type1C", "CIDFontType0C",
	                                       "OpenType", "XML"};
	if (S_dict_has(dict, end, "/Length1", NULL)
	    || S_dict_has(dict, end, "/Length2", NULL)
	    || S_dict_has(dict, end, "/Length3", NULL))
		return true;
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (S_dict_has(dict, end, "/Type", types[i]))
			return true;
	for (size_t i = 0; i < sizeof subtypes / sizeof *subtypes; i++)
		if (S_dict_has(dict, end, "/Subtype", subtypes[i]))
			return true;
	return false;
}

typedef enum { FILTER_NONE, FILTER_FLATE, FILTER_OTHER } filter_kind;

/* The stream's filter: none, Flate alone without parameters (a predictor
 * would change the bytes searched), or something not read here. */
static filter_kind S_filter(const unsigned char *dict, const unsigned char *end)
{
	const unsigned char *f = S_find(dict, end, "/Filter");
	if (!f)
		return S_dict_has(dict, end, "/DecodeParms", NULL) ? FILTER_OTHER
		                                                   : FILTER_NONE;
	if (S_find(f + 7, end, "/Filter") || S_dict_has(dict, end, "/DecodeParms", NULL))
		return FILTER_OTHER;
	const unsigned char *p = S_skip_white(f + 7, end);
	bool array = p < end && *p == '[';
	if (array)
		p = S_skip_white(p + 1, end);
	char name[16];
	if (!(p < end && *p == '/'))
		return FILTER_OTHER;
	p = S_name(p + 1, end, name, sizeof name);
	if (strcmp(name, "FlateDecode") != 0)
		return FILTER_OTHER;
	p = S_skip_white(p, end);
	if (array && !(p < end && *p == ']'))
		return FILTER_OTHER;
	return FILTER_FLATE;
}

/* Does content-stream text hold the BI operator (a token on its own)? */
static bool S_has_inline_image(const unsigned char *data, size_t len)
{
	const unsigned char *end = data + len;
	for (const unsigned char *p = data; (p = S_find(p, end, "BI")) != NULL;
	     p++) {
		bool before = p == data || S_white(p[-1]) || S_delim(p[-1]);
		bool after = p + 2 == end || S_white(p[2]) || S_delim(p[2]);
		if (before && after)
			return true;
	}
	return false;
}

/* Inflate `data` whole and search it; anything short of a clean end of
 * the Flate data is a maybe. */
static bool S_flate_maybe(const unsigned char *data, size_t len)
{
	z_stream z = {0};
	if (inflateInit(&z) != Z_OK)
		return true;
	size_t cap = len * 4 + 4096, got = 0;
	unsigned char *out = nb_xmalloc(cap);
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (got == cap) {
			if (cap >= MAX_INFLATED)
				break;
			cap *= 2;
			out = nb_xrealloc(out, cap);
		}
		z.next_out = out + got;
		z.avail_out = (uInt)(cap - got > UINT32_MAX ? UINT32_MAX : cap - got);
		rc = inflate(&z, Z_NO_FLUSH);
		got = (size_t)(z.next_out - out);
		if (rc == Z_BUF_ERROR && z.avail_out == 0)
			rc = Z_OK; /* the output was full: grow it */
	}
	inflateEnd(&z);
	bool maybe = rc != Z_STREAM_END || S_has_inline_image(out, got);
	free(out);
	return maybe;
}

/* The stream whose keyword "stream" is at `kw`, its dictionary starting
 * after `obj`: may it draw an image?  *next: where its data ends. */
static bool S_stream_maybe(const unsigned char *obj, const unsigned char *kw,
                           const unsigned char *end,
                           const unsigned char **next)
{
	const unsigned char *data = kw + 6;
	if (data < end && *data == '\r')
		data++;
	if (data < end && *data == '\n')
		data++;
	const unsigned char *stop = S_find(data, end, "endstream");
	if (!stop)
		return true;
	*next = stop + 9;
	if (S_draws_nothing(obj, kw))
		return false;
	switch (S_filter(obj, kw)) {
	case FILTER_NONE:
		return S_has_inline_image(data, (size_t)(stop - data));
	case FILTER_FLATE:
		return S_flate_maybe(data, (size_t)(stop - data));
	default:
		return true;
	}
}

/* Is the "stream" at `kw` the keyword after a dictionary (">>", white
 * space)?  Then *obj: where its object starts ("obj"). */
static bool S_stream_keyword(const unsigned char *from, const unsigned char *kw,
                             const unsigned char **obj)
{
	const unsigned char *p = kw;
	while (p > from && S_white(p[-1]))
		p--;
	if (!(p - from >= 2 && p[-1] == '>' && p[-2] == '>'))
		return false;
	const unsigned char *o = NULL;
	for (const unsigned char *q = from; (q = S_find(q, p, "obj")) != NULL;
	     q += 3)
		o = q + 3;
	if (!o)
		return false;
	o = S_skip_white(o, p);
	*obj = o;
	return p - o >= 2 && o[0] == '<' && o[1] == '<';
}

/* Is the name `name` (with its '/') anywhere, as a whole name?  A
 * procedure set's /ImageB or /ImageC is not /Image. */
static bool S_has_name(const unsigned char *data, const unsigned char *end,
                       const char *name)
{
	size_t n = strlen(name);
	for (const unsigned char *p = data; (p = S_find(p, end, name)) != NULL;
	     p++)
		if (p + n == end || S_white(p[n]) || S_delim(p[n]))
			return true;
	return false;
}

bool nb_pdf_may_draw_images(const unsigned char *data, size_t len)
{
	const unsigned char *end = data + len;
	if (S_has_name(data, end, "/Image") || S_has_name(data, end, "/Encrypt"))
		return true;
	const unsigned char *at = data;
	for (;;) {
		const unsigned char *kw = S_find(at, end, "stream");
		if (!kw)
			return S_plain_maybe(at, end);
		if (kw - at >= 3 && memcmp(kw - 3, "end", 3) == 0)
			return true; /* a stream's data held "endstream": its end is
			              * where /Length says, which is not read here */
		const unsigned char *obj;
		if (!S_stream_keyword(at, kw, &obj) || S_plain_maybe(at, kw))
			return true;
		if (S_stream_maybe(obj, kw, end, &at))
			return true;
	}
}
