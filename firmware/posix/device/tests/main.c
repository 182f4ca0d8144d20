#include <stdio.h>
#include <string.h>

#include "device_tests.h"

size_t test_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex);
    assert_true(n % 2 == 0);
    assert_true(n / 2 <= cap);
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        char pair[3] = {hex[2 * i], hex[2 * i + 1], 0};
        assert_int_equal(sscanf(pair, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
    return n / 2;
}

int main(void)
{
    int failed = 0;
    failed += run_zb_crypto_tests();
    failed += run_transport_key_tests();
    failed += run_device_annce_tests();
    failed += run_device_config_tests();
    failed += run_device_report_tests();
    failed += run_device_join_tests();
    return failed == 0 ? 0 : 1;
}
