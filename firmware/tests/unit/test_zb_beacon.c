/* Zigbee beacon payload: exact bytes from configuration, round trip, and malformed payloads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_zb_beacon.h"
#include "test_util.h"

static void default_payload_bytes(void **state)
{
    eg_zb_beacon_payload p;
    uint8_t out[16], expected[16];
    size_t n = hex_to_bytes("00 22 84 DDCCBBAA99887766 FFFFFF 00", expected, sizeof(expected));
    (void)state;

    eg_zb_beacon_payload_init(&p, 0x66778899AABBCCDDull);
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, sizeof(out)), 15);
    assert_int_equal(n, 15);
    assert_memory_equal(out, expected, 15);
}

static void round_trip_all_fields(void **state)
{
    eg_zb_beacon_payload p, q;
    uint8_t out[15];
    (void)state;

    eg_zb_beacon_payload_init(&p, 0x0123456789ABCDEFull);
    p.router_capacity = false;
    p.device_depth = 15;
    p.end_device_capacity = true;
    p.tx_offset = 0x123456;
    p.update_id = 7;
    p.stack_profile = 1;
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, sizeof(out)), 15);
    assert_int_equal(out[2], 0x80 | (15 << 3));
    assert_int_equal(eg_zb_beacon_payload_decode(out, 15, &q), EG_MAC_OK);
    assert_int_equal(q.extended_pan_id, p.extended_pan_id);
    assert_int_equal(q.device_depth, 15);
    assert_false(q.router_capacity);
    assert_true(q.end_device_capacity);
    assert_int_equal(q.tx_offset, 0x123456);
    assert_int_equal(q.update_id, 7);
    assert_int_equal(q.stack_profile, 1);
    assert_int_equal(q.protocol_version, 2);
}

static void decode_rejects_malformed(void **state)
{
    uint8_t in[16];
    eg_zb_beacon_payload q;
    (void)state;

    hex_to_bytes("00 22 84 DDCCBBAA99887766 FFFFFF 00 00", in, sizeof(in));
    assert_int_equal(eg_zb_beacon_payload_decode(in, 14, &q), EG_MAC_ERR_TRUNCATED);
    assert_int_equal(eg_zb_beacon_payload_decode(in, 0, &q), EG_MAC_ERR_TRUNCATED);
    assert_int_equal(eg_zb_beacon_payload_decode(in, 16, &q), EG_MAC_ERR_MALFORMED);
    in[0] = 0x01; /* not Zigbee */
    assert_int_equal(eg_zb_beacon_payload_decode(in, 15, &q), EG_MAC_ERR_UNSUPPORTED);
    assert_int_equal(eg_zb_beacon_payload_decode(NULL, 15, &q), EG_MAC_ERR_ARGUMENT);
}

static void encode_rejects_out_of_range(void **state)
{
    eg_zb_beacon_payload p;
    uint8_t out[15];
    (void)state;

    eg_zb_beacon_payload_init(&p, 1);
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, 14), EG_MAC_ERR_BUFFER);
    p.device_depth = 16;
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, 15), EG_MAC_ERR_ARGUMENT);
    p.device_depth = 0;
    p.tx_offset = 0x1000000;
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, 15), EG_MAC_ERR_ARGUMENT);
    p.tx_offset = 0;
    p.stack_profile = 16;
    assert_int_equal(eg_zb_beacon_payload_encode(&p, out, 15), EG_MAC_ERR_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_payload_bytes),
        cmocka_unit_test(round_trip_all_fields),
        cmocka_unit_test(decode_rejects_malformed),
        cmocka_unit_test(encode_rejects_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
