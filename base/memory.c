/*
 * memory.c — checked allocation and the per-report arena.
 *
 * The arena is a list of blocks bumped from the front; a report's lines,
 * cells and strings all come from it and go away together (nianbao.h, rule
 * 3), so a batch over thousands of files cannot leak file by file.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void S_out_of_memory(size_t size)
{
	fprintf(stderr, "nianbao: out of memory allocating %zu bytes\n", size);
	abort();
}

void *nb_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		S_out_of_memory(size);
	return p;
}

void *nb_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		S_out_of_memory(count * size);
	return p;
}

void *nb_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		S_out_of_memory(size);
	return p;
}

char *nb_xstrdup(const char *s)
{
	size_t len = strlen(s);
	char *copy = nb_xmalloc(len + 1);
	memcpy(copy, s, len + 1);
	return copy;
}

void *nb_grow(void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return items;
	*cap = *cap ? *cap * 2 : 64;
	if (*cap < need)
		*cap = need;
	return nb_xrealloc(items, *cap * size);
}

/* ---- arena ---- */

enum { ARENA_BLOCK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

struct nb_arena {
	arena_block *head;
	size_t total_used;
};

nb_arena *nb_arena_new(void)
{
	return nb_xcalloc(1, sizeof(nb_arena));
}

void nb_arena_free(nb_arena *arena)
{
	if (!arena)
		return;
	arena_block *block = arena->head;
	while (block) {
		arena_block *next = block->next;
		free(block);
		block = next;
	}
	free(arena);
}

static arena_block *S_block_new(size_t min_size)
{
	size_t size = min_size > ARENA_BLOCK ? min_size : ARENA_BLOCK;
	arena_block *block = nb_xmalloc(sizeof(arena_block) + size);
	block->next = NULL;
	block->size = size;
	block->used = 0;
	return block;
}

void *nb_arena_alloc(nb_arena *arena, size_t size)
{
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (rounded < size)
		S_out_of_memory(size);
	arena_block *block = arena->head;
	if (!block || block->size - block->used < rounded) {
		/* A large request gets a block of its own behind the current one,
		 * so the remaining room of the current block is not wasted. */
		arena_block *fresh = S_block_new(rounded);
		if (block && rounded > ARENA_BLOCK / 4) {
			fresh->next = block->next;
			block->next = fresh;
		} else {
			fresh->next = block;
			arena->head = fresh;
		}
		block = fresh;
	}
	void *p = block->data + block->used;
	block->used += rounded;
	arena->total_used += rounded;
	memset(p, 0, size);
	return p;
}

char *nb_arena_strndup(nb_arena *arena, const char *s, size_t len)
{
	char *copy = nb_arena_alloc(arena, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *nb_arena_strdup(nb_arena *arena, const char *s)
{
	return nb_arena_strndup(arena, s, strlen(s));
}

size_t nb_arena_used(const nb_arena *arena)
{
	return arena->total_used;
}
