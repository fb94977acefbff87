/*
 * nianbao.h — umbrella header of libnianbao, in pipeline order.
 *
 * nianbao turns a 政府信息公开工作年度报告 (PDF or extracted text) into the
 * report JSON contract (README, "The JSON contract").  The library is three
 * stages, each a folder with one public header:
 *
 *   extract/   bytes → nb_doc: pages of lines of positioned cells
 *              (PDF through poppler-glib, or UTF-8 text: tabbed or space-aligned)
 *   normalize/ nb_doc → nb_doc: NFKC and custom character maps, page furniture
 *              removed, broken lines repaired (pcre2 rules kept as data)
 *   schema/    nb_doc → contract JSON: template recognition, table rebuild,
 *              consistency checks, diagnostics
 *
 * Dependencies point one way: schema → normalize → extract.  The shared base
 * types (nb_status, nb_error, nb_arena, nb_doc) live in extract/extract.h
 * because extract is the bottom of the pipeline.
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
 *     The library never prints and never exits.
 */
#ifndef NIANBAO_H
#define NIANBAO_H

#include "extract/extract.h"
#include "normalize/normalize.h"
#include "schema/schema.h"

#define NB_VERSION "0.1.0"

#endif
