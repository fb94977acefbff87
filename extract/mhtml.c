/*
 * mhtml.c — saved pages (MHTML: .mht, .mhtml): a MIME multipart/related
 * message whose first text/html part is the page, its images and styles in
 * the other parts.  GMime parses the MIME structure and undoes the
 * transfer encoding (quoted-printable, base64); the part's charset label
 * goes to the HTML reader, which reads the page as it would a file.
 */
#include <gmime/gmime.h>

#include "extract.h"

enum { MAX_PARTS = 10000 };

static gsize S_ready;

/* The first text/html leaf, depth first, at most MAX_PARTS looked at. */
static GMimePart *S_html_part(GMimeObject *top)
{
	GMimeObject *stack[64];
	size_t n = 0, seen = 0;
	stack[n++] = top;
	while (n && seen++ < MAX_PARTS) {
		GMimeObject *obj = stack[--n];
		if (GMIME_IS_MULTIPART(obj)) {
			GMimeMultipart *multi = GMIME_MULTIPART(obj);
			int count = g_mime_multipart_get_count(multi);
			/* pushed in reverse so that the first part comes first */
			for (int i = count - 1; i >= 0; i--)
				if (n < sizeof stack / sizeof stack[0])
					stack[n++] = g_mime_multipart_get_part(multi, i);
			continue;
		}
		GMimeContentType *type = g_mime_object_get_content_type(obj);
		if (GMIME_IS_PART(obj) && type
		    && g_mime_content_type_is_type(type, "text", "html"))
			return GMIME_PART(obj);
	}
	return NULL;
}

nb_status nb_extract_mhtml(const unsigned char *data, size_t len,
                           const nb_limits *limits, nb_doc **out,
                           nb_error *err)
{
	*out = NULL;
	if (len > nb_limits_input_bytes(limits))
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "input is %zu bytes, over the limit of %zu", len,
		                    nb_limits_input_bytes(limits));
	if (g_once_init_enter(&S_ready)) {
		g_mime_init();
		g_once_init_leave(&S_ready, 1);
	}
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)data,
	                                                        len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	GMimeObject *top = message ? g_mime_message_get_mime_part(message) : NULL;
	GMimePart *part = top ? S_html_part(top) : NULL;
	if (!part) {
		if (message)
			g_object_unref(message);
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "a saved page (MHTML) with no text/html part");
	}
	GMimeStream *page = g_mime_stream_mem_new();
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	if (content)
		g_mime_data_wrapper_write_to_stream(content, page);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(page));
	const char *charset = g_mime_object_get_content_type_parameter(
		GMIME_OBJECT(part), "charset");
	nb_status status = nb_extract_html(bytes->data, bytes->len, charset,
	                                   limits, out, err);
	if (status == NB_OK)
		(*out)->kind = NB_SOURCE_MHTML;
	g_object_unref(page);
	g_object_unref(message);
	return status;
}
