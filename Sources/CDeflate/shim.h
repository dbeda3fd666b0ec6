// The system libdeflate (Debian: libdeflate-dev; Homebrew: libdeflate). It inflates a whole deflate body into a
// buffer of known size in one call, about twice as fast as zlib's streaming inflate on push-frame batches; zlib
// (Sources/CZlib) remains for streams whose stated size is wrong, for bad input and for compressing.
#include <libdeflate.h>
