/*
 * nianbao.h — the front door of libnianbao.
 *
 * nianbao turns a 政府信息公开工作年度报告 into the report JSON contract
 * (docs/report-json.md).  A program makes one nb_context (options, and the
 * handles built once and shared by every input: compiled rules now, an OCR
 * engine later), then hands it inputs as bytes or paths; each input gives
 * one nb_result: the reports it holds (one, or several for a compilation),
 * or the error that refused it.  The CLI, the batch workers and the fuzz
 * targets call only this.
 *
 * Inside, the library is stages, each a folder with one public header,
 * included here in pipeline order; dependencies point down this list only
 * (tests/layering.sh):
 *
 *   base/      status vocabulary, errors, arena, buffer, limits, files, sha256
 *   extract/   bytes → nb_doc (PDF through poppler-glib, UTF-8 text)
 *   archive/   an archive's bytes → its members, each an input of its own
 *   normalize/ nb_doc → nb_doc: NFKC and custom maps, furniture, repairs
 *   schema/    nb_doc → contract JSON: template, tables, checks, diagnostics
 *   api/       this header's implementation
 *
 * Ownership rules (they hold for every header):
 *  1. Whoever calls nb_x_new/nb_x_open/nb_x_load frees with nb_x_free;
 *     nb_x_free(NULL) is a no-op.
 *  2. Anything else a function returns is borrowed and lives until its owner
 *     is freed.  Never stash it.
 *  3. Everything about one report (lines, cells, strings) is allocated from
 *     one per-report nb_arena and released at once.
 *  4. A function that takes over an argument says so in its comment (jansson's
 *     `_new` suffix convention is kept for json_t arguments).
 *  5. Foreign ownership is converted at the boundary (g_object_unref, g_free,
 *     utf8proc free, pcre2_*_free) inside the stage that uses the library.
 *  6. Out-of-memory aborts in nb_xmalloc with a message; nothing else aborts.
 *     The library never prints and never exits: third-party messages
 *     (poppler's g_log) are captured while a document is read and become
 *     that report's diagnostics.
 */
#ifndef NIANBAO_H
#define NIANBAO_H

#include <jansson.h>

#include "base/base.h"
#include "extract/extract.h"
#include "archive/archive.h"
#include "normalize/normalize.h"
#include "schema/schema.h"

/* NB_VERSION, the version of nianbao, is defined in base/base.h. */

/** What a context is made with.  Zero-initialized means the defaults. */
typedef struct nb_options {
	int flags;          /**< NB_PROVENANCE: per-cell page, box, raw text */
	nb_limits limits;   /**< input size, pages, glyphs per page */
	/** How many inputs the context is expected to read.  From 3 on, the
	 *  patterns are JIT-compiled (dearer to build, cheaper per input; see
	 *  nb_regex_mode); 0 counts as 1. */
	size_t expected_inputs;
	/** OCR of scans (mode, dpi, tessdata, limits): the engine is made
	 *  with the context and loads tesseract when a page first needs it. */
	nb_ocr_options ocr;
} nb_options;

enum {
	NB_PROVENANCE = NB_SCHEMA_PROVENANCE, /**< add per-cell provenance */
};

/** Options and the handles built once: share it across inputs. */
typedef struct nb_context nb_context;

/** NULL (err filled) only if the built-in rules do not compile. */
nb_context *nb_context_new(const nb_options *options, nb_error *err);
void nb_context_free(nb_context *ctx);

/** What one input gave: its reports, or the error that refused it. */
typedef struct nb_result nb_result;

/**
 * Read one input held in memory.  `name` is what source.file says (a
 * path as given; not opened).  Never NULL: a refused input is a result
 * whose status is not NB_OK.  The bytes are not kept.  An archive (.zip,
 * .rar, .7z, .tar…) is several inputs, not one: it is refused with
 * NB_ERR_ARCHIVE, and its members are read one by one with nb_archive_new
 * and nb_archive_next (archive/archive.h), each through nb_read_hashed.
 */
nb_result *nb_read(nb_context *ctx, const char *name,
                   const unsigned char *data, size_t len);

/** nb_read of bytes whose sha256 the caller has computed already (64 hex
 *  digits, e.g. a batch worker that reported it before reading): the
 *  input is not hashed a second time. */
nb_result *nb_read_hashed(nb_context *ctx, const char *name,
                          const unsigned char *data, size_t len,
                          const char *sha256);

/**
 * nb_read of bytes converted from another format by the caller (a legacy
 * Word file that `nianbao extract --convert` had LibreOffice turn into a
 * .docx: the library itself never runs a program).  `sha256` is of the
 * original bytes, which is what source.sha256 names; every report gets
 * source.converted_from = `converted_from` (e.g. "doc").
 */
nb_result *nb_read_converted(nb_context *ctx, const char *name,
                             const unsigned char *data, size_t len,
                             const char *sha256, const char *converted_from);

/** A result that refuses its input with `err` (its status and message),
 *  for a caller that could not hand the bytes over (a conversion that
 *  failed); `sha256` may be NULL. */
nb_result *nb_result_refused(const nb_error *err, const char *sha256);

/** nb_read of the file at `path` ("-" is standard input), read under the
 *  context's input size limit (regular files and standard input only). */
nb_result *nb_read_file(nb_context *ctx, const char *path);

void nb_result_free(nb_result *result);

/** NB_OK, or why the input was refused (then there are no reports). */
nb_status nb_result_status(const nb_result *result);
const nb_error *nb_result_error(const nb_result *result);
/** The sha256 of the input bytes (64 hex digits), or NULL when they could
 *  not be read at all. */
const char *nb_result_sha256(const nb_result *result);
/** Number of reports (0 when refused; more than 1 for a compilation). */
size_t nb_result_count(const nb_result *result);
/** Report `i` in document order, as contract JSON (borrowed). */
json_t *nb_result_report(const nb_result *result, size_t i);

/** JSON dump flags of a report: contract key order, 15 significant digits
 *  (a printed 4068.208 stays 4068.208), indented when `pretty`. */
size_t nb_json_flags(bool pretty);

/**
 * The reports of a result as text, malloc'd: one report alone is a JSON
 * document (indented when `pretty`), several are JSONL (one compact line
 * each, in document order).  Ends with a newline.  NULL when refused.
 */
char *nb_result_dumps(const nb_result *result, bool pretty);

/**
 * The normalized document of an input (what `nianbao text` prints and the
 * schema reads).  *out is the caller's (nb_doc_free).
 */
nb_status nb_read_doc(nb_context *ctx, const unsigned char *data, size_t len,
                      nb_doc **out, nb_error *err);

/**
 * The runtime version of library `i` nianbao reads with (0: poppler, 1:
 * pcre2, 2: utf8proc, 3: jansson), as the library itself reports it: its
 * name in *name (static) and its version written into buf.  False when
 * there is no library `i`.
 */
bool nb_library_version(size_t i, const char **name, char *buf, size_t size);

#endif
