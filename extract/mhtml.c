/*
 * mhtml.c — saved pages (MHTML: .mht, .mhtml): a MIME multipart/related
 * message whose first text/html part is the page, its images and styles in
 * the other parts.  GMime parses the MIME structure and undoes the
 * transfer encoding (quoted-printable, base64); the part's charset label
 * goes to the HTML reader, which reads the page as it would a file.
 * GMime is loaded when a saved page is read (libs_internal.h), so its
 * type checks go through the table, not GMime's macros.
 */
#include "extract.h"
#include "libs_internal.h"

enum { MAX_PARTS = 10000 };

/* The first text/html leaf, depth first, at most MAX_PARTS looked at. */
static GMimePart *S_html_part(const nb_libgmime *g, GMimeObject *top)
{
	GMimeObject *stack[64];
	size_t n = 0, seen = 0;
	stack[n++] = top;
	while (n && seen++ < MAX_PARTS) {
		GMimeObject *obj = stack[--n];
		if (G_TYPE_CHECK_INSTANCE_TYPE(obj, g->multipart_get_type())) {
			GMimeMultipart *multi = (GMimeMultipart *)obj;
			int count = g->multipart_get_count(multi);
			/* pushed in reverse so that the first part comes first */
			for (int i = count - 1; i >= 0; i--)
				if (n < sizeof stack / sizeof stack[0])
					stack[n++] = g->multipart_get_part(multi, i);
			continue;
		}
		GMimeContentType *type = g->object_get_content_type(obj);
		if (G_TYPE_CHECK_INSTANCE_TYPE(obj, g->part_get_type()) && type
		    && g->content_type_is_type(type, "text", "html"))
			return (GMimePart *)obj;
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
	nb_libgmime gmime, *g = &gmime;
	nb_status status = nb_libgmime_open(g, err);
	if (status != NB_OK)
		return status;
	GMimeStream *stream = g->stream_mem_new_with_buffer((const char *)data, len);
	GMimeParser *parser = g->parser_new_with_stream(stream);
	GMimeMessage *message = g->parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	GMimeObject *top = message ? g->message_get_mime_part(message) : NULL;
	GMimePart *part = top ? S_html_part(g, top) : NULL;
	if (!part) {
		if (message)
			g_object_unref(message);
		nb_libgmime_close(g);
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "a saved page (MHTML) with no text/html part");
	}
	GMimeStream *page = g->stream_mem_new();
	GMimeDataWrapper *content = g->part_get_content(part);
	if (content)
		g->data_wrapper_write_to_stream(content, page);
	GByteArray *bytes = g->stream_mem_get_byte_array((GMimeStreamMem *)page);
	const char *charset = g->object_get_content_type_parameter(
		(GMimeObject *)part, "charset");
	status = nb_extract_html(bytes->data, bytes->len, charset, limits, out,
	                         err);
	if (status == NB_OK)
		(*out)->kind = NB_SOURCE_MHTML;
	g_object_unref(page);
	g_object_unref(message);
	nb_libgmime_close(g);
	return status;
}
