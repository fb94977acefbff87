/*
 * libs.c — the tables of libxml2's and GMime's entry points the readers
 * call, loaded when an input needs them (libs_internal.h).
 *
 * The sonames come from the Makefile, read off the installed libraries
 * when nianbao is built, so a build loads the version its headers
 * describe.
 */
#include <stddef.h>

#include "libs_internal.h"

#ifndef NB_LIBXML2_SONAME
#define NB_LIBXML2_SONAME "libxml2.so.2"
#endif
#ifndef NB_GMIME_SONAME
#define NB_GMIME_SONAME "libgmime-3.0.so.0"
#endif

#define S_SYM(type, member, name) {name, offsetof(type, member)}

nb_status nb_libxml_open(nb_libxml *x, nb_error *err)
{
#define X(member) S_SYM(nb_libxml, member, "xml" #member)
#define H(member) S_SYM(nb_libxml, member, #member)
	static const nb_dl_symbol symbols[] = {
		H(htmlReadMemory),
		H(htmlNewParserCtxt),
		H(htmlFreeParserCtxt),
		H(htmlCtxtReadMemory),
		X(ReadMemory),
		X(FreeDoc),
		X(DocGetRootElement),
		X(GetProp),
		X(HasProp),
		X(NodeGetContent),
		X(SetStructuredErrorFunc),
		X(SetGenericErrorFunc),
		X(CtxtGetLastError),
		S_SYM(nb_libxml, free_fn, "xmlFree"),
	};
#undef X
#undef H
	return nb_dl_open(NB_LIBXML2_SONAME, "libxml2", symbols,
	                  sizeof symbols / sizeof symbols[0], x, &x->handle, err);
}

void nb_libxml_close(nb_libxml *x)
{
	nb_dl_close(x->handle);
	x->handle = NULL;
}

void nb_libxml_free(const nb_libxml *x, void *p)
{
	(*x->free_fn)(p);
}

nb_status nb_libgmime_open(nb_libgmime *g, nb_error *err)
{
#define G(member) S_SYM(nb_libgmime, member, "g_mime_" #member)
	static const nb_dl_symbol symbols[] = {
		G(init),
		G(multipart_get_type),
		G(part_get_type),
		G(multipart_get_count),
		G(multipart_get_part),
		G(object_get_content_type),
		G(object_get_content_type_parameter),
		G(content_type_is_type),
		G(stream_mem_new),
		G(stream_mem_new_with_buffer),
		G(stream_mem_get_byte_array),
		G(parser_new_with_stream),
		G(parser_construct_message),
		G(message_get_mime_part),
		G(part_get_content),
		G(data_wrapper_write_to_stream),
	};
#undef G
	nb_status status = nb_dl_open(NB_GMIME_SONAME, "libgmime-3.0-0", symbols,
	                              sizeof symbols / sizeof symbols[0], g,
	                              &g->handle, err);
	if (status != NB_OK)
		return status;
	/* g_mime_init counts its calls without a lock: once per process,
	 * under GLib's once-guard (the library stays loaded, base/dynlib.c) */
	static gsize ready;
	if (g_once_init_enter(&ready)) {
		g->init();
		g_once_init_leave(&ready, 1);
	}
	return NB_OK;
}

void nb_libgmime_close(nb_libgmime *g)
{
	nb_dl_close(g->handle);
	g->handle = NULL;
}
