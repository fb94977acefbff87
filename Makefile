# nianbao — plain GNU make.  `make help` lists the targets.
#
# One build directory per variant: build/release (default) and
# build/sanitize (ASan+UBSan, used by `make check`).  Sources are found by
# wildcard, one folder per pipeline stage, so adding a .c file needs no edit.

BUILD    ?= release
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PYTHON   ?= /usr/bin/python3
XCFLAGS  ?=
OUT      := build/$(BUILD)

# Small libraries are linked statically (Debian's -dev packages ship their
# .a): every shared library costs a process ~0.3 ms of mapping and page
# faults at start-up, which `nianbao extract f.pdf` in a loop pays per file
# (bench/findings.md).  poppler-glib and what it pulls in stay shared.
PKGS        := poppler-glib libpcre2-8 zlib
# cmark-gfm's extensions call cmark-gfm: that order for the static link
STATIC_PKGS := libutf8proc jansson nettle
STATIC_LIBS := -lcmark-gfm-extensions -lcmark-gfm
# Loaded with dlopen when an input needs them, not linked (base/dynlib.c,
# extract/libs.c, archive/archive.c, extract/ocr.c): their headers only,
# and their sonames, read off the installed libraries.  Tesseract and
# leptonica are loaded when a page needs OCR: linking libtesseract would
# double every process's start time; their headers are included as
# <tesseract/capi.h> and <leptonica/allheaders.h>.
DLOPEN_PKGS := libarchive libxml-2.0 gmime-3.0
SONAME_OF = $(shell objdump -p $$(pkg-config --variable=libdir $(1) 2>/dev/null)/$(2) 2>/dev/null | awk '/SONAME/ {print $$2}')
ARCHIVE_SONAME := $(call SONAME_OF,libarchive,libarchive.so)
LIBXML2_SONAME := $(call SONAME_OF,libxml-2.0,libxml2.so)
GMIME_SONAME   := $(call SONAME_OF,gmime-3.0,libgmime-3.0.so)
TESSERACT_SONAME := $(call SONAME_OF,tesseract,libtesseract.so)
LEPTONICA_SONAME := $(call SONAME_OF,lept,liblept.so)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libcmark-gfm $(STATIC_PKGS) $(DLOPEN_PKGS) 2>/dev/null) \
              $(if $(ARCHIVE_SONAME),-DNB_LIBARCHIVE_SONAME='"$(ARCHIVE_SONAME)"') \
              $(if $(LIBXML2_SONAME),-DNB_LIBXML2_SONAME='"$(LIBXML2_SONAME)"') \
              $(if $(GMIME_SONAME),-DNB_GMIME_SONAME='"$(GMIME_SONAME)"') \
              $(if $(TESSERACT_SONAME),-DNB_TESSERACT_SONAME='"$(TESSERACT_SONAME)"') \
              $(if $(LEPTONICA_SONAME),-DNB_LEPTONICA_SONAME='"$(LEPTONICA_SONAME)"')
# The dynamic linker looks each symbol up along the libraries in the order
# of the binary's NEEDED entries (then their dependencies, breadth first),
# checking every library before the one that defines it; most of the
# start-up relocations (poppler's own, poppler-glib's) point into libpoppler
# and libstdc++, which would come after a dozen others: named first, they
# cut the start-up's symbol lookups (callgrind: 2 M instructions fewer a
# process, PDF or not).  After them, the libraries that most of the other
# bindings land in (LD_DEBUG=bindings: libc, GLib, NSS, Lerc, lcms2,
# libmount, X11, ...), which poppler-glib loads anyway: another 2.2 M of
# the 17.0 M of `nianbao --version`.  Each symbol still binds where it did
# (libm before libc, poppler-glib before Lerc: both define a symbol of
# the other; LD_DEBUG=bindings the same over a PDF and a web page).  A
# soname this system lacks is left out.
COMMA := ,
POPPLER_LIBDIR := $(shell pkg-config --variable=libdir poppler 2>/dev/null)
BIND_EARLY := libpoppler-glib.so.8 libm.so.6 libc.so.6 libglib-2.0.so.0 \
              libgobject-2.0.so.0 libnss3.so libnssutil3.so libnspr4.so \
              libLerc.so.4 liblcms2.so.2 libmount.so.1 libX11.so.6 \
              libpng16.so.16 libfreetype.so.6 libjpeg.so.62 libtiff.so.6 \
              libsmime3.so libpixman-1.so.0
