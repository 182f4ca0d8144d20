/* The log line formatter: directives, truncation, and NUL termination. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "eg_log.h"

static void directives(void **state)
{
    char out[96];
    (void)state;
    assert_int_equal(eg_log_format(out, sizeof(out), "%E as %x, %u s, %s, 100%%",
                                   (uint64_t)0x000D6F000A0B0C0Dull, 0x4F2Cu, 1700u, "ok"),
                     strlen("000d6f000a0b0c0d as 4f2c, 1700 s, ok, 100%"));
    assert_string_equal(out, "000d6f000a0b0c0d as 4f2c, 1700 s, ok, 100%");
    eg_log_format(out, sizeof(out), "%u %u %q %", 0u, 4294967295u);
    assert_string_equal(out, "0 4294967295 %q %");
    eg_log_format(out, sizeof(out), "[%s]", (const char *)NULL);
    assert_string_equal(out, "[]");
}

static void truncates_and_terminates(void **state)
{
    char out[8];
    (void)state;
    memset(out, 'Z', sizeof(out));
    assert_int_equal(eg_log_format(out, sizeof(out), "%E", (uint64_t)0x0123456789ABCDEFull), 7);
    assert_string_equal(out, "0123456");
    assert_int_equal(eg_log_format(out, 1, "abc"), 0);
    assert_int_equal(out[0], '\0');
    assert_int_equal(eg_log_format(NULL, 8, "abc"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(directives),
        cmocka_unit_test(truncates_and_terminates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
