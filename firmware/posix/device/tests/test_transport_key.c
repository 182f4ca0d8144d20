/* Transport Key parsing and opening: the vector frames, a real capture, and malformed input. */
#include <string.h>

#include "device_tests.h"
#include "zb_nwk_aps.h"

/* transport_key_frames[0] "install-code enrolment example" */
#define EXAMPLE_NWK_0008 \
    "08002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15"
#define EXAMPLE_NWK_1808 \
    "08182C4F00001E7B0D0C0B0A006F0D0004030201004B120021423040E2010004030201004B12000E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15"
#define EXAMPLE_DEVICE_IEEE 0x000D6F000A0B0C0DULL
#define EXAMPLE_TC_IEEE 0x00124B0001020304ULL
/* hmac_mmo "key-transport key of the install-code link key" */
#define EXAMPLE_KTK "3C6CCA8977EB189EFD1614C3E7F75989"
#define EXAMPLE_NETWORK_KEY "2B7E151628AED2A6ABF7158809CF4F3C"

typedef struct frame_fixture {
    uint8_t frame[128];
    size_t len;
    uint8_t ktk[16];
} frame_fixture;

static void load(frame_fixture *f, const char *nwk_hex)
{
    f->len = test_hex(nwk_hex, f->frame, sizeof f->frame);
    test_hex(EXAMPLE_KTK, f->ktk, sizeof f->ktk);
}

static void check_example_key(const zb_transport_key *tk)
{
    uint8_t key[16];
    test_hex(EXAMPLE_NETWORK_KEY, key, sizeof key);
    assert_memory_equal(tk->key, key, 16);
    assert_int_equal(tk->key_type, ZB_KEY_TYPE_STANDARD_NETWORK_KEY);
    assert_int_equal(tk->key_seq, 0);
    assert_int_equal(tk->frame_counter, 123456);
    assert_int_equal(tk->aps_counter, 66);
    assert_true(tk->source_ieee == EXAMPLE_TC_IEEE);
    assert_true(tk->src_ieee == EXAMPLE_TC_IEEE);
    assert_true(tk->dst_ieee == EXAMPLE_DEVICE_IEEE);
}

static void opens_the_example_frame(void **state)
{
    (void)state;
    frame_fixture f;
    zb_transport_key tk;
    load(&f, EXAMPLE_NWK_0008);
    assert_int_equal(zb_transport_key_open(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE, &tk), ZB_FRAME_OK);
    check_example_key(&tk);
}

/* The same APS frame behind a NWK header carrying both IEEE addresses (frame control 0x1808). */
static void opens_the_example_with_ieee_addresses_in_nwk_header(void **state)
{
    (void)state;
    frame_fixture f;
    zb_transport_key tk;
    load(&f, EXAMPLE_NWK_1808);
    zb_nwk_header nwk;
    assert_int_equal(zb_nwk_parse_header(f.frame, f.len, &nwk), ZB_FRAME_OK);
    assert_int_equal(nwk.header_len, 24);
    assert_true(nwk.dst_ieee == EXAMPLE_DEVICE_IEEE);
    assert_true(nwk.src_ieee == EXAMPLE_TC_IEEE);
    assert_int_equal(nwk.dst_short, 0x4F2C);
    assert_int_equal(nwk.radius, 30);
    assert_int_equal(nwk.seq, 123);
    assert_int_equal(zb_transport_key_open(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE, &tk), ZB_FRAME_OK);
    check_example_key(&tk);
}

/* transport_key_frames[1]: a real EmberZNet Trust Center capture, link key "ZigBeeAlliance09"
 * (its key-transport key is hmac_mmo "key-transport key = HMAC-MMO(link key, 0x00)"). */
