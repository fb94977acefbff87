/*
 * encoding_internal.h — what bytes of text are written in, and their
 * conversion to UTF-8 (extract/encoding.c), shared by the text, HTML and
 * MHTML readers.  Not part of the public interface.
 */
#ifndef NB_ENCODING_INTERNAL_H
#define NB_ENCODING_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/** The encoding a byte-order mark at the start of `data` names ("UTF-8",
 *  "UTF-16LE", "UTF-16BE"), *bom_len its length; NULL when there is none. */
const char *nb_enc_bom(const unsigned char *data, size_t len, size_t *bom_len);

/** The iconv name nianbao reads a charset label as (`label` need not be
 *  NUL-terminated; case and surrounding quotes/space ignored): GB2312, GBK
 *  and their aliases are read as their superset GB18030; NULL for a label
 *  nianbao does not know. */
const char *nb_enc_canonical(const char *label, size_t len);

/** Every byte sequence is well-formed UTF-8 (no overlongs, surrogates). */
bool nb_enc_valid_utf8(const unsigned char *data, size_t len);

/** `data` converted from `from` to UTF-8 strictly (any invalid or
 *  incomplete sequence fails), malloc'd and NUL-terminated, *out_len its
 *  length; NULL when the bytes are not valid in `from`. */
char *nb_enc_to_utf8(const char *from, const unsigned char *data, size_t len,
                     size_t *out_len);

#endif
