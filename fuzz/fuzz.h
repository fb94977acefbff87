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

#endif
