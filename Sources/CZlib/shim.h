// The system zlib (Debian: zlib1g-dev). Used directly so that a truncated gzip stream is an error and the
// output size is capped while inflating.
#include <zlib.h>
