// What FuzzTargets exports with @_cdecl.
#include <stddef.h>
#include <stdint.h>

/// Picks the target named `name`; 0 when it exists.
int tiktok_fuzz_select(const char *name);
/// The names of the targets, separated by spaces.
const char *tiktok_fuzz_target_names(void);
/// Runs the selected target on one input.
void tiktok_fuzz_run(const uint8_t *data, size_t size);
/// Writes every target's seed corpus under `output`, read from the repository at `repository`; 0 on success.
int tiktok_fuzz_write_seeds(const char *output, const char *repository);
