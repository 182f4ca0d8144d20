/* IEEE 802.15.4 MAC codec: exact bytes for every frame the gateway and a joiner exchange (checked
 * against the shared vector and well-known Zigbee captures), and every way a frame can be bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_crc.h"
#include "eg_mac.h"
#include "test_util.h"

#define PAN 0x1A62u
#define GW_EXT 0x00124B0001020304ull
#define DEV_EXT 0x000D6F000A0B0C0Dull

static eg_mac_address short_addr(uint16_t pan, uint16_t s)
{
    eg_mac_address a;
    memset(&a, 0, sizeof(a));
    a.mode = EG_MAC_ADDR_SHORT;
    a.pan_id = pan;
    a.short_addr = s;
    return a;
}

static eg_mac_address ext_addr(uint16_t pan, uint64_t e)
{
    eg_mac_address a;
    memset(&a, 0, sizeof(a));
    a.mode = EG_MAC_ADDR_EXT;
    a.pan_id = pan;
    a.ext_addr = e;
    return a;
}

/* Writes an MPDU from hex and appends a correct FCS: for frames that are bad in other ways. */
static size_t with_fcs(const char *hex, uint8_t *buf)
{
    size_t n = hex_to_bytes(hex, buf, EG_MAC_MAX_PSDU);
    int len = eg_mac_append_fcs(buf, n, EG_MAC_MAX_PSDU + 2);
    assert_true(len > 0);
    return (size_t)len;
}

/* ---- exact encodings ---- */

static void data_frame_matches_shared_vector(void **state)
{
    /* zigbee.json transport_key_frames[0]: mac_seq 92, PAN 1A62, 0x0000 -> 0x4F2C. */
    uint8_t nwk[EG_MAC_MAX_PSDU], expected[EG_MAC_MAX_PSDU], psdu[EG_MAC_MAX_PSDU];
    size_t nwk_len = hex_to_bytes(
        "08002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1E"
        "F7AC757C053C357226257D284904EA77B15", nwk, sizeof(nwk));
    size_t exp_len = hex_to_bytes(
        "61885C621A2C4F000008002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C241ADC0FC"
        "E032867278DAD1DE1EF7AC757C053C357226257D284904EA77B158D87", expected, sizeof(expected));
    eg_mac_address dst = short_addr(PAN, 0x4F2C), src = short_addr(PAN, 0x0000);
    eg_mac_frame f;
    int len;
    (void)state;

    len = eg_mac_encode_data(0x5C, &dst, &src, true, false, nwk, nwk_len, psdu, sizeof(psdu));
    assert_int_equal(len, (int)exp_len);
    assert_memory_equal(psdu, expected, exp_len);

    assert_int_equal(eg_mac_decode(expected, exp_len, &f), EG_MAC_OK);
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_DATA);
    assert_true(f.hdr.ack_request);
    assert_true(f.hdr.pan_id_compression);
    assert_false(f.hdr.frame_pending);
    assert_int_equal(f.hdr.seq, 0x5C);
    assert_int_equal(f.hdr.dst.mode, EG_MAC_ADDR_SHORT);
    assert_int_equal(f.hdr.dst.pan_id, PAN);
    assert_int_equal(f.hdr.dst.short_addr, 0x4F2C);
    assert_int_equal(f.hdr.src.short_addr, 0x0000);
    assert_int_equal(f.hdr.src.pan_id, PAN); /* copied from the destination: compressed */
    assert_int_equal(f.payload_len, nwk_len);
    assert_memory_equal(f.payload, nwk, nwk_len);
}