static void opens_a_real_trust_center_capture(void **state)
{
    (void)state;
    uint8_t mpdu[80], ktk[16], expected[35];
    size_t len = test_hex("6188BD641A8FA1000008008FA100001EA1216A3006500100F99905FEFF504B80DE473C64B569CA"
                          "C62C72AC2FFD682F57590BAA2B6F1E0306F824A5A90358B26C8E68E6E8A75AFFFFFF",
                          mpdu, sizeof mpdu);
    test_hex("4BAB0F173E1434A2D572E1C1EF478782", ktk, sizeof ktk);
    test_hex("050101030507090B0D0F00020406080A0C0D00DF0F289B6D38C1A4F99905FEFF504B80", expected, sizeof expected);
    zb_transport_key tk;
    /* NWK frame = MPDU minus the 9-byte MAC header and the 2-byte (invalid) FCS. */
    assert_int_equal(zb_transport_key_open(mpdu + 9, len - 11, ktk, 0xA4C1386D9B280FDFULL, &tk), ZB_FRAME_OK);
    assert_int_equal(tk.frame_counter, 86022);
    assert_memory_equal(tk.key, expected + 2, 16);
    assert_int_equal(tk.key_seq, 0);
    assert_true(tk.src_ieee == 0x804B50FFFE0599F9ULL);
}

static zb_frame_status open_status(const uint8_t *frame, size_t len, const uint8_t *ktk, uint64_t ieee)
{
    zb_transport_key tk;
    memset(&tk, 0x5A, sizeof tk);
    zb_frame_status st = zb_transport_key_open(frame, len, ktk, ieee, &tk);
    if (st != ZB_FRAME_OK) {
        /* No key material is left behind on failure. */
        uint8_t zero[16] = {0};
        assert_memory_equal(tk.key, zero, 16);
    }
    return st;
}

static void refuses_every_truncation(void **state)
{
    (void)state;
    frame_fixture f;
    load(&f, EXAMPLE_NWK_0008);
    for (size_t cut = 0; cut < f.len; cut++) {
        zb_frame_status st = open_status(f.frame, cut, f.ktk, EXAMPLE_DEVICE_IEEE);
        /* Cutting into the ciphertext moves the MIC: it fails authentication. */
        assert_true(st == ZB_FRAME_TRUNCATED || st == ZB_FRAME_MIC_FAILURE);
    }
    f.frame[f.len] = 0x00; /* one trailing byte also breaks the MIC */
    assert_int_equal(open_status(f.frame, f.len + 1, f.ktk, EXAMPLE_DEVICE_IEEE), ZB_FRAME_MIC_FAILURE);
}

