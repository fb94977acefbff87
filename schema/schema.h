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

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../extract/extract.h"
#include "../normalize/normalize.h"

/** What the caller knows about the input, copied into `source`. */
typedef struct nb_source {
	const char *file;    /**< as given on the command line */
	const char *sha256;  /**< hex digest of the input bytes */
	int part;            /**< 1, 2, … for a report of a compilation; 0: the
	                          file's only report (no source.part) */
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
 * Every report `doc` holds, as a new JSON array in document order: one for
 * a report, several for a compilation (汇编: reports one after the other,
 * each from its title on; a cover page or table of contents before the
 * first belongs to none), each with source.part.  Errors as
 * nb_schema_build_with, and NB_ERR_MULTIPLE when the document holds more
 * than one report but where one ends is unsure (a second table 三 under one
 * title, a second report without its own title or tables).
 */
nb_status nb_schema_build_all(const nb_schema *schema, const nb_doc *doc,
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

/* ---- the contract table (contract.c, contract_data.h) ------------------
 *
 * The contract's tables of both templates as data: every table, row and
 * column with its key, the template's printed label, the patterns its
 * label or header is recognized by, an English label and the unit, and the
 * consistency rules over them.  Everything that writes, checks, compares or
 * lists a cell walks these arrays (the JSON writer, nb_checks_run, `nianbao
 * check`, `compare`, `csv`), so no key list exists twice.  All of it is
 * static and borrowed: iterate with the counts, never free.
 */

/** A column of a row: `total` of 三, `upheld` of 四 … */
typedef struct nb_contract_column {
	const char *key;       /**< JSON key: "natural_person" */
	const char *label;     /**< the template's header: 自然人 */
	const char *patterns;  /**< pcre2 pattern of the header and its variants */
	const char *english;   /**< "natural persons" */
	const char *unit;      /**< "件", "项", "万元" */
} nb_contract_column;

/** A row of a table (a group of 四 is a row). */
typedef struct nb_contract_row {
	const char *key;          /**< JSON key: "denied_state_secret" */
	const char *label;        /**< the template's wording, group label first
	                               for a row under one: （三）不予公开 1.属于国家秘密 */
	const char *short_label;  /**< one-line form: （三）1.属于国家秘密 */
	const char *patterns;     /**< pcre2 pattern of the label and its variants */
	const char *english;
	const char *unit;         /**< unit of every column, NULL when they differ */
	const nb_contract_column *columns;
	size_t n_columns;
	bool outcome;             /**< 三: an outcome row that （七）总计 sums */
} nb_contract_row;

/** A table: active_disclosure (二), applications (三), reviews (四). */
typedef struct nb_contract_table {
	const char *key;
	const char *label;        /**< the template's heading */
	const char *short_label;
	const char *english;
	const nb_contract_row *rows;
	size_t n_rows;
} nb_contract_table;

/** A template: "2019" or "2021", its three tables in contract order. */
typedef struct nb_contract_template {
	const char *name;
	const nb_contract_table *tables;
	size_t n_tables;
} nb_contract_template;

/** Both templates, "2019" then "2021"; *n = 2. */
const nb_contract_template *nb_contract_templates(size_t *n);

/** The template named "2019" or "2021"; NULL for anything else. */
const nb_contract_template *nb_contract_template_named(const char *name);

/** Table `key` of `tpl`, row `key` of `table`, column `key` of `row`; NULL
 *  when absent (or when the container is NULL). */
const nb_contract_table *nb_contract_find_table(const nb_contract_template *tpl,
                                                const char *key);
const nb_contract_row *nb_contract_find_row(const nb_contract_table *table,
                                            const char *key);
const nb_contract_column *nb_contract_find_column(const nb_contract_row *row,
                                                  const char *key);

/** A cell the side of a rule adds: report[table][row][column] × sign.
 *  `row` or `column` NULL: the rule instance's key (its `where`); the
 *  column NB_CONTRACT_PARTS: every column of the row but `total`; the row
 *  NB_CONTRACT_OUTCOMES: every outcome row of the template. */
typedef struct nb_contract_term {
	const char *row;
	const char *column;
	int sign;               /**< +1 or -1 */
	bool old;               /**< across years: the cell of the older report */
} nb_contract_term;

#define NB_CONTRACT_PARTS "*parts"
#define NB_CONTRACT_OUTCOMES "*outcomes"

/** A consistency rule (勾稽关系): expected (the sum side) = actual (the
 *  printed side), one entry per instance. */
typedef struct nb_contract_rule {
	const char *name;        /**< "applications.balance" */
	const char *table;       /**< the table its cells are in */
	const char *where_kind;  /**< "column", "row" or "group": what `where` is */
	bool over_rows;          /**< instances: the table's rows (else the
	                              columns of its first row) */
	const char *const *only; /**< instances limited to these keys (NULL-
	                              terminated), or NULL for all */
	const char *template_name; /**< applies to this template only, or NULL */
	bool across_years;       /**< compares two reports (`nianbao compare`) */
	const nb_contract_term *expected;
	size_t n_expected;
	const nb_contract_term *actual;
	size_t n_actual;
	const char *expected_words; /**< the sum side in words */
	const char *actual_words;   /**< the printed side in words */
	const char *english;        /**< when it holds */
	const char *chinese;        /**< when it holds, in the template's own
	                                 words where it has them */
} nb_contract_rule;

/** Every rule, the contract's four in `checks` order, then the cross-year
 *  links of `nianbao compare`. */
const nb_contract_rule *nb_contract_rules(size_t *n);

/** The rule named `name`, or NULL. */
const nb_contract_rule *nb_contract_rule_named(const char *name);

/** A sum of cells by the contract's rule: null cells count as 0, integers
 *  stay integers, decimals keep the most places printed in any term. */
typedef struct nb_contract_sum {
	double value;
	bool all_null;    /**< no term was a number (also true for no terms) */
	bool integral;    /**< every number term was a JSON integer */
	int decimals;
} nb_contract_sum;

void nb_contract_sum_init(nb_contract_sum *sum);
/** Add `sign` (+1 or -1) times `cell` (NULL or JSON null add nothing). */
void nb_contract_sum_add(nb_contract_sum *sum, const json_t *cell, int sign);
/** The sum as a new JSON number: an integer when integral, otherwise a real
 *  rounded to its decimal places. */
json_t *nb_contract_sum_json(const nb_contract_sum *sum);

/** Decimal places of a number as printed in the fewest digits that read
 *  back as the same double (0 for an integer or a non-number). */
int nb_contract_decimals(const json_t *value);

/**
 * The verdict of one rule instance, the one place the contract's rule is
 * decided: ok is JSON null when one side is all null while the other is not
 * zero (the report left those cells blank: `total_blank`), otherwise whether
 * both sides are equal to the decimal places printed.  New reference.
 */
json_t *nb_contract_verdict(const nb_contract_sum *expected,
                            const nb_contract_sum *actual);

/**
 * Evaluate `rule` on `report` (and `old_report`, the year before, for a rule
 * across years; else NULL) read as template `tpl`, appending one entry
 * {rule, where, ok, expected, actual} per instance to `checks`.  For an
 * ok = null entry a `total_blank` warning goes to `diagnostics` (may be
 * NULL) with `field` the blank side: its one cell, else the narrowest dotted
 * path holding all its cells.  No entries: for a rule of the other template;
 * with `tpl` NULL, for a rule on a table the templates do not share; for a
 * rule within one year whose table is absent or empty in `report`.  A cell
 * missing from a present table counts as blank.
 */
void nb_contract_rule_run(const nb_contract_rule *rule,
                          const nb_contract_template *tpl,
                          const json_t *report, const json_t *old_report,
                          json_t *checks, json_t *diagnostics);

/**
 * Call `visit` for every cell rule instance `where` of `rule` adds, in
 * `table` (the rule's table of the report's template): the expected side's
 * cells first (expected true), then the printed side's; `old` says the
 * cell is the older report's (a rule across years).  The cells the verdict
 * of nb_contract_rule_run is computed from, for naming where a broken rule
 * is.
 */
void nb_contract_rule_cells(const nb_contract_rule *rule,
                            const nb_contract_table *table, const char *where,
                            void (*visit)(void *data, const char *row,
                                          const char *column, bool expected,
                                          bool old),
                            void *data);

/** Row keys of section 三 for `template` ("2019"/"2021"), NULL-terminated;
 *  NULL for an unknown template.  Borrowed, static. */
const char *const *nb_schema_application_rows(const char *template_name);

/** The seven applicant column keys of section 三, NULL-terminated. */
const char *const *nb_schema_applicant_columns(void);

#endif
