#include "heap_stats.h"

#include <malloc.h>

struct heap_stats heap_stats_now(void) {
    struct mallinfo2 info = mallinfo2();
    struct heap_stats stats = {
        .live_bytes = info.uordblks + info.hblkhd,
        .free_bytes = info.fordblks,
        .arena_bytes = info.arena,
        .mmapped_bytes = info.hblkhd,
    };
    return stats;
}

int heap_stats_trim(void) { return malloc_trim(0); }
