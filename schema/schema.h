/*
 * schema.h — the schema stage: from a normalized document to contract JSON.
 *
 * It recognizes which official template the tables follow (国办公开办函
 * 〔2019〕60号 "2019" or 〔2021〕30号 "2021", by the tables' own labels, the
 * year only breaking ties), rebuilds each table cell from the document's
 * positioned cells, reads agency, year and the free-text sections, runs the
 * consistency checks (勾稽关系) and emits the report as a jansson tree in the
 * exact shape of the contract (README, "The JSON contract";
 * schema/report.schema.json).  Doubtful cells become diagnostics in the
 * report; only unusable input is an error.
 */
#ifndef NB_SCHEMA_H
#define NB_SCHEMA_H

#include <jansson.h>

#include "../extract/extract.h"
#include "../normalize/normalize.h"

/** What the caller knows about the input, copied into `source`. */
typedef struct nb_source {
	const char *file;    /**< as given on the command line */
	const char *sha256;  /**< hex digest of the input bytes */
} nb_source;

enum {
	NB_SCHEMA_PROVENANCE = 1 << 0, /**< add per-cell page/box/raw text */
};

/** Compiled label, heading and title patterns (pcre2, UTF + UCP) of both
 *  templates.  Build once per process and share read-only between
 *  documents.  `norm` is borrowed and must outlive the nb_schema. */
typedef struct nb_schema nb_schema;

nb_schema *nb_schema_new(const nb_normalizer *norm, nb_error *err);
void nb_schema_free(nb_schema *schema);

/**
 * Build the contract JSON for `doc` (already normalized) with the patterns
 * compiled once in `schema`.  Same errors and ownership as nb_schema_build.
 */
nb_status nb_schema_build_with(const nb_schema *schema, const nb_doc *doc,
                               const nb_source *source, int flags,
                               json_t **out, nb_error *err);

/**
 * Build the contract JSON for `doc` (already normalized).
 * Convenience form of nb_schema_build_with that compiles the patterns for
 * this one call; batches should build an nb_schema once instead.
 * Errors: NB_ERR_NOT_REPORT (no title, no sections, no tables: not such a
 * report), NB_ERR_TRUNCATED (a report that stops inside its tables).
 * On success *out is a new reference the caller json_decref()s.
 *
 * Numbers are JSON integers when integral and reals otherwise; dump with
 * JSON_REAL_PRECISION(15) so that a printed 4068.208 comes out as 4068.208
 * (jansson's default of 17 digits shows binary noise).  Keys are in the
 * contract's order (jansson keeps insertion order).
 */
nb_status nb_schema_build(const nb_normalizer *norm, const nb_doc *doc,
                          const nb_source *source, int flags, json_t **out,
                          nb_error *err);

/**
 * Compute the `checks` array for a contract JSON report (its tables are
 * read, nothing else), appending a `total_blank` warning to `diagnostics`
 * (a JSON array, may be NULL) for each entry whose ok is null.  Used by
 * nb_schema_build and by `nianbao check` on JSON input.  Returns a new
 * reference.
 */
json_t *nb_checks_run(const json_t *report, json_t *diagnostics);

/** Row keys of section 三 for `template` ("2019"/"2021"), NULL-terminated;
 *  NULL for an unknown template.  Borrowed, static. */
const char *const *nb_schema_application_rows(const char *template_name);

/** The seven applicant column keys of section 三, NULL-terminated. */
const char *const *nb_schema_applicant_columns(void);

#endif
