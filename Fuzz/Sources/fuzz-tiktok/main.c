// The fuzzer executable: libFuzzer's own main calls these two functions. The target is chosen once, by name, from
// the FUZZ_TARGET environment variable (Scripts/fuzz.sh sets it); the targets themselves are Swift (FuzzTargets).
// With FUZZ_WRITE_SEEDS set it writes the seed corpora instead, so that one build serves both.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "FuzzTargets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *seeds = getenv("FUZZ_WRITE_SEEDS");
    if (seeds != NULL) {
        const char *repository = getenv("FUZZ_REPOSITORY");
        exit(tiktok_fuzz_write_seeds(seeds, repository != NULL ? repository : "."));
    }
    const char *name = getenv("FUZZ_TARGET");
    if (name == NULL || tiktok_fuzz_select(name) != 0) {
        fprintf(stderr, "set FUZZ_TARGET to one of: %s\n", tiktok_fuzz_target_names());
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tiktok_fuzz_run(data, size);
    return 0;
}