static void refuses_any_flipped_bit_in_the_authenticated_part(void **state)
{
    (void)state;
    frame_fixture f;
    load(&f, EXAMPLE_NWK_0008);
    /* APS starts at 8. Flipping framing bits may make the frame unparseable or unsupported before
     * the MIC is even checked; every flip must fail one way or another. The NWK header (0..7) is
     * not authenticated, so flips there in dst/src/radius/seq are accepted by design. */
    for (size_t bit = 8 * 8; bit < 8 * f.len; bit++) {
        f.frame[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        zb_frame_status st = open_status(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE);
        /* Level bits of the security control are ignored on receipt (always treated as 5). */
        size_t sc_bit_offset = bit - 8 * 10;
        if (bit >= 8 * 10 && sc_bit_offset < 3) {
            assert_int_equal(st, ZB_FRAME_OK);
        } else {
            assert_int_not_equal(st, ZB_FRAME_OK);
        }
        f.frame[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    /* The unauthenticated NWK destination may be rewritten by the gateway. */
    f.frame[2] ^= 0xFF;
    assert_int_equal(open_status(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE), ZB_FRAME_OK);
}

static void refuses_wrong_key_and_wrong_device(void **state)
{
    (void)state;
    frame_fixture f;
    load(&f, EXAMPLE_NWK_0008);
    assert_int_equal(open_status(f.frame, f.len, f.ktk, 0x000D6F000A0B0C0EULL), ZB_FRAME_NOT_FOR_US);
    f.ktk[0] ^= 1;
    assert_int_equal(open_status(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE), ZB_FRAME_MIC_FAILURE);
}

static void refuses_unsupported_framing(void **state)
{
    (void)state;
    frame_fixture f;
    load(&f, EXAMPLE_NWK_0008);
    uint8_t copy[128];
    struct {
        size_t offset;
        uint8_t value;
        zb_frame_status expected;
    } cases[] = {
        {0, 0x0A, ZB_FRAME_MALFORMED},   /* NWK frame type 2 is reserved */
        {0, 0x09, ZB_FRAME_UNSUPPORTED}, /* NWK command frame */
        {0, 0x04, ZB_FRAME_UNSUPPORTED}, /* NWK protocol version 1 */
        {1, 0x02, ZB_FRAME_UNSUPPORTED}, /* NWK security: a joiner has no network key yet */
        {1, 0x01, ZB_FRAME_UNSUPPORTED}, /* multicast */
        {8, 0x20, ZB_FRAME_UNSUPPORTED}, /* APS data frame */
        {8, 0x01, ZB_FRAME_UNSUPPORTED}, /* APS command without security: a key in clear */
        {8, 0x25, ZB_FRAME_MALFORMED},   /* APS delivery mode 1 (reserved) */
        {8, 0x29, ZB_FRAME_UNSUPPORTED}, /* APS broadcast */
        {8, 0x2D, ZB_FRAME_MALFORMED},   /* APS group delivery for a command */
        {8, 0xA1, ZB_FRAME_UNSUPPORTED}, /* APS extended header */
        {10, 0x20, ZB_FRAME_UNSUPPORTED}, /* key id 0 (data key) instead of key-transport */
        {10, 0x38, ZB_FRAME_UNSUPPORTED}, /* key id 3 (key-load) */
        {10, 0x10, ZB_FRAME_UNSUPPORTED}, /* no extended nonce */
        {10, 0x70, ZB_FRAME_MALFORMED},   /* reserved security control bit */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(copy, f.frame, f.len);
        copy[cases[i].offset] = cases[i].value;
        assert_int_equal(open_status(copy, f.len, f.ktk, EXAMPLE_DEVICE_IEEE), cases[i].expected);
    }
}

static void parses_source_routes_and_refuses_bad_ones(void **state)
{
    (void)state;
    /* fc 0x0408 = data, version 2, source route; relay count 2, index 1, relays 0x1111 0x2222 */
    uint8_t frame[] = {0x08, 0x04, 0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B, 0x02, 0x01, 0x11, 0x11, 0x22, 0x22, 0xAA};
    zb_nwk_header nwk;
    assert_int_equal(zb_nwk_parse_header(frame, sizeof frame, &nwk), ZB_FRAME_OK);
    assert_int_equal(nwk.header_len, 14);
    assert_int_equal(zb_nwk_parse_header(frame, 13, &nwk), ZB_FRAME_TRUNCATED);
    frame[9] = 2; /* relay index past the list */
    assert_int_equal(zb_nwk_parse_header(frame, sizeof frame, &nwk), ZB_FRAME_MALFORMED);
    assert_int_equal(zb_nwk_parse_header(frame, 7, &nwk), ZB_FRAME_TRUNCATED);
    /* dst IEEE flag with too few bytes */
    uint8_t short_ieee[] = {0x08, 0x08, 0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B, 1, 2, 3};
    assert_int_equal(zb_nwk_parse_header(short_ieee, sizeof short_ieee, &nwk), ZB_FRAME_TRUNCATED);
}

static void aux_header_parser_checks_lengths(void **state)
{
    (void)state;
    zb_aux_header aux;
    uint8_t nwk_key_aux[] = {0x28, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_int_equal(zb_aux_header_parse(nwk_key_aux, sizeof nwk_key_aux, &aux), ZB_FRAME_OK);
    assert_int_equal(aux.len, 14);
    assert_int_equal(aux.key_seq, 9);
    assert_int_equal(aux.frame_counter, 1);
    assert_int_equal(zb_aux_header_parse(nwk_key_aux, 13, &aux), ZB_FRAME_TRUNCATED);
    assert_int_equal(zb_aux_header_parse(nwk_key_aux, 12, &aux), ZB_FRAME_TRUNCATED);
    assert_int_equal(zb_aux_header_parse(nwk_key_aux, 4, &aux), ZB_FRAME_TRUNCATED);
    assert_int_equal(zb_aux_header_parse(nwk_key_aux, 0, &aux), ZB_FRAME_TRUNCATED);
}

/* A frame whose MIC verifies but whose content is wrong: seal our own with the example key. */
static void refuses_authenticated_but_wrong_content(void **state)
{
    (void)state;
    frame_fixture f;
    load(&f, EXAMPLE_NWK_0008);
    uint8_t plain[36];
    zb_transport_key tk;
    assert_int_equal(zb_transport_key_open(f.frame, f.len, f.ktk, EXAMPLE_DEVICE_IEEE, &tk), ZB_FRAME_OK);
    /* Re-seal variants of the 35-byte payload with the same APS header, aux header and nonce. */
    uint8_t a[15], nonce[13];
    memcpy(a, f.frame + 8, 15);
    a[2] |= 5;
    memcpy(nonce, f.frame + 15, 8);     /* source IEEE LE */
    memcpy(nonce + 8, f.frame + 11, 4); /* frame counter LE */
    nonce[12] = a[2];
    struct {
        size_t len;
        size_t offset;
        uint8_t value;
        zb_frame_status expected;
    } cases[] = {
        {35, 0, 0x06, ZB_FRAME_NOT_TRANSPORT_KEY},
        {35, 1, 0x04, ZB_FRAME_WRONG_KEY_TYPE},   /* TC link key */
        {34, 34, 0x00, ZB_FRAME_TRUNCATED},
        {36, 35, 0x00, ZB_FRAME_MALFORMED},
        {35, 27, 0x05, ZB_FRAME_MALFORMED},       /* payload source differs from the nonce source */
        {1, 0, 0x05, ZB_FRAME_TRUNCATED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        plain[0] = 0x05;
        plain[1] = 0x01;
        memcpy(&plain[2], tk.key, 16);
        plain[18] = 0;
        for (int b = 0; b < 8; b++) {
            plain[19 + b] = (uint8_t)(EXAMPLE_DEVICE_IEEE >> (8 * b));
            plain[27 + b] = (uint8_t)(EXAMPLE_TC_IEEE >> (8 * b));
        }
        plain[35] = 0;
        plain[cases[i].offset] = cases[i].value;
        uint8_t frame[128];
        memcpy(frame, f.frame, 8 + 15);
        assert_int_equal(zb_ccm_star_encrypt(f.ktk, nonce, a, 15, plain, cases[i].len, 4, frame + 23), ZB_CRYPTO_OK);
        assert_int_equal(open_status(frame, 23 + cases[i].len + 4, f.ktk, EXAMPLE_DEVICE_IEEE), cases[i].expected);
    }
}

int run_transport_key_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_the_example_frame),
        cmocka_unit_test(opens_the_example_with_ieee_addresses_in_nwk_header),
        cmocka_unit_test(opens_a_real_trust_center_capture),
        cmocka_unit_test(refuses_every_truncation),
        cmocka_unit_test(refuses_any_flipped_bit_in_the_authenticated_part),
        cmocka_unit_test(refuses_wrong_key_and_wrong_device),
        cmocka_unit_test(refuses_unsupported_framing),
        cmocka_unit_test(parses_source_routes_and_refuses_bad_ones),
        cmocka_unit_test(aux_header_parser_checks_lengths),
        cmocka_unit_test(refuses_authenticated_but_wrong_content),
    };
    return cmocka_run_group_tests_name("transport key", tests, NULL, NULL);
}
