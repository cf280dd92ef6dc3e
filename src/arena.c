#include "retort/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fail_countdown;

void
rt_malloc_fail_after(long n)
{
	fail_countdown = n;
}

static int
should_fail(void)
{
	if (fail_countdown > 0 && --fail_countdown == 0)
		return 1;
	return 0;
}

void *
rt_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *
rt_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *
rt_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *
rt_strdup(const char *s)
{
	size_t n;
	char *p;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	p = rt_malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void
rt_free(void *p)
{
	free(p);
}

/* Items are carved from 64 KiB blocks; a larger item gets a block of its own.  With
 * RT_ARENA_DEBUG every item is its own block so AddressSanitizer sees each bound. */
typedef struct block {
	struct block *next;
	size_t used, cap;
	max_align_t data[];
} block;

struct rt_arena {
	block *head;
};

#define BLOCK_SIZE (64 * 1024)

rt_arena *
rt_arena_new(void)
{
	return rt_calloc(1, sizeof(rt_arena));
}

void
rt_arena_free(rt_arena *a)
{
	block *b, *next;
	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		rt_free(b);
	}
	rt_free(a);
}

void *
rt_arena_alloc_raw(rt_arena *a, size_t n)
{
	block *b = a->head;
	size_t align = sizeof(max_align_t);
	void *p;
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
#ifndef RT_ARENA_DEBUG
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_SIZE / 2 ? n : BLOCK_SIZE;
		b = rt_malloc(sizeof(block) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		if (n > BLOCK_SIZE / 2 && a->head) {
			/* keep filling the current block; the big one goes behind it */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
#else
	b = rt_malloc(sizeof(block) + n);
	if (!b)
		return NULL;
	b->used = 0;
	b->cap = n;
	b->next = a->head;
	a->head = b;
#endif
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void *
rt_arena_alloc(rt_arena *a, size_t n)
{
	void *p = rt_arena_alloc_raw(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *
rt_arena_strndup(rt_arena *a, const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = rt_arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *
rt_arena_strdup(rt_arena *a, const char *s)
{
	return s ? rt_arena_strndup(a, s, strlen(s)) : NULL;
}

char *
rt_arena_printf(rt_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = rt_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
