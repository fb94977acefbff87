/*
 * libs_internal.h — the libraries the web and saved-page readers load when
 * an input needs them: libxml2 (HTML, Word and OpenDocument XML, HTML
 * inside Markdown) and GMime (MHTML).  cmark-gfm has no dependencies and
 * Debian ships its static archive: it is linked in (Makefile STATIC_PKGS).
 *
 * Each is a table of the entry points its readers call, filled by
 * nb_dl_open (base/dynlib.c says why they are not linked).  A reader opens
 * the table at the start of a read and closes it at the end; the table
 * lives on the reader's stack and is passed to whatever calls the library.
 * The members are named after the function they hold without the
 * library's prefix, so `x->ReadMemory(…)` reads as `xmlReadMemory(…)`.
 */
#ifndef NB_LIBS_INTERNAL_H
#define NB_LIBS_INTERNAL_H

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "base/base.h"

/* ---- libxml2 ---- */

typedef struct nb_libxml {
	void *handle;
	htmlDocPtr (*htmlReadMemory)(const char *, int, const char *,
	                             const char *, int);
	htmlParserCtxtPtr (*htmlNewParserCtxt)(void);
	void (*htmlFreeParserCtxt)(htmlParserCtxtPtr);
	htmlDocPtr (*htmlCtxtReadMemory)(htmlParserCtxtPtr, const char *, int,
	                                 const char *, const char *, int);
	xmlDocPtr (*ReadMemory)(const char *, int, const char *, const char *,
	                        int);
	void (*FreeDoc)(xmlDocPtr);
	xmlNodePtr (*DocGetRootElement)(const xmlDoc *);
	xmlChar *(*GetProp)(const xmlNode *, const xmlChar *);
	xmlAttrPtr (*HasProp)(const xmlNode *, const xmlChar *);
	xmlChar *(*NodeGetContent)(const xmlNode *);
	void (*SetStructuredErrorFunc)(void *, xmlStructuredErrorFunc);
	void (*SetGenericErrorFunc)(void *, xmlGenericErrorFunc);
	const xmlError *(*CtxtGetLastError)(void *);
	xmlFreeFunc *free_fn; /* libxml2's variable xmlFree */
} nb_libxml;

/** Load libxml2 into `x`: NB_OK, or NB_ERR_NO_LIBRARY with `err`. */
nb_status nb_libxml_open(nb_libxml *x, nb_error *err);
void nb_libxml_close(nb_libxml *x);
/** xmlFree through the table. */
void nb_libxml_free(const nb_libxml *x, void *p);

/* ---- GMime (GObject and GLib are linked: poppler-glib needs them) ---- */

typedef struct nb_libgmime {
	void *handle;
	void (*init)(void);
	GType (*multipart_get_type)(void);
	GType (*part_get_type)(void);
	int (*multipart_get_count)(GMimeMultipart *);
	GMimeObject *(*multipart_get_part)(GMimeMultipart *, int);
	GMimeContentType *(*object_get_content_type)(GMimeObject *);
	const char *(*object_get_content_type_parameter)(GMimeObject *,
	                                                 const char *);
	gboolean (*content_type_is_type)(GMimeContentType *, const char *,
	                                 const char *);
	GMimeStream *(*stream_mem_new)(void);
	GMimeStream *(*stream_mem_new_with_buffer)(const char *, size_t);
	GByteArray *(*stream_mem_get_byte_array)(GMimeStreamMem *);
	GMimeParser *(*parser_new_with_stream)(GMimeStream *);
	GMimeMessage *(*parser_construct_message)(GMimeParser *,
	                                          GMimeParserOptions *);
	GMimeObject *(*message_get_mime_part)(GMimeMessage *);
	GMimeDataWrapper *(*part_get_content)(GMimePart *);
	ssize_t (*data_wrapper_write_to_stream)(GMimeDataWrapper *,
	                                        GMimeStream *);
} nb_libgmime;

/** Load GMime and initialize it once per process. */
nb_status nb_libgmime_open(nb_libgmime *g, nb_error *err);
void nb_libgmime_close(nb_libgmime *g);

#endif
