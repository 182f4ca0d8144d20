/* Helpers shared by the unit tests. */
#ifndef EG_TEST_UTIL_H
#define EG_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Parses a hex string ("61 88 5C" or "61885C") into out; returns the byte count. Aborts the test
 * program on a malformed literal, which is a bug in the test itself. */
static inline size_t hex_to_bytes(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex != '\0'; hex++) {
        int v;
        char c = *hex;
        if (c == ' ' || c == ':') {
            continue;
        }
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else {
            __builtin_trap();
        }
        if (hi < 0) {
            hi = v;
        } else {
            if (n >= cap) {
                __builtin_trap();
            }
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        __builtin_trap();
    }
    return n;
}

/* Deterministic pseudo-random bytes for robustness tests (xorshift32): reproducible failures. */
static inline uint32_t test_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

#endif
