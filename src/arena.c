#include "retort/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/mman.h>

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

/* Items are carved from blocks that double from 64 KiB to 2 MiB, so a big graph takes few blocks.
 * Every block starts zeroed (calloc, or fresh pages from mmap) and no byte is handed out twice,
 * so rt_arena_alloc needs no memset of its own.  2 MiB blocks are mapped on a 2 MiB boundary and
 * offered to transparent huge pages: one page fault per block instead of 512 (a fault is dear
 * in a virtual machine, and the kernel zeroes the page either way).  A larger item gets a block
 * of its own.  With RT_ARENA_DEBUG every item is its own block so AddressSanitizer sees each
 * bound. */
typedef struct block {
	struct block *next;
	size_t used, cap;
	size_t mapped;              /* bytes mapped with mmap; 0 when the block came from calloc */
	max_align_t data[];
} block;

struct rt_arena {
	block *head;
	size_t next_cap;
};

#define BLOCK_SIZE (64 * 1024)
#define HUGE_SIZE (2 * 1024 * 1024)

rt_arena *
rt_arena_new(void)
{
	rt_arena *a = rt_calloc(1, sizeof(rt_arena));
	if (a)
		a->next_cap = BLOCK_SIZE;
	return a;
}

static void
block_free(block *b)
{
#if defined(MAP_ANONYMOUS) && !defined(RT_ARENA_DEBUG)
	if (b->mapped) {
		munmap(b, b->mapped);
		return;
	}
#endif
	rt_free(b);
}

void
rt_arena_free(rt_arena *a)
{
	block *b, *next;
	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		block_free(b);
	}
	rt_free(a);
}

/* A zeroed block of cap usable bytes. */
static block *
block_new(size_t cap)
{
	size_t size = sizeof(block) + cap;
	block *b;
#if defined(MAP_ANONYMOUS) && !defined(RT_ARENA_DEBUG)
	if (size >= HUGE_SIZE) {
		size_t mapped = (size + HUGE_SIZE - 1) / HUGE_SIZE * HUGE_SIZE;
		char *m, *start;
		size_t head;
		if (should_fail())
			return NULL;
		/* map one huge page more than needed and trim it to a 2 MiB boundary */
		m = mmap(NULL, mapped + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		head = (HUGE_SIZE - (uintptr_t)m % HUGE_SIZE) % HUGE_SIZE;
		start = m + head;
		if (head)
			munmap(m, head);
		munmap(start + mapped, HUGE_SIZE - head);
#ifdef MADV_HUGEPAGE
		madvise(start, mapped, MADV_HUGEPAGE);
#endif
		b = (block *)start;
		b->mapped = mapped;
		b->cap = mapped - sizeof(block);
		return b;
	}
#endif
	b = rt_calloc(1, size);
	if (b)
		b->cap = cap;
	return b;
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
		bool own = n > a->next_cap / 2;
		b = block_new(own ? n : a->next_cap);
		if (!b)
			return NULL;
		if (own && a->head) {
			/* keep filling the current block; the big one goes behind it */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
			if (!own && a->next_cap < HUGE_SIZE - sizeof(block))
				a->next_cap = a->next_cap * 2 > HUGE_SIZE - sizeof(block)
						      ? HUGE_SIZE - sizeof(block) : a->next_cap * 2;
		}
	}
#else
	b = block_new(n);
	if (!b)
		return NULL;
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
	/* blocks start zeroed and no byte is handed out twice */
	return rt_arena_alloc_raw(a, n);
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
