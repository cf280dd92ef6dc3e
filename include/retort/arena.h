/* retort arenas: many small allocations released together (a graph's objects and strings).
 * It does not free items one by one; RT_ARENA_DEBUG makes each item its own malloc for ASan. */
#ifndef RETORT_ARENA_H
#define RETORT_ARENA_H

#include <stddef.h>

typedef struct rt_arena rt_arena;

rt_arena *rt_arena_new(void);
void rt_arena_free(rt_arena *a); /* NULL is fine */
void *rt_arena_alloc(rt_arena *a, size_t n);  /* zeroed; NULL on failure */
/* Not zeroed: for a caller that writes every byte (protobuf-c initializes what it unpacks). */
void *rt_arena_alloc_raw(rt_arena *a, size_t n);
char *rt_arena_strdup(rt_arena *a, const char *s); /* NULL in, NULL out */
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);
char *rt_arena_printf(rt_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* All allocation goes through these so tests can fail the n-th call. */
void *rt_malloc(size_t n);
void *rt_calloc(size_t n, size_t size);
void *rt_realloc(void *p, size_t n);
char *rt_strdup(const char *s);
void rt_free(void *p);
/* Test hook: make the n-th allocation from now fail (0 disables). */
void rt_malloc_fail_after(long n);

#endif
