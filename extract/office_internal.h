/*
 * office_internal.h — what the extract stage's front door needs from the
 * office readers (extract/office.c): telling office files apart by their
 * bytes, and reading one member of a ZIP package.
 */
#ifndef NB_OFFICE_INTERNAL_H
#define NB_OFFICE_INTERNAL_H

#include "extract.h"

typedef enum nb_office_kind {
	NB_OFFICE_NONE,      /**< not an office file */
	NB_OFFICE_DOCX,      /**< a ZIP package with word/document.xml */
	NB_OFFICE_ODT,       /**< a ZIP package of an OpenDocument text */
	NB_OFFICE_ENCRYPTED, /**< an OLE container holding an encrypted package */
	NB_OFFICE_LEGACY,    /**< binary Word or WPS (OLE), or RTF */
} nb_office_kind;

/** By content only: the OLE signature, "{\rtf", or a ZIP package's
 *  member names. */
nb_office_kind nb_office_sniff(const unsigned char *data, size_t len);

/** The member `name` of the ZIP package in memory, inflated, malloc'd and
 *  NUL-terminated in *out.  NB_ERR_NOT_PDF when there is no such member,
 *  NB_ERR_LIMIT over `max_bytes`, NB_ERR_DAMAGED when the package cannot
 *  be read, NB_ERR_NO_LIBRARY (with `err`) when libarchive is missing. */
nb_status nb_office_zip_part(const unsigned char *data, size_t len,
                             const char *name, size_t max_bytes,
                             unsigned char **out, size_t *out_len,
                             nb_error *err);

#endif
