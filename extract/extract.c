/*
 * extract.c — the extract stage's front door: decide by content which
 * reader an input is for and hand it over.
 *
 * A file name says nothing reliable (reports are saved as .txt, .pdf, .htm
 * or no extension at all), so every reader has a recognizer that scores
 * the first bytes (mupdf's document handlers): the highest score wins, and
 * text, which takes anything, scores 1.  One table, one line per kind.
 */
#include <string.h>

#include "extract.h"
#include "office_internal.h"

enum { SNIFF_WINDOW = 1024, MARKUP_WINDOW = 4096, SNIFF_CERTAIN = 100 };

/* The input as the recognizers see it: its bytes, and its lowercase ASCII
 * head, made by the first recognizer that reads it (HTML and MHTML both
 * search it; made twice it was 1.5 % of a web page's instructions). */
typedef struct sniff_input {
	const unsigned char *data;
	size_t len;
	bool has_head;
	char head[MARKUP_WINDOW];
} sniff_input;

typedef struct handler {
	const char *name; /* source.kind */
	int (*recognize)(sniff_input *in);
	nb_status (*open)(const unsigned char *data, size_t len,
	                  const nb_limits *limits, nb_doc **out, nb_error *err);
	/* the reader given the OCR engine (scans), or NULL */
	nb_status (*open_ocr)(const unsigned char *data, size_t len,
	                      const nb_limits *limits, nb_ocr *ocr, nb_doc **out,
	                      nb_error *err);
} handler;

static int S_recognize_text(sniff_input *in)
{
	(void)in;
	return 1;
}

static int S_recognize_pdf(sniff_input *in)
{
	const unsigned char *data = in->data;
	size_t len = in->len;
	static const char magic[] = "%PDF-";
	size_t magic_len = sizeof magic - 1;
	for (size_t i = 0; i <= SNIFF_WINDOW && i + magic_len <= len; i++)
		if (data[i] == '%' && !memcmp(data + i, magic, magic_len))
			return SNIFF_CERTAIN;
	return 0;
}

/* The first `window` bytes with NULs (UTF-16) and a BOM left out, in
 * lower case, into `out` (NUL-terminated). */
static size_t S_ascii_head(const unsigned char *data, size_t len, char *out,
                           size_t window)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < window; i++) {
		unsigned char c = data[i];
		if (c == 0 || c >= 0x80)
			continue;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[n] = '\0';
	return n;
}

/* The input's head (S_ascii_head over MARKUP_WINDOW), made once. */
static const char *S_head(sniff_input *in)
{
	if (!in->has_head) {
		S_ascii_head(in->data, in->len, in->head, sizeof in->head);
		in->has_head = true;
	}
	return in->head;
}

/* A MIME message whose top part is multipart/related: a saved page. */
static int S_recognize_mhtml(sniff_input *in)
{
	const char *head = S_head(in);
	const char *body = strstr(head, "\n\n");
	const char *crlf = strstr(head, "\r\n\r\n");
	if (!body || (crlf && crlf < body))
		body = crlf;
	size_t header_len = body ? (size_t)(body - head) : strlen(head);
	const char *mime = strstr(head, "mime-version:");
	const char *related = strstr(head, "multipart/related");
	if (mime && related && (size_t)(related - head) < header_len)
		return 90;
	return 0;
}

/* Markup near the start: a page, not text that mentions a tag. */
static int S_recognize_html(sniff_input *in)
{
	const char *head = S_head(in);
	static const char *const tags[] = {"<!doctype html", "<html", "<head",
	                                   "<body", "<meta", "<table", "<title",
	                                   "<?xml", "<div", "<p>", "<p "};
	const char *first = NULL;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		const char *hit = strstr(head, tags[i]);
		if (hit && (!first || hit < first))
			first = hit;
	}
	if (!first)
		return 0;
	/* only white space or a comment before it: a page; else text that
	 * happens to hold a tag far down is still text */
	const char *p = head;
	while (p < first && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == first || !strncmp(p, "<!--", 4))
		return 80;
	return (strstr(head, "<html") || strstr(head, "<!doctype html")) ? 60 : 0;
}

/* HTML read with the charset it declares itself. */
static nb_status S_open_html(const unsigned char *data, size_t len,
                             const nb_limits *limits, nb_doc **out,
                             nb_error *err)
{
	return nb_extract_html(data, len, NULL, limits, out, err);
}

