/* ZEP v2 codec: exact layout (as Wireshark's ZEP dissector reads it) and refusal of bad packets. */
#include <string.h>

#include "medium_tests.h"
#include "zep.h"

static const zep_data_header sample_header = {
    .channel = 15,
    .device_id = 0x0C0D,
    .mode = ZEP_MODE_CRC,
    .lqi = 255,
    .ntp_seconds = 0xE8A1B2C3u,
    .ntp_fraction = 0x80000000u,
    .sequence = 0x01020304u,
};

/* A beacon request MPDU with its FCS (frame control 0x0803, seq 0x2A, dst PAN/addr 0xFFFF). */
static const uint8_t beacon_request[] = {0x03, 0x08, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00};

static size_t encode_sample(uint8_t *out, size_t cap)
{
    return zep_encode_data(&sample_header, beacon_request, sizeof beacon_request, out, cap);
}

static void encode_writes_the_v2_data_layout(void **state)
{
    (void)state;
    uint8_t out[ZEP_MAX_PACKET];
    size_t len = encode_sample(out, sizeof out);
    assert_int_equal(len, 32 + sizeof beacon_request);
    static const uint8_t expected_header[32] = {
        'E', 'X', 2, 1,            /* preamble, version 2, type data */
        15,                         /* channel */
        0x0C, 0x0D,                 /* device id, big-endian */
        1, 255,                     /* CRC mode, LQI */
        0xE8, 0xA1, 0xB2, 0xC3,     /* NTP seconds */
        0x80, 0x00, 0x00, 0x00,     /* NTP fraction */
        0x01, 0x02, 0x03, 0x04,     /* sequence */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* reserved */
        sizeof beacon_request};
    assert_memory_equal(out, expected_header, sizeof expected_header);
    assert_memory_equal(out + 32, beacon_request, sizeof beacon_request);
}

static void decode_round_trips(void **state)
{
    (void)state;
    uint8_t out[ZEP_MAX_PACKET];
    size_t len = encode_sample(out, sizeof out);
    zep_data_header hdr;
    const uint8_t *psdu;
    size_t psdu_len;
    assert_int_equal(zep_decode(out, len, &hdr, &psdu, &psdu_len), ZEP_OK);
    assert_int_equal(psdu_len, sizeof beacon_request);
    assert_memory_equal(psdu, beacon_request, psdu_len);
    assert_int_equal(hdr.channel, 15);
    assert_int_equal(hdr.device_id, 0x0C0D);
    assert_int_equal(hdr.mode, ZEP_MODE_CRC);
    assert_int_equal(hdr.lqi, 255);
    assert_int_equal(hdr.ntp_seconds, 0xE8A1B2C3u);
    assert_int_equal(hdr.ntp_fraction, 0x80000000u);
    assert_int_equal(hdr.sequence, 0x01020304u);
}

static void encode_refuses_bad_lengths(void **state)
{
    (void)state;
    uint8_t big[ZEP_MAX_PSDU + 1];
    uint8_t out[ZEP_MAX_PACKET + 8];
    memset(big, 0xAB, sizeof big);
    assert_int_equal(zep_encode_data(&sample_header, big, 0, out, sizeof out), 0);
    assert_int_equal(zep_encode_data(&sample_header, big, 1, out, sizeof out), 0);
    assert_int_equal(zep_encode_data(&sample_header, big, ZEP_MAX_PSDU + 1, out, sizeof out), 0);
    assert_int_equal(zep_encode_data(&sample_header, big, ZEP_MAX_PSDU, out, sizeof out),
                     ZEP_MAX_PACKET);
    /* Output buffer one byte short. */
    assert_int_equal(zep_encode_data(&sample_header, big, 10, out, 32 + 9), 0);
}

static zep_status decode_status(const uint8_t *packet, size_t len)
{
    zep_data_header hdr;
    const uint8_t *psdu = NULL;
    size_t psdu_len = 0;
    return zep_decode(packet, len, &hdr, &psdu, &psdu_len);
}

static void decode_refuses_malformed_packets(void **state)
{
    (void)state;
    uint8_t good[ZEP_MAX_PACKET];
    size_t len = encode_sample(good, sizeof good);
    uint8_t p[ZEP_MAX_PACKET + 4];

    /* Every truncation of a valid packet is refused. */
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_not_equal(decode_status(good, cut), ZEP_OK);
    }
    /* Trailing garbage after the PSDU. */
    memcpy(p, good, len);
    p[len] = 0x00;
    assert_int_equal(decode_status(p, len + 1), ZEP_ERR_LENGTH);
    /* Preamble. */
    memcpy(p, good, len);
    p[0] = 'Z';
    assert_int_equal(decode_status(p, len), ZEP_ERR_PREAMBLE);
    /* Version 1 and 3. */
    memcpy(p, good, len);
    p[2] = 1;
    assert_int_equal(decode_status(p, len), ZEP_ERR_VERSION);
    p[2] = 3;
    assert_int_equal(decode_status(p, len), ZEP_ERR_VERSION);
    /* Unknown type. */
    memcpy(p, good, len);
    p[3] = 7;
    assert_int_equal(decode_status(p, len), ZEP_ERR_TYPE);
    /* Length byte disagrees with the datagram, or is below the 2-byte minimum. */
    memcpy(p, good, len);
    p[31] = (uint8_t)(sizeof beacon_request + 1);
    assert_int_equal(decode_status(p, len), ZEP_ERR_LENGTH);
    p[31] = 1;
    assert_int_equal(decode_status(p, 33), ZEP_ERR_LENGTH);
    p[31] = 0;
    assert_int_equal(decode_status(p, 32), ZEP_ERR_LENGTH);
    /* Empty and tiny datagrams. */
    assert_int_equal(decode_status(p, 0), ZEP_ERR_TOO_SHORT);
    assert_int_equal(decode_status((const uint8_t *)"EX", 2), ZEP_ERR_TOO_SHORT);
}

static void decode_masks_the_reserved_length_bit(void **state)
{
    (void)state;
    uint8_t p[ZEP_MAX_PACKET];
    size_t len = encode_sample(p, sizeof p);
    p[31] |= 0x80; /* reserved bit set by some senders: Wireshark ignores it, so do we */
    assert_int_equal(decode_status(p, len), ZEP_OK);
}

static void decode_reports_acks_separately(void **state)
{
    (void)state;
    static const uint8_t ack[8] = {'E', 'X', 2, 2, 0, 0, 0, 9};
    assert_int_equal(decode_status(ack, sizeof ack), ZEP_ERR_ACK);
    assert_int_equal(decode_status(ack, 7), ZEP_ERR_LENGTH);
    assert_string_equal(zep_status_name(ZEP_ERR_ACK), "ack (no PSDU)");
}

int run_zep_codec_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encode_writes_the_v2_data_layout),
        cmocka_unit_test(decode_round_trips),
        cmocka_unit_test(encode_refuses_bad_lengths),
        cmocka_unit_test(decode_refuses_malformed_packets),
        cmocka_unit_test(decode_masks_the_reserved_length_bit),
        cmocka_unit_test(decode_reports_acks_separately),
    };
    return cmocka_run_group_tests_name("zep codec", tests, NULL, NULL);
}
