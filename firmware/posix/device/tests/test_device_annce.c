/* The NWK-secured Device_annce: layout, and that it opens under the network key and only under it. */
#include <string.h>

#include "device_tests.h"
#include "zb_nwk_aps.h"

/* transport_key_frames[0]: the example network key and device. */
#define EXAMPLE_NETWORK_KEY "2B7E151628AED2A6ABF7158809CF4F3C"

static size_t build(uint8_t *out, size_t cap, const uint8_t *key)
{
    zb_device_annce annce = {
        .device_ieee = 0x000D6F000A0B0C0DULL,
        .device_short = 0x4F2C,
        .capability = 0x8C,
        .nwk_seq = 0x11,
        .aps_counter = 0x22,
        .zdo_seq = 0x33,
        .nwk_frame_counter = 0x01020304,
        .network_key = key,
        .key_seq = 0,
    };
    zb_frame_status st;
    size_t len = zb_device_annce_build(&annce, out, cap, &st);
    assert_int_equal(st, len > 0 ? ZB_FRAME_OK : ZB_FRAME_BUFFER);
    return len;
}

static void layout_and_round_trip(void **state)
{
    (void)state;
    uint8_t key[16], frame[128], payload[64];
    test_hex(EXAMPLE_NETWORK_KEY, key, sizeof key);
    size_t len = build(frame, sizeof frame, key);
    assert_int_equal(len, 54);
    /* NWK header: data, version 2, security, source IEEE; to 0xFFFD from 0x4F2C, radius 30, seq. */
    static const uint8_t header[] = {0x08, 0x12, 0xFD, 0xFF, 0x2C, 0x4F, 0x1E, 0x11,
                                     0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00};
    assert_memory_equal(frame, header, sizeof header);
    /* Aux header as sent: level bits 000, key id 1 (network key), extended nonce; counter; source; key seq. */
    static const uint8_t aux[] = {0x28, 0x04, 0x03, 0x02, 0x01, 0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00, 0x00};
    assert_memory_equal(frame + 16, aux, sizeof aux);

    size_t payload_len = 0;
    zb_aux_header parsed;
    assert_int_equal(zb_nwk_unsecure(frame, len, key, payload, sizeof payload, &payload_len, &parsed), ZB_FRAME_OK);
    static const uint8_t expected[] = {
        0x08, 0x00, 0x13, 0x00, 0x00, 0x00, 0x00, 0x22,       /* APS: data, broadcast, ZDO ep, cluster 0x0013, ZDP */
        0x33, 0x2C, 0x4F,                                     /* ZDO seq, NWK address */
        0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00, 0x8C}; /* IEEE address, capability */
    assert_int_equal(payload_len, sizeof expected);
    assert_memory_equal(payload, expected, sizeof expected);
    assert_int_equal(parsed.frame_counter, 0x01020304);
    /* The payload is not in clear on air. */
    assert_memory_not_equal(frame + 30, expected, sizeof expected);
}

static void refuses_other_keys_and_tampering(void **state)
{
    (void)state;
    uint8_t key[16], frame[128], payload[64];
    test_hex(EXAMPLE_NETWORK_KEY, key, sizeof key);
    size_t len = build(frame, sizeof frame, key);
    size_t payload_len;
    zb_aux_header aux;
    uint8_t other[16];
    memcpy(other, key, 16);
    other[15] ^= 0x80;
    assert_int_equal(zb_nwk_unsecure(frame, len, other, payload, sizeof payload, &payload_len, &aux),
                     ZB_FRAME_MIC_FAILURE);
    /* The NWK header is authenticated here (unlike the APS-secured Transport Key's NWK header). */
    frame[7] ^= 1;
    assert_int_equal(zb_nwk_unsecure(frame, len, key, payload, sizeof payload, &payload_len, &aux),
                     ZB_FRAME_MIC_FAILURE);
    frame[7] ^= 1;
    assert_int_equal(zb_nwk_unsecure(frame, len - 1, key, payload, sizeof payload, &payload_len, &aux),
                     ZB_FRAME_MIC_FAILURE);
    assert_int_equal(zb_nwk_unsecure(frame, 20, key, payload, sizeof payload, &payload_len, &aux),
                     ZB_FRAME_TRUNCATED);
    frame[1] &= (uint8_t)~0x02; /* security bit cleared */
    assert_int_equal(zb_nwk_unsecure(frame, len, key, payload, sizeof payload, &payload_len, &aux),
                     ZB_FRAME_UNSUPPORTED);
}

static void refuses_small_buffers(void **state)
{
    (void)state;
    uint8_t key[16] = {0}, frame[53];
    zb_device_annce annce = {.network_key = key};
    zb_frame_status st;
    assert_int_equal(zb_device_annce_build(&annce, frame, sizeof frame, &st), 0);
    assert_int_equal(st, ZB_FRAME_BUFFER);
}

int run_device_annce_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_and_round_trip),
        cmocka_unit_test(refuses_other_keys_and_tampering),
        cmocka_unit_test(refuses_small_buffers),
    };
    return cmocka_run_group_tests_name("device_annce", tests, NULL, NULL);
}
