/*
 * fuzz.h — the two entry points every fuzz target defines, as libFuzzer
 * calls them.  The same target sources are linked two ways: with clang's
 * -fsanitize=fuzzer for `make fuzz`, and with fuzz/replay.c (a plain main,
 * any compiler) to replay tests/fuzz-regressions/ in `make check`.
 */
#ifndef NB_FUZZ_H
#define NB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz/common.c, linked into the document targets (normalize, report,
 * tables, pdf; not records, which reads JSON and has an initializer of its
 * own): it defines their LLVMFuzzerInitialize, building the library's
 * context once (abort if its rules do not compile). */
#include "../nianbao.h"

const nb_normalizer *nb_fuzz_normalizer(void);
/** The front door on `size` bytes (nb_read), the result dumped as the CLI
 *  dumps it. */
void nb_fuzz_read(const uint8_t *data, size_t size, const char *file_name);
/** Normalize `doc`, build its contract JSON, dump it, free `doc` (the
 *  tables target, whose documents are typeset from glyphs). */
void nb_fuzz_report(nb_doc *doc, const char *file_name);

#endif
