/*
 * version.c — what built this nianbao: the source commit, passed by the
 * Makefile as NB_COMMIT (`git describe --always --dirty` when the tree is a
 * git checkout).  Only this file gets the define, so a new commit rebuilds
 * one object, not the library.
 */
#include "base.h"

const char *nb_build_commit(void)
{
#ifdef NB_COMMIT
	return NB_COMMIT[0] ? NB_COMMIT : NULL;
#else
	return NULL;
#endif
}
