// glibc's own account of the heap (mallinfo2), which Swift's Glibc module does not export: what is allocated and
// live, against what the allocator holds, so a benchmark can tell a leak from memory the allocator keeps.
#include <stddef.h>

struct heap_stats {
    size_t live_bytes;      // in use: small allocations plus mmap'ed large ones
    size_t free_bytes;      // free but kept in the arenas
    size_t arena_bytes;     // the arenas' total (sbrk'ed and mmap'ed arenas)
    size_t mmapped_bytes;   // large allocations mmap'ed on their own
};

struct heap_stats heap_stats_now(void);
/// Hands free arena memory back to the system (glibc's malloc_trim(0)); 1 when some was released.
int heap_stats_trim(void);
