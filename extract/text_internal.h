/*
 * text_internal.h — the byte-level checks of the text reader (text.c),
 * exposed to the unit tests and to nb_extract's dispatcher.  Not part of
 * the public interface.
 */
#ifndef NB_TEXT_INTERNAL_H
#define NB_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/base.h"

/** More than 1% control bytes (NUL etc.) in the first 64 KiB, and at
 *  least four of them (or nothing else). */
bool nb_text_looks_binary(const unsigned char *data, size_t len);

/** A UTF-16 byte-order mark, or NUL bytes (more than 10% of the first
 *  64 KiB) nearly all at even or all at odd offsets. */
bool nb_text_looks_utf16(const unsigned char *data, size_t len);

/** Count valid multi-byte UTF-8 sequences and invalid bytes. */
void nb_text_utf8_count(const unsigned char *data, size_t len,
                        size_t *valid_multibyte, size_t *invalid);

/** Bytes >= 0x80 pair up as GBK/GB18030 (lead 0x81-0xFE, trail 0x40-0xFE,
 *  or the four-byte form), with at most one stray byte per 20 pairs. */
bool nb_text_looks_gbk(const unsigned char *data, size_t len);

/** A token that separates cells even after a single space: a number
 *  ("0", "-3", "4,068.5", "12%") or a dash run printed for a blank. */
bool nb_text_is_numeric_token(const char *s, size_t len);

/** The text reader's checks of raw input (size limits, empty, UTF-16,
 *  binary, not UTF-8), shared with the Markdown reader. */
nb_status nb_text_check_bytes(const unsigned char *data, size_t len,
                              const nb_limits *limits, nb_error *err);

/** `data` with a leading BOM skipped and invalid UTF-8 bytes replaced by
 *  U+FFFD; NUL-terminated, malloc'd (free it), its length in *out_len. */
char *nb_text_repair(const unsigned char *data, size_t len, size_t *out_len);

#endif
