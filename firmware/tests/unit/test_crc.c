/* CRC-16/KERMIT (802.15.4 FCS) and CRC-16/X.25 (UART, install codes) against published check
 * values and the shared Zigbee vectors (/work/shared/vectors/zigbee.json, crc16_x25). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_crc.h"

static const uint8_t check[] = "123456789";

static void kermit_check_value(void **state)
{
    (void)state;
    assert_int_equal(eg_crc16_kermit(check, 9), 0x2189);
}

static void x25_check_value(void **state)
{
    (void)state;
    assert_int_equal(eg_crc16_x25(check, 9), 0x906E);
}

static void x25_install_code_vectors(void **state)
{
    static const uint8_t code1[] = {0x83, 0xFE, 0xD3, 0x40, 0x7A, 0x93, 0x97, 0x23,
                                    0xA5, 0xC6, 0x39, 0xB2, 0x69, 0x16, 0xD5, 0x05};
    static const uint8_t code2[] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
    (void)state;
    assert_int_equal(eg_crc16_x25(code1, sizeof(code1)), 0xB5C3);
    assert_int_equal(eg_crc16_x25(code2, sizeof(code2)), 0x8F52);
}

static void empty_input(void **state)
{
    (void)state;
    /* Init values pass through: 0x0000 for KERMIT, 0xFFFF ^ 0xFFFF for X.25. */
    assert_int_equal(eg_crc16_kermit(check, 0), 0x0000);
    assert_int_equal(eg_crc16_x25(check, 0), 0x0000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kermit_check_value),
        cmocka_unit_test(x25_check_value),
        cmocka_unit_test(x25_install_code_vectors),
        cmocka_unit_test(empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
