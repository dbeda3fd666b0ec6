// The system libdeflate (Debian: libdeflate-dev; Homebrew: libdeflate). It inflates a whole deflate body into a
// buffer of known size in one call, 2.3-2.7 times as fast as zlib's streaming inflate on push-frame batches (the
// benchmark's (d) and (d') rows, Benchmarks/Sources/decode-bench/main.swift); zlib
// (Sources/CZlib) remains for streams whose stated size is wrong, for bad input and for compressing.
#include <libdeflate.h>
