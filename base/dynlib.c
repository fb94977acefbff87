/*
 * dynlib.c — libraries a reader loads when an input needs them.
 *
 * Every shared library linked into nianbao is mapped and relocated by
 * every process, a PDF's too: `nianbao extract f.pdf` in a loop pays it per
 * file (bench/findings.md).  So the readers of less common forms (Word
 * packages and archives through libarchive, web pages through libxml2,
 * saved pages through GMime, Markdown through cmark-gfm, scans through
 * tesseract and leptonica) load their library here, by soname, into a
 * table of function pointers of their own.  The headers still come from
 * the -dev packages, so the types and the prototypes are checked.
 *
 * RTLD_NODELETE keeps a library mapped after the last nb_dl_close: a batch
 * of ten thousand web pages loads libxml2 (and ICU under it) once, and no
 * handle has to live in a global.
 */
#include <dlfcn.h>
#include <string.h>

#include "base.h"

nb_status nb_dl_open(const char *soname, const char *package,
                     const nb_dl_symbol *symbols, size_t count, void *api,
                     void **handle, nb_error *err)
{
	*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!*handle)
		return nb_error_set(err, NB_ERR_NO_LIBRARY, 0,
		                    "cannot load %s (Debian package %s)", soname,
		                    package);
	for (size_t i = 0; i < count; i++) {
		void *symbol = dlsym(*handle, symbols[i].name);
		if (!symbol) {
			dlclose(*handle);
			*handle = NULL;
			return nb_error_set(err, NB_ERR_NO_LIBRARY, 0,
			                    "%s has no %s (Debian package %s, "
			                    "another version?)",
			                    soname, symbols[i].name, package);
		}
		/* POSIX: a data pointer from dlsym stored as a function pointer */
		memcpy((char *)api + symbols[i].offset, &symbol, sizeof symbol);
	}
	return NB_OK;
}

void nb_dl_close(void *handle)
{
	if (handle)
		dlclose(handle);
}