static void beacon_request_bytes(void **state)
{
    uint8_t psdu[16], expected[16];
    size_t n = hex_to_bytes("0308A5FFFFFFFF07", expected, sizeof(expected));
    eg_mac_frame f;
    eg_mac_command cmd;
    (void)state;

    assert_int_equal(eg_mac_encode_beacon_request(0xA5, psdu, sizeof(psdu)), (int)n + 2);
    assert_memory_equal(psdu, expected, n);
    assert_int_equal(eg_mac_decode(psdu, n + 2, &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.id, EG_MAC_CMD_BEACON_REQUEST);
    assert_false(f.hdr.ack_request);
}

static void beacon_bytes_and_parse(void **state)
{
    /* A Zigbee PRO coordinator beacon with association permit: superframe 0xCFFF, no GTS, no
     * pending addresses, then the 15-byte Zigbee payload. */
    uint8_t zb[15], psdu[64], expected[64];
    size_t zb_len = hex_to_bytes("002284DDCCBBAA99887766FFFFFF00", zb, sizeof(zb));
    size_t n = hex_to_bytes("0080 17 621A 0000 FFCF 00 00 002284DDCCBBAA99887766FFFFFF00",
                            expected, sizeof(expected));
    eg_mac_superframe_spec sf = {15, 15, 15, false, true, true};
    eg_mac_frame f;
    eg_mac_beacon b;
    (void)state;

    assert_int_equal(eg_mac_encode_beacon(0x17, PAN, 0x0000, &sf, zb, zb_len, psdu, sizeof(psdu)),
                     (int)n + 2);
    assert_memory_equal(psdu, expected, n);
    assert_int_equal(eg_mac_decode(psdu, n + 2, &f), EG_MAC_OK);
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_BEACON);
    assert_int_equal(f.hdr.dst.mode, EG_MAC_ADDR_NONE);
    assert_int_equal(f.hdr.src.pan_id, PAN);
    assert_int_equal(eg_mac_parse_beacon(&f, &b), EG_MAC_OK);
    assert_true(b.superframe.association_permit);
    assert_true(b.superframe.pan_coordinator);
    assert_int_equal(b.superframe.beacon_order, 15);
    assert_int_equal(b.beacon_payload_len, zb_len);
    assert_memory_equal(b.beacon_payload, zb, zb_len);

    sf.association_permit = false; /* closed: 0x4FFF */
    assert_int_equal(eg_mac_superframe_spec_pack(&sf), 0x4FFF);
}