LOOKUP_FIRST := $(if $(wildcard $(POPPLER_LIBDIR)/libpoppler.so),-Wl$(COMMA)--no-as-needed -lpoppler -lstdc++ \
                $(foreach l,$(BIND_EARLY),$(if $(wildcard $(POPPLER_LIBDIR)/$(l)),-l:$(l))))
PKG_LIBS   := $(LOOKUP_FIRST) $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
              -Wl,-Bstatic $(shell pkg-config --libs $(STATIC_PKGS) 2>/dev/null) \
              $(STATIC_LIBS) -Wl,-Bdynamic -ldl
# tests/unit/test_office.c writes packages with libarchive itself
# tests/unit/test_office.c writes packages with libarchive itself; test_ocr
# draws its scans with cairo's toy fonts (fontconfig, released at its end
# for LeakSanitizer)
TEST_LIBS  := $(shell pkg-config --libs cmocka libarchive fontconfig 2>/dev/null)

WARN     := -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes \
            -Wsign-compare -Wno-overlength-strings
CFLAGS_release  := -O2 -g
CFLAGS_sanitize := -O1 -g -fsanitize=address,undefined,float-cast-overflow \
                   -fno-sanitize-recover=all -fno-omit-frame-pointer \
                   -DNB_CHECK_UTF8
LDFLAGS_sanitize := -fsanitize=address,undefined
CFLAGS_fuzz     := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
                   -fno-sanitize-recover=all -fno-omit-frame-pointer \
                   -DNB_CHECK_UTF8
LDFLAGS_fuzz    := -fsanitize=fuzzer,address,undefined
CFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
            $(CFLAGS_$(BUILD)) -I. $(PKG_CFLAGS) -MMD -MP $(XCFLAGS)
LDFLAGS  := $(LDFLAGS_$(BUILD))