/* Pipe tables or an HTML <table> in text: converter output.  Below a page
 * (markup at the start) and above plain text. */
static int S_recognize_markdown(sniff_input *in)
{
	return nb_markdown_sniff(in->data, in->len) ? 70 : 0;
}

/* A ZIP package holding a Word document or an OpenDocument text. */
static int S_recognize_docx(sniff_input *in)
{
	return nb_office_sniff(in->data, in->len) == NB_OFFICE_DOCX ? 95 : 0;
}

static int S_recognize_odt(sniff_input *in)
{
	return nb_office_sniff(in->data, in->len) == NB_OFFICE_ODT ? 95 : 0;
}

/* A PNG, JPEG or TIFF file: a scan, read by OCR. */
static int S_recognize_image(sniff_input *in)
{
	return nb_image_sniff(in->data, in->len) ? SNIFF_CERTAIN : 0;
}

static nb_status S_open_image(const unsigned char *data, size_t len,
                              const nb_limits *limits, nb_doc **out,
                              nb_error *err)
{
	return nb_extract_image(data, len, limits, NULL, out, err);
}

/* One line per kind, in nb_source_kind order. */
static const handler S_handlers[NB_SOURCE_KIND_COUNT] = {
	[NB_SOURCE_TEXT] = {"text", S_recognize_text, nb_extract_text},
	[NB_SOURCE_PDF] = {"pdf", S_recognize_pdf, nb_extract_pdf, nb_extract_pdf_ocr},
	[NB_SOURCE_HTML] = {"html", S_recognize_html, S_open_html},
	[NB_SOURCE_MHTML] = {"mhtml", S_recognize_mhtml, nb_extract_mhtml},
	[NB_SOURCE_MARKDOWN] = {"markdown", S_recognize_markdown, nb_extract_markdown},
	[NB_SOURCE_DOCX] = {"docx", S_recognize_docx, nb_extract_docx},
	[NB_SOURCE_ODT] = {"odt", S_recognize_odt, nb_extract_odt},
	[NB_SOURCE_IMAGE] = {"image", S_recognize_image, S_open_image, nb_extract_image},
};

const char *nb_source_kind_name(nb_source_kind kind)
{
	if ((int)kind < 0 || kind >= NB_SOURCE_KIND_COUNT)
		return "text";
	return S_handlers[kind].name;
}

nb_source_kind nb_sniff(const unsigned char *data, size_t len)
{
	nb_source_kind best = NB_SOURCE_TEXT;
	int best_score = 0;
	sniff_input in = {.data = data, .len = len};
	/* no recognizer scores over SNIFF_CERTAIN and the first of equal
	 * scores wins, so nothing after one that gave it can change the
	 * answer: a PDF is not searched for Markdown tables and HTML tags */
	for (int k = 0; k < NB_SOURCE_KIND_COUNT && best_score < SNIFF_CERTAIN;
	     k++) {
		int score = S_handlers[k].recognize(&in);
		if (score > best_score) {
			best_score = score;
			best = (nb_source_kind)k;
		}
	}
	return best;
}

nb_status nb_extract(const unsigned char *data, size_t len,
                     const nb_limits *limits, nb_doc **out, nb_error *err)
{
	return nb_extract_with(data, len, limits, NULL, out, err);
}

nb_status nb_extract_with(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_ocr *ocr, nb_doc **out,
                          nb_error *err)
{
	switch (nb_office_sniff(data, len)) {
	case NB_OFFICE_ENCRYPTED:
		return nb_error_set(err, NB_ERR_ENCRYPTED, 0,
		                    "an encrypted Word document (needs a password)");
	case NB_OFFICE_LEGACY:
		return nb_error_set(err, NB_ERR_LEGACY_WORD, 0,
		                    "a legacy Word, WPS or RTF document");
	default:
		break;
	}
	const handler *h = &S_handlers[nb_sniff(data, len)];
	if (ocr && h->open_ocr)
		return h->open_ocr(data, len, limits, ocr, out, err);
	return h->open(data, len, limits, out, err);
}

void nb_doc_free(nb_doc *doc)
{
	if (!doc)
		return;
	nb_arena_free(doc->arena);
}