static void association_request_bytes(void **state)
{
    uint8_t psdu[32], expected[32];
    size_t n = hex_to_bytes("23C8 31 621A 0000 FFFF 0D0C0B0A006F0D00 01 8E", expected,
                            sizeof(expected));
    eg_mac_address coord = short_addr(PAN, 0x0000);
    eg_mac_frame f;
    eg_mac_command cmd;
    (void)state;

    assert_int_equal(eg_mac_encode_association_request(0x31, &coord, DEV_EXT, 0x8E, psdu,
                                                       sizeof(psdu)),
                     (int)n + 2);
    assert_memory_equal(psdu, expected, n);
    assert_int_equal(eg_mac_decode(psdu, n + 2, &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.id, EG_MAC_CMD_ASSOCIATION_REQUEST);
    assert_int_equal(cmd.capability_information, 0x8E);
    assert_int_equal(f.hdr.src.ext_addr, DEV_EXT);
    assert_int_equal(f.hdr.src.pan_id, 0xFFFF);
}

static void association_response_bytes(void **state)
{
    uint8_t psdu[32], expected[32];
    size_t n = hex_to_bytes("63CC 40 621A 0D0C0B0A006F0D00 0403020100 4B1200 02 2C4F 00", expected,
                            sizeof(expected));
    eg_mac_frame f;
    eg_mac_command cmd;
    (void)state;

    assert_int_equal(eg_mac_encode_association_response(0x40, PAN, DEV_EXT, GW_EXT, 0x4F2C,
                                                        EG_MAC_ASSOC_SUCCESS, psdu, sizeof(psdu)),
                     (int)n + 2);
    assert_memory_equal(psdu, expected, n);
    assert_int_equal(eg_mac_decode(psdu, n + 2, &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.assoc_short_addr, 0x4F2C);
    assert_int_equal(cmd.assoc_status, EG_MAC_ASSOC_SUCCESS);
    assert_int_equal(f.hdr.dst.ext_addr, DEV_EXT);
    assert_int_equal(f.hdr.src.ext_addr, GW_EXT);
}

static void data_request_bytes(void **state)
{
    uint8_t psdu[32], expected[32];
    eg_mac_address coord = short_addr(PAN, 0x0000);
    eg_mac_address dev_ext = ext_addr(PAN, DEV_EXT), dev_short = short_addr(PAN, 0x4F2C);
    eg_mac_frame f;
    eg_mac_command cmd;
    size_t n;
    (void)state;

    /* Polling for the association response: the device has only its extended address. */
    n = hex_to_bytes("63C8 05 621A 0000 0D0C0B0A006F0D00 04", expected, sizeof(expected));
    assert_int_equal(eg_mac_encode_data_request(5, &coord, &dev_ext, psdu, sizeof(psdu)),
                     (int)n + 2);
    assert_memory_equal(psdu, expected, n);
    assert_int_equal(eg_mac_decode(psdu, n + 2, &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.id, EG_MAC_CMD_DATA_REQUEST);

    /* Polling after association, with its short address. */
    n = hex_to_bytes("6388 06 621A 0000 2C4F 04", expected, sizeof(expected));
    assert_int_equal(eg_mac_encode_data_request(6, &coord, &dev_short, psdu, sizeof(psdu)),
                     (int)n + 2);
    assert_memory_equal(psdu, expected, n);
}

static void ack_bytes(void **state)
{
    uint8_t psdu[8];
    eg_mac_frame f;
    (void)state;

    assert_int_equal(eg_mac_encode_ack(0x42, false, psdu, sizeof(psdu)), 5);
    assert_int_equal(psdu[0], 0x02);
    assert_int_equal(psdu[1], 0x00);
    assert_int_equal(psdu[2], 0x42);
    assert_int_equal(eg_mac_encode_ack(0x42, true, psdu, sizeof(psdu)), 5);
    assert_int_equal(psdu[0], 0x12);
    assert_int_equal(eg_mac_decode(psdu, 5, &f), EG_MAC_OK);
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_ACK);
    assert_true(f.hdr.frame_pending);
    assert_int_equal(f.payload_len, 0);
}

static void data_frame_extended_addressing(void **state)
{
    uint8_t psdu[64], payload[3] = {1, 2, 3};
    eg_mac_address dst = ext_addr(PAN, DEV_EXT), src = ext_addr(0x1234, GW_EXT);
    eg_mac_frame f;
    int len;
    (void)state;

    /* Different PAN ids: no compression, both PAN ids on air. */
    len = eg_mac_encode_data(9, &dst, &src, true, true, payload, 3, psdu, sizeof(psdu));
    assert_int_equal(len, 3 + 2 + 8 + 2 + 8 + 3 + 2);
    assert_int_equal(eg_mac_decode(psdu, (size_t)len, &f), EG_MAC_OK);
    assert_false(f.hdr.pan_id_compression);
    assert_true(f.hdr.frame_pending);
    assert_int_equal(f.hdr.src.pan_id, 0x1234);
    assert_int_equal(f.hdr.dst.ext_addr, DEV_EXT);
    assert_int_equal(f.hdr.src.ext_addr, GW_EXT);
    assert_memory_equal(f.payload, payload, 3);
}

static void broadcast_data_never_requests_ack(void **state)
{
    uint8_t psdu[32], payload[1] = {0};
    eg_mac_address dst = short_addr(PAN, 0xFFFF), src = short_addr(PAN, 0);
    eg_mac_frame f;
    (void)state;
    assert_true(eg_mac_encode_data(1, &dst, &src, true, false, payload, 1, psdu, sizeof(psdu)) > 0);
    assert_int_equal(eg_mac_decode(psdu, 12, &f), EG_MAC_OK);
    assert_false(f.hdr.ack_request);
}

/* ---- decoding: every malformed input ---- */

static void decode_rejects_bad_lengths_and_fcs(void **state)
{
    uint8_t psdu[EG_MAC_MAX_PSDU + 8];
    eg_mac_frame f;
    int len = eg_mac_encode_beacon_request(1, psdu, sizeof(psdu));
    (void)state;

    assert_int_equal(eg_mac_decode(psdu, 0, &f), EG_MAC_ERR_TRUNCATED);
    assert_int_equal(eg_mac_decode(psdu, 4, &f), EG_MAC_ERR_TRUNCATED);
    assert_int_equal(eg_mac_decode(psdu, EG_MAC_MAX_PSDU + 1, &f), EG_MAC_ERR_MALFORMED);
    psdu[len - 1] ^= 0x01;
    assert_int_equal(eg_mac_decode(psdu, (size_t)len, &f), EG_MAC_ERR_FCS);
    psdu[len - 1] ^= 0x01;
    psdu[3] ^= 0x80; /* a flipped bit in the body */
    assert_int_equal(eg_mac_decode(psdu, (size_t)len, &f), EG_MAC_ERR_FCS);
    assert_int_equal(eg_mac_decode(NULL, 5, &f), EG_MAC_ERR_ARGUMENT);
    assert_int_equal(eg_mac_decode(psdu, 5, NULL), EG_MAC_ERR_ARGUMENT);
}

static void decode_rejects_bad_frame_control(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU];
    eg_mac_frame f;
    (void)state;

    /* security enabled (bit 3) */
    assert_int_equal(eg_mac_decode(b, with_fcs("4988 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_UNSUPPORTED);
    /* frame version 2 (802.15.4-2015) */
    assert_int_equal(eg_mac_decode(b, with_fcs("61A8 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_UNSUPPORTED);
    /* reserved frame types 4..7 */
    assert_int_equal(eg_mac_decode(b, with_fcs("6588 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_UNSUPPORTED);
    assert_int_equal(eg_mac_decode(b, with_fcs("6788 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_UNSUPPORTED);
    /* reserved addressing mode 1 on either side */
    assert_int_equal(eg_mac_decode(b, with_fcs("6184 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_MALFORMED);
    assert_int_equal(eg_mac_decode(b, with_fcs("6148 01 621A 2C4F 0000 00", b), &f),
                     EG_MAC_ERR_MALFORMED);
    /* PAN id compression with a single address */
    assert_int_equal(eg_mac_decode(b, with_fcs("4108 01 621A 2C4F 00", b), &f),
                     EG_MAC_ERR_MALFORMED);
    /* acks carry no addresses and no payload */
    assert_int_equal(eg_mac_decode(b, with_fcs("0208 01 621A 2C4F", b), &f), EG_MAC_ERR_MALFORMED);
    assert_int_equal(eg_mac_decode(b, with_fcs("0200 01 00", b), &f), EG_MAC_ERR_MALFORMED);
}

static void decode_rejects_truncated_header(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU];
    eg_mac_frame f;
    (void)state;

    /* destination extended announced, 4 bytes present */
    assert_int_equal(eg_mac_decode(b, with_fcs("01CC 01 621A 0D0C", b), &f),
                     EG_MAC_ERR_TRUNCATED);
    /* destination PAN id cut */
    assert_int_equal(eg_mac_decode(b, with_fcs("0108 01 62", b), &f), EG_MAC_ERR_TRUNCATED);
    /* source short without its own PAN id (no compression) cut */
    assert_int_equal(eg_mac_decode(b, with_fcs("0188 01 621A 2C4F 621A 00", b), &f),
                     EG_MAC_ERR_TRUNCATED);
}

static void decode_survives_random_input(void **state)
{
    /* Random bytes with a valid FCS get past the FCS check and exercise every parser path. */
    uint8_t b[EG_MAC_MAX_PSDU];
    uint32_t seed = 0x2545F491u;
    eg_mac_frame f;
    eg_mac_beacon beacon;
    eg_mac_command cmd;
    int i, ok = 0;
    size_t j, n;
    (void)state;

    for (i = 0; i < 200000; i++) {
        n = test_rand(&seed) % (EG_MAC_MAX_PSDU - 1u);
        for (j = 0; j < n; j++) {
            b[j] = (uint8_t)test_rand(&seed);
        }
        n = (size_t)eg_mac_append_fcs(b, n, sizeof(b));
        if (eg_mac_decode(b, n, &f) != EG_MAC_OK) {
            continue;
        }
        ok++;
        assert_true(f.payload >= b && f.payload + f.payload_len <= b + n - 2);
        if (f.hdr.frame_type == EG_MAC_FRAME_BEACON && eg_mac_parse_beacon(&f, &beacon) == EG_MAC_OK) {
            assert_true(beacon.beacon_payload + beacon.beacon_payload_len == f.payload + f.payload_len);
        }
        if (f.hdr.frame_type == EG_MAC_FRAME_COMMAND) {
            (void)eg_mac_parse_command(&f, &cmd);
        }
    }
    assert_true(ok > 1000); /* the test did reach the parsers */
}

/* ---- command and beacon parsers: malformed payloads ---- */

static void parse_command_rejects_malformed(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU];
    eg_mac_frame f;
    eg_mac_command cmd;
    (void)state;

#define EXPECT_CMD(hex, status)                                          \
    do {                                                                 \
        assert_int_equal(eg_mac_decode(b, with_fcs(hex, b), &f), EG_MAC_OK); \
        assert_int_equal(eg_mac_parse_command(&f, &cmd), status);        \
    } while (0)

    /* no command identifier at all */
    EXPECT_CMD("0308 01 FFFF FFFF", EG_MAC_ERR_TRUNCATED);
    /* association request: capability missing, extra byte, short source, source PAN not 0xFFFF */
    EXPECT_CMD("23C8 01 621A 0000 FFFF 0D0C0B0A006F0D00 01", EG_MAC_ERR_TRUNCATED);
    EXPECT_CMD("23C8 01 621A 0000 FFFF 0D0C0B0A006F0D00 01 8E 00", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("2388 01 621A 0000 FFFF 2C4F 01 8E", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("23C8 01 621A 0000 621A 0D0C0B0A006F0D00 01 8E", EG_MAC_ERR_MALFORMED);
    /* association response: cut, or with short addressing */
    EXPECT_CMD("63CC 01 621A 0D0C0B0A006F0D00 0403020100 4B1200 02 2C4F", EG_MAC_ERR_TRUNCATED);
    EXPECT_CMD("6388 01 621A 2C4F 0000 02 2C4F 00", EG_MAC_ERR_MALFORMED);
    /* data request: no source, or trailing bytes */
    EXPECT_CMD("2308 01 621A 0000 04", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("6388 01 621A 0000 2C4F 04 00", EG_MAC_ERR_MALFORMED);
    /* beacon request: with a source, to a unicast address, trailing byte */
    EXPECT_CMD("03C8 01 FFFF FFFF FFFF 0D0C0B0A006F0D00 07", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("0308 01 FFFF 0000 07", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("0308 01 FFFF FFFF 07 00", EG_MAC_ERR_MALFORMED);
    /* reserved identifiers, and ones the gateway never handles */
    EXPECT_CMD("0308 01 FFFF FFFF 00", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("0308 01 FFFF FFFF 0A", EG_MAC_ERR_MALFORMED);
    EXPECT_CMD("0308 01 FFFF FFFF 08", EG_MAC_ERR_UNSUPPORTED);
    /* disassociation notification: reason required */
    EXPECT_CMD("63CC 01 621A 0D0C0B0A006F0D00 0403020100 4B1200 03", EG_MAC_ERR_TRUNCATED);
    EXPECT_CMD("63CC 01 621A 0D0C0B0A006F0D00 0403020100 4B1200 03 02", EG_MAC_OK);
    assert_int_equal(cmd.disassociation_reason, 2);
#undef EXPECT_CMD

    /* not a command frame */
    assert_int_equal(eg_mac_decode(b, with_fcs("4188 01 621A 2C4F 0000 00", b), &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_ERR_ARGUMENT);
}

static void parse_beacon_rejects_malformed(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU];
    eg_mac_frame f;
    eg_mac_beacon beacon;
    (void)state;

#define EXPECT_BEACON(hex, status)                                       \
    do {                                                                 \
        assert_int_equal(eg_mac_decode(b, with_fcs(hex, b), &f), EG_MAC_OK); \
        assert_int_equal(eg_mac_parse_beacon(&f, &beacon), status);      \
    } while (0)

    EXPECT_BEACON("0080 01 621A 0000 FFCF 00", EG_MAC_ERR_TRUNCATED);
    /* two GTS descriptors announced, one present */
    EXPECT_BEACON("0080 01 621A 0000 FFCF 02 00 010203 00", EG_MAC_ERR_TRUNCATED);
    /* one short and one extended pending address announced, the extended one cut */
    EXPECT_BEACON("0080 01 621A 0000 FFCF 00 11 2C4F 0D0C0B0A", EG_MAC_ERR_TRUNCATED);
    /* a beacon with a destination */
    EXPECT_BEACON("0088 01 621A FFFF 621A 0000 FFCF 00 00", EG_MAC_ERR_MALFORMED);
    /* GTS and pending addresses present and well-formed: the payload starts after them */
    EXPECT_BEACON("0080 01 621A 0000 FF4F 81 00 010203 11 2C4F 0D0C0B0A006F0D00 AA BB", EG_MAC_OK);
    assert_int_equal(beacon.gts_descriptor_count, 1);
    assert_int_equal(beacon.pending_short_count, 1);
    assert_int_equal(beacon.pending_ext_count, 1);
    assert_false(beacon.superframe.association_permit);
    assert_int_equal(beacon.beacon_payload_len, 2);
    assert_int_equal(beacon.beacon_payload[0], 0xAA);
#undef EXPECT_BEACON

    assert_int_equal(eg_mac_decode(b, with_fcs("0308 01 FFFF FFFF 07", b), &f), EG_MAC_OK);
    assert_int_equal(eg_mac_parse_beacon(&f, &beacon), EG_MAC_ERR_ARGUMENT);
}

/* ---- encoding: refusals, and never a byte past the buffer ---- */

static void encode_respects_capacity(void **state)
{
    uint8_t psdu[EG_MAC_MAX_PSDU + 16], payload[EG_MAC_MAX_PSDU];
    eg_mac_address dst = short_addr(PAN, 0x4F2C), src = short_addr(PAN, 0);
    int full, cap;
    (void)state;

    memset(payload, 0x55, sizeof(payload));
    full = eg_mac_encode_data(1, &dst, &src, true, false, payload, 20, psdu, sizeof(psdu));
    assert_int_equal(full, 9 + 20 + 2);
    for (cap = 0; cap < full; cap++) {
        memset(psdu, 0xEE, sizeof(psdu));
        assert_int_equal(eg_mac_encode_data(1, &dst, &src, true, false, payload, 20, psdu,
                                            (size_t)cap),
                         EG_MAC_ERR_BUFFER);
        assert_int_equal(psdu[cap], 0xEE);
    }
    /* The largest payload fits exactly; one more byte exceeds aMaxPHYPacketSize. */
    assert_int_equal(eg_mac_encode_data(1, &dst, &src, true, false, payload,
                                        EG_MAC_MAX_DATA_PAYLOAD_SHORT, psdu, sizeof(psdu)),
                     (int)EG_MAC_MAX_PSDU);
    assert_int_equal(eg_mac_encode_data(1, &dst, &src, true, false, payload,
                                        EG_MAC_MAX_DATA_PAYLOAD_SHORT + 1u, psdu, sizeof(psdu)),
                     EG_MAC_ERR_BUFFER);
}

static void encode_refuses_unencodable_headers(void **state)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_header h;
    eg_mac_address none;
    (void)state;

    memset(&h, 0, sizeof(h));
    memset(&none, 0, sizeof(none));
    h.frame_type = EG_MAC_FRAME_DATA;
    h.security_enabled = true;
    assert_int_equal(eg_mac_encode(&h, NULL, 0, psdu, sizeof(psdu)), EG_MAC_ERR_ARGUMENT);
    h.security_enabled = false;
    h.frame_version = 2;
    assert_int_equal(eg_mac_encode(&h, NULL, 0, psdu, sizeof(psdu)), EG_MAC_ERR_ARGUMENT);
    h.frame_version = 0;
    h.dst.mode = 1;
    assert_int_equal(eg_mac_encode(&h, NULL, 0, psdu, sizeof(psdu)), EG_MAC_ERR_ARGUMENT);
    h.dst.mode = 0;
    h.frame_type = 4;
    assert_int_equal(eg_mac_encode(&h, NULL, 0, psdu, sizeof(psdu)), EG_MAC_ERR_ARGUMENT);
    h.frame_type = EG_MAC_FRAME_DATA;
    assert_int_equal(eg_mac_encode(&h, NULL, 3, psdu, sizeof(psdu)), EG_MAC_ERR_ARGUMENT);
    assert_int_equal(eg_mac_encode_association_request(1, &none, DEV_EXT, 0, psdu, sizeof(psdu)),
                     EG_MAC_ERR_ARGUMENT);
    assert_int_equal(eg_mac_encode_data_request(1, &none, &none, psdu, sizeof(psdu)),
                     EG_MAC_ERR_ARGUMENT);
    assert_int_equal(eg_mac_append_fcs(psdu, EG_MAC_MAX_PSDU - 1u, sizeof(psdu)),
                     EG_MAC_ERR_BUFFER);
    /* compression requested with one address only: silently not applied (never emit the
     * combination the standard forbids) */
    h.pan_id_compression = true;
    h.dst.mode = EG_MAC_ADDR_SHORT;
    assert_int_equal(eg_mac_encode(&h, NULL, 0, psdu, sizeof(psdu)), 9);
    assert_int_equal(psdu[0] & 0x40, 0);
}

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(eg_mac_status_name(EG_MAC_ERR_FCS), "bad FCS");
    assert_string_equal(eg_mac_status_name((eg_mac_status)42), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_frame_matches_shared_vector),
        cmocka_unit_test(beacon_request_bytes),
        cmocka_unit_test(beacon_bytes_and_parse),
        cmocka_unit_test(association_request_bytes),
        cmocka_unit_test(association_response_bytes),
        cmocka_unit_test(data_request_bytes),
        cmocka_unit_test(ack_bytes),
        cmocka_unit_test(data_frame_extended_addressing),
        cmocka_unit_test(broadcast_data_never_requests_ack),
        cmocka_unit_test(decode_rejects_bad_lengths_and_fcs),
        cmocka_unit_test(decode_rejects_bad_frame_control),
        cmocka_unit_test(decode_rejects_truncated_header),
        cmocka_unit_test(decode_survives_random_input),
        cmocka_unit_test(parse_command_rejects_malformed),
        cmocka_unit_test(parse_beacon_rejects_malformed),
        cmocka_unit_test(encode_respects_capacity),
        cmocka_unit_test(encode_refuses_unencodable_headers),
        cmocka_unit_test(status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