LIB_SRC  := $(wildcard base/*.c extract/*.c archive/*.c normalize/*.c schema/*.c api/*.c)
TOOLS_SRC := $(wildcard tools/*.c)
CLI_SRC  := $(wildcard cli/*.c batch/*.c) $(TOOLS_SRC)
TEST_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(OUT)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(OUT)/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(OUT)/tests/%)
LIB      := $(OUT)/libnianbao.a
BIN      := $(OUT)/nianbao
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := normalize report tables pdf pdfimages records markdown html docx archive image
REPLAYS  := $(FUZZ_TARGETS:%=$(OUT)/fuzz/replay-%)

.PHONY: all setup check check-exports unit corpus-test corpus-verify cli-test sanitize demo \
        clean install uninstall install-test doc-test eval convert-eval converters-eval bench bench-ocr fuzz corpus valgrind format help \
        radicals

all: $(BIN) $(TESTS)

help:
	@echo "make demo      set up, build, print the JSON of the bundled sample report"
	@echo "make check     set up, build, run every test (also under ASan+UBSan)"
	@echo "make eval      accuracy of nianbao over corpus/ and over converter texts"
	@echo "make bench     speed and memory against pdftotext, mutool, pdfminer; OCR against tesseract"
	@echo "make fuzz      libFuzzer targets, FUZZ_SECONDS each (default 60)"
	@echo "make corpus    regenerate the PDF corpus (installs LibreOffice, Chromium)"
	@echo "make install   PREFIX=$(PREFIX) DESTDIR=$(DESTDIR); make uninstall removes it"

# Installs build and test dependencies when something is missing.
setup:
	@scripts/setup

$(OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The source commit a report's generator names: base/version.c alone gets
# it, rebuilt when it changes (the stamp is rewritten only then).
GIT_COMMIT := $(shell [ -e .git ] && git describe --always --dirty 2>/dev/null)
$(OUT)/commit.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' >$@
$(OUT)/base/version.o: $(OUT)/commit.stamp
$(OUT)/base/version.o: CFLAGS += $(if $(GIT_COMMIT),-DNB_COMMIT='"$(GIT_COMMIT)"')
FORCE:

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS) -lm

$(OUT)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lm

# test_tools also links the commands' code it tests (tools/: check,
# compare, csv, records, messages).
TOOLS_OBJ := $(TOOLS_SRC:%.c=$(OUT)/%.o)
$(OUT)/tests/test_tools: tests/unit/test_tools.c $(TOOLS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(TOOLS_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lm

# normalize/radicals.inc is committed; this rebuilds it from Unicode data.
radicals:
	$(PYTHON) scripts/gen-radicals /usr/share/unicode/EquivalentUnifiedIdeograph.txt > normalize/radicals.inc

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

corpus-test: $(BIN)
	$(PYTHON) tests/corpus.py --nianbao $(BIN) --schema schema/report.schema.json corpus

# Symbol hygiene (jansson's check-exports): the library exports nb_ names only.
check-exports: $(LIB)
	@bash tests/layering.sh --selftest
	@bash tests/layering.sh
	@bad=$$(nm -g --defined-only $(LIB) | awk 'NF==3 {print $$3}' | grep -v '^nb_' | sort -u); \
	if [ -n "$$bad" ]; then echo "exported without the nb_ prefix:"; echo "$$bad"; exit 1; fi; \
	echo "check-exports: every exported symbol starts with nb_"

# The PDF corpus's truth, checked without nianbao: pdftotext re-reads every
# committed PDF against its expected.json, and the verifier must reject
# tampered truth.
corpus-verify:
	$(PYTHON) scripts/corpus/generate.py --verify-only
	$(PYTHON) scripts/corpus/selftest.py

# The corpus under valgrind memcheck: no invalid access, no definite leak in
# nianbao's own code (pcre2 runs without JIT there, see normalize.c).
# VALGRIND_FILTER limits the cases (make check uses "-01-": one case of
# every producer plus a text case).
VALGRIND_FILTER ?=
VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
            --error-exitcode=99
valgrind: $(BIN)
	$(PYTHON) tests/corpus.py --nianbao $(BIN) --schema schema/report.schema.json \
	  --timeout 300 --wrap "$(VALGRIND)" $(if $(VALGRIND_FILTER),--filter=$(VALGRIND_FILTER)) corpus

# Regenerate corpus/pdf-* (installs LibreOffice, Chromium, fonts; ~5 minutes).
corpus:
	scripts/corpus/make-corpus

cli-test: $(BIN) $(REPLAYS)
	NIANBAO=$(BIN) bash tests/cli.sh
	NIANBAO=$(BIN) bash tests/tools.sh
	NIANBAO=$(BIN) bash tests/batch.sh
	@set -e; for t in $(FUZZ_TARGETS); do d=tests/fuzz-regressions/$$t; \
	  [ -d $$d ] || d=; $(OUT)/fuzz/replay-$$t corpus $$d; done

# libFuzzer targets (fuzz/), built with clang in build/fuzz, FUZZ_SECONDS
# each from a seed corpus; what they find lands in tests/fuzz-regressions/,
# which cli-test replays with the normal compiler (fuzz/replay.c).
# The document targets link fuzz/common.c; the records target runs the
# tools' code (check, compare, csv) instead.  The docx target writes its
# packages with libarchive itself, so the targets link it.
FUZZ_COMMON := fuzz/common.c fuzz/fuzz.h
FUZZ_LINK = $(filter %.c,$^) $(filter %.o,$^) $(LIB) $(PKG_LIBS) \
            $(shell pkg-config --libs libarchive 2>/dev/null) -lm

$(OUT)/fuzz/fuzz-records: fuzz/records.c fuzz/fuzz.h $(TOOLS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_LINK)

$(OUT)/fuzz/replay-records: fuzz/records.c fuzz/replay.c fuzz/fuzz.h $(TOOLS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_LINK)

$(OUT)/fuzz/fuzz-%: fuzz/%.c $(FUZZ_COMMON) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_LINK)

$(OUT)/fuzz/replay-%: fuzz/%.c fuzz/replay.c $(FUZZ_COMMON) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_LINK)

fuzz:
	scripts/setup scripts/packages-fuzz.txt
	$(MAKE) BUILD=fuzz CC=clang $(FUZZ_TARGETS:%=build/fuzz/fuzz/fuzz-%)
	fuzz/run.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The whole suite, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
check: setup
	$(MAKE) BUILD=release all
	$(MAKE) BUILD=release check-exports unit corpus-verify corpus-test cli-test install-test doc-test
	$(MAKE) BUILD=release valgrind VALGRIND_FILTER=-01-
	$(MAKE) BUILD=sanitize all
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  $(MAKE) BUILD=sanitize unit corpus-test cli-test

sanitize: setup
	$(MAKE) BUILD=sanitize all unit corpus-test cli-test

demo: setup
	@$(MAKE) -s --no-print-directory BUILD=release $(BIN)
	@echo "nianbao extract corpus/text-000-wuzhong-2020/input.txt" >&2
	@$(BIN) extract corpus/text-000-wuzhong-2020/input.txt

eval: $(BIN)
	$(PYTHON) tests/corpus.py --eval --nianbao $(BIN) --schema schema/report.schema.json corpus
	$(MAKE) --no-print-directory convert-eval
	$(MAKE) --no-print-directory converters-eval

# `nianbao extract --convert` on the legacy Word cases: LibreOffice turns
# each .doc into a .docx, which must read as its PDF case's truth (installs
# LibreOffice; make check tests only the error without soffice).
convert-eval: $(BIN)
	scripts/setup scripts/packages-convert.txt
	$(PYTHON) tests/convert.py --nianbao $(BIN) corpus

# The tuned PDF cases as plain pdftotext, pdftotext -raw, mutool, pdfminer
# and PyMuPDF give their text (installs those tools): nianbao must read each
# right or refuse it (unsupported_text_layout), never take numbers from other
# lines; tests/converters.py prints the table per tool (docs/tools.md).
CONVERTER_TEXTS ?= build/converters
converters-eval: $(BIN)
	scripts/converters/make-texts $(CONVERTER_TEXTS)
	$(PYTHON) tests/converters.py --nianbao $(BIN) $(CONVERTER_TEXTS)

# Speed and memory against pdftotext, mutool, pdfminer (issue 7); writes
# bench/RESULTS.md, which quotes bench/RESULTS-ocr.md's "where the time
# goes" (so bench-ocr runs first).  Takes ~25 minutes; not part of `make check`.
bench: bench-ocr
	bench/run

# OCR of scanned pages (issue 14): seconds per table and prose page at 300 dpi
# on one core and peak RSS, nianbao beside `tesseract -l chi_sim --psm 6` on the
# whole page, and the peer's table numbers in the right place; prints a table
# (bench/ocr --help), then where nianbao's time goes per stage (rendering,
# image preparation, grid, tesseract calls, the rest): bench/ocr-profile,
# callgrind on a profiling build (the release flags, and our static
# functions kept out of line so that callgrind sees them; its own build
# directory, the release build untouched), a few minutes.  Writes
# bench/RESULTS-ocr.md.  `make bench` runs it before bench/run.
PROFILE_XCFLAGS := -fno-inline-functions-called-once -fno-inline-functions -fno-inline-small-functions
bench-ocr:
	scripts/setup scripts/packages-bench.txt
	$(MAKE) BUILD=release build/release/nianbao
	$(MAKE) BUILD=release OUT=build/profile XCFLAGS="$(PROFILE_XCFLAGS)" build/profile/nianbao
	bench/ocr --nianbao build/release/nianbao --profile --profile-nianbao build/profile/nianbao \
	    --out bench/RESULTS-ocr.md

# What `make install` puts under PREFIX (DESTDIR for staging): the binary,
# the man page (built from the binary's own --help texts and exit-code
# table by scripts/gen-man, so it cannot drift), bash and zsh completion,
# the JSON Schemas and docs, and the library with its public headers and
# pkg-config file for C users.  `make uninstall` removes exactly these;
# tests/install.sh installs into a temporary prefix and checks both.
MAN      := $(OUT)/nianbao.1
PC       := $(OUT)/nianbao.pc
HEADERS  := nianbao.h base/base.h extract/extract.h archive/archive.h normalize/normalize.h schema/schema.h
SCHEMAS  := $(wildcard schema/*.schema.json)
DOCS     := README.md NEWS LICENSE CITATION.cff $(wildcard docs/*.md)
I        := $(DESTDIR)$(PREFIX)
INSTALLED := bin/nianbao share/man/man1/nianbao.1 \
             share/bash-completion/completions/nianbao share/zsh/site-functions/_nianbao \
             $(SCHEMAS:schema/%=share/nianbao/schema/%) $(addprefix share/nianbao/docs/,$(notdir $(DOCS))) \
             lib/libnianbao.a $(HEADERS:%=include/nianbao/%) lib/pkgconfig/nianbao.pc
INSTALL_DIRS := include/nianbao/base include/nianbao/extract include/nianbao/archive include/nianbao/normalize \
                include/nianbao/schema include/nianbao share/nianbao/schema share/nianbao/docs \
                share/nianbao

$(MAN): $(BIN) scripts/gen-man
	$(PYTHON) scripts/gen-man $(BIN) >$@.tmp && mv $@.tmp $@

$(PC): FORCE
	@mkdir -p $(dir $@)
	@version=$$(sed -n 's/^#define NB_VERSION "\(.*\)"/\1/p' base/base.h); \
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: nianbao' \
	  'Description: annual government information disclosure reports to JSON' \
	  "Version: $$version" \
	  'Requires: $(PKGS) libcmark-gfm $(STATIC_PKGS)' \
	  'Libs: -L$${libdir} -lnianbao -ldl -lm' \
	  'Cflags: -I$${includedir}' >$@

install: $(BIN) $(LIB) $(MAN) $(PC)
	install -d $(I)/bin $(I)/lib/pkgconfig $(I)/share/man/man1 \
	  $(I)/share/bash-completion/completions $(I)/share/zsh/site-functions \
	  $(I)/share/nianbao/schema $(I)/share/nianbao/docs \
	  $(addprefix $(I)/include/nianbao/,base extract archive normalize schema)
	install -m 755 $(BIN) $(I)/bin/nianbao
	install -m 644 $(MAN) $(I)/share/man/man1/nianbao.1
	install -m 644 share/nianbao.bash $(I)/share/bash-completion/completions/nianbao
	install -m 644 share/_nianbao $(I)/share/zsh/site-functions/_nianbao
	install -m 644 $(SCHEMAS) $(I)/share/nianbao/schema/
	install -m 644 $(DOCS) $(I)/share/nianbao/docs/
	install -m 644 $(LIB) $(I)/lib/libnianbao.a
	install -m 644 $(PC) $(I)/lib/pkgconfig/nianbao.pc
	for h in $(HEADERS); do install -m 644 $$h $(I)/include/nianbao/$$h || exit 1; done

uninstall:
	rm -f $(addprefix $(I)/,$(INSTALLED))
	@for d in $(addprefix $(I)/,$(INSTALL_DIRS)); do rmdir "$$d" 2>/dev/null || true; done

# The docs' fenced `sh` examples, run against the built binary; a failing
# one fails the build (blocks marked `sh no-run` are skipped, see the script).
DOC_EXAMPLES := README.md docs/tools.md docs/batch.md
doc-test: $(BIN)
	$(PYTHON) tests/doc_examples.py --nianbao $(BIN) $(DOC_EXAMPLES)

# Installs into a temporary prefix, reads the man page with man -l, builds
# a C program against the installed headers and pkg-config file, uninstalls.
install-test: $(BIN) $(LIB)
	BUILD=$(BUILD) MAKE="$(MAKE)" bash tests/install.sh

# Formats only the lines changed since HEAD (git clang-format): the tree is
# hand-formatted close to .clang-format, and reformatting whole files would
# bury a change in some 1,700 lines of layout.
format:
	git clang-format --extensions c,h HEAD

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
