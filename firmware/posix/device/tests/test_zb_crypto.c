/* Device-side crypto against /work/shared/vectors/zigbee.json (vector names in the comments). */
#include <string.h>

#include "device_tests.h"
#include "zb_crypto.h"

static void expect_mmo(const uint8_t *msg, size_t len, const char *hash_hex)
{
    uint8_t expected[16], digest[16];
    test_hex(hash_hex, expected, sizeof expected);
    assert_int_equal(zb_aes_mmo_hash(msg, len, digest), ZB_CRYPTO_OK);
    assert_memory_equal(digest, expected, 16);
}

/* aes_mmo_hash C.5.1 and C.5.2 */
static void aes_mmo_short_messages(void **state)
{
    (void)state;
    uint8_t msg[16];
    test_hex("C0", msg, sizeof msg);
    expect_mmo(msg, 1, "AE3A102A28D43EE0D4A09E22788B206C");
    test_hex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF", msg, sizeof msg);
    expect_mmo(msg, 16, "A7977E88BC0B61E8210827109A228F2D");
}

/* aes_mmo_hash C.5.3 to C.5.6: both sides of the 2^16-bit switch to the long padding form. */
static void aes_mmo_long_messages(void **state)
{
    (void)state;
    static uint8_t msg[8202];
    for (size_t i = 0; i < sizeof msg; i++) {
        msg[i] = (uint8_t)(i & 0xFF);
    }
    expect_mmo(msg, 8191, "24EC2FE75BBFFCB34789BC0610E7F165");
    expect_mmo(msg, 8192, "DC6B0687F09F8607131C170B3BD31591");
    expect_mmo(msg, 8201, "72C9B15E178AA843E4A16C58E33643A3");
    expect_mmo(msg, 8202, "BC9828D59B2AA323DAF20BE5F2E66511");
}

static void expect_hmac(const char *key_hex, uint8_t message, const char *mac_hex)
{
    uint8_t key[16], expected[16], mac[16];
    test_hex(key_hex, key, sizeof key);
    test_hex(mac_hex, expected, sizeof expected);
    assert_int_equal(zb_hmac_mmo(key, sizeof key, &message, 1, mac), ZB_CRYPTO_OK);
    assert_memory_equal(mac, expected, 16);
}

/* hmac_mmo C.6.1 and the derived keys of the well-known link key "ZigBeeAlliance09" */
static void hmac_mmo_vectors(void **state)
{
    (void)state;
    expect_hmac("404142434445464748494A4B4C4D4E4F", 0xC0, "4512807BF94CB3400F0E2C25FB76E999");
    expect_hmac("5A6967426565416C6C69616E63653039", 0x00, "4BAB0F173E1434A2D572E1C1EF478782");
    expect_hmac("5A6967426565416C6C69616E63653039", 0x02, "C5A47035C332CCBF251571D8BADED188");
    expect_hmac("5A6967426565416C6C69616E63653039", 0x03, "1AB128DF1639A1246AABA72A6A559124");
}

/* hmac_mmo "key-transport key of the install-code link key" */
static void key_transport_key_of_install_code_link_key(void **state)
{
    (void)state;
    uint8_t link_key[16], expected[16], ktk[16];
    test_hex("66B6900981E1EE3CA4206B6B861C02BB", link_key, sizeof link_key);
    test_hex("3C6CCA8977EB189EFD1614C3E7F75989", expected, sizeof expected);
    assert_int_equal(zb_key_transport_key(link_key, ktk), ZB_CRYPTO_OK);
    assert_memory_equal(ktk, expected, 16);
}

/* install_code_to_link_key: all four code lengths */
static void install_codes_to_link_keys(void **state)
{
    (void)state;
    static const char *const vectors[][2] = {
        {"83FED3407A939723A5C639B26916D505C3B5", "66B6900981E1EE3CA4206B6B861C02BB"},
        {"83FED3407A932B70", "CD4FA064773F46941EC986C09963D1A8"},
        {"83FED3407A93972397FC", "850BE0BF5B369AC441280A53265DB167"},
        {"83FED3407A939723A5C639B2AD8B", "C2B323EFC9FCA1D9657E32A0E5C2AAF3"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        uint8_t code[18], expected[16], key[16];
        size_t len = test_hex(vectors[i][0], code, sizeof code);
        test_hex(vectors[i][1], expected, sizeof expected);
        assert_int_equal(zb_link_key_from_install_code(code, len, key, NULL), ZB_IC_OK);
        assert_memory_equal(key, expected, 16);
    }
}

/* crc16_x25: the install code's CRC B5C3 (appended C3B5); a wrong CRC is refused with the expected one */
static void install_code_with_wrong_crc_is_refused(void **state)
{
    (void)state;
    uint8_t code[18], key[16];
    test_hex("83FED3407A939723A5C639B26916D505C3B6", code, sizeof code);
    uint16_t expected = 0;
    assert_int_equal(zb_link_key_from_install_code(code, 18, key, &expected), ZB_IC_BAD_CRC);
    assert_int_equal(expected, 0xB5C3);
    /* Lengths other than 6/8/12/16 + 2 */
    assert_int_equal(zb_install_code_check(code, 17, NULL), ZB_IC_BAD_LENGTH);
    assert_int_equal(zb_install_code_check(code, 0, NULL), ZB_IC_BAD_LENGTH);
    assert_int_equal(zb_install_code_check(code, 2, NULL), ZB_IC_BAD_LENGTH);
    assert_int_equal(zb_install_code_check(code, 12, NULL), ZB_IC_BAD_LENGTH);
}

/* ccm_star C.3/C.4: level 6 (M = 8) */
static void ccm_star_spec_vector(void **state)
{
    (void)state;
    uint8_t key[16], nonce[13], a[8], m[23], expected[31], out[31], back[23];
    test_hex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF", key, sizeof key);
    test_hex("A0A1A2A3A4A5A6A70302010006", nonce, sizeof nonce);
    test_hex("0001020304050607", a, sizeof a);
    test_hex("08090A0B0C0D0E0F101112131415161718191A1B1C1D1E", m, sizeof m);
    test_hex("1A55A36ABB6C610D066B3375649CEF10D4664ECAD854A80A895CC1D8FF9469", expected, sizeof expected);
    assert_int_equal(zb_ccm_star_encrypt(key, nonce, a, 8, m, 23, 8, out), ZB_CRYPTO_OK);
    assert_memory_equal(out, expected, 31);
    assert_int_equal(zb_ccm_star_decrypt(key, nonce, a, 8, out, 31, 8, back), ZB_CRYPTO_OK);
    assert_memory_equal(back, m, 23);
}

/* ccm_star C.3/C.4 with one bit flipped anywhere in a, c or the MIC: the MIC fails and the output
 * is wiped. */
static void ccm_star_detects_any_flipped_bit(void **state)
{
    (void)state;
    uint8_t key[16], nonce[13], a[8], c[31], back[23];
    test_hex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF", key, sizeof key);
    test_hex("A0A1A2A3A4A5A6A70302010006", nonce, sizeof nonce);
    test_hex("0001020304050607", a, sizeof a);
    test_hex("1A55A36ABB6C610D066B3375649CEF10D4664ECAD854A80A895CC1D8FF9469", c, sizeof c);
    for (size_t bit = 0; bit < 8 * (sizeof a + sizeof c); bit++) {
        uint8_t *target = bit < 8 * sizeof a ? &a[bit / 8] : &c[bit / 8 - sizeof a];
        *target ^= (uint8_t)(1u << (bit % 8));
        memset(back, 0xAA, sizeof back);
        assert_int_equal(zb_ccm_star_decrypt(key, nonce, a, 8, c, 31, 8, back), ZB_CRYPTO_MIC_FAILURE);
        for (size_t i = 0; i < sizeof back; i++) {
            assert_int_equal(back[i], 0);
        }
        *target ^= (uint8_t)(1u << (bit % 8));
    }
}

static void ccm_star_refuses_bad_arguments(void **state)
{
    (void)state;
    uint8_t key[16] = {0}, nonce[13] = {0}, buf[32] = {0}, out[32];
    assert_int_equal(zb_ccm_star_encrypt(key, nonce, NULL, 0, buf, 8, 6, out), ZB_CRYPTO_ERR_ARGUMENT);
    assert_int_equal(zb_ccm_star_decrypt(key, nonce, NULL, 0, buf, 3, 4, out), ZB_CRYPTO_ERR_ARGUMENT);
    /* M = 0 (encryption only) round-trips and adds nothing. */
    assert_int_equal(zb_ccm_star_encrypt(key, nonce, NULL, 0, buf, 20, 0, out), ZB_CRYPTO_OK);
    uint8_t back[20];
    assert_int_equal(zb_ccm_star_decrypt(key, nonce, NULL, 0, out, 20, 0, back), ZB_CRYPTO_OK);
    assert_memory_equal(back, buf, 20);
}

static void fingerprint_is_first_four_bytes_of_sha256(void **state)
{
    (void)state;
    /* transport_key_frames[0].network_key; SHA-256 computed independently with sha256sum. */
    uint8_t key[16];
    char fp[9];
    test_hex("2B7E151628AED2A6ABF7158809CF4F3C", key, sizeof key);
    assert_int_equal(zb_key_fingerprint(key, fp), ZB_CRYPTO_OK);
    assert_string_equal(fp, "d4ffb8b7");
}

int run_zb_crypto_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aes_mmo_short_messages),
        cmocka_unit_test(aes_mmo_long_messages),
        cmocka_unit_test(hmac_mmo_vectors),
        cmocka_unit_test(key_transport_key_of_install_code_link_key),
        cmocka_unit_test(install_codes_to_link_keys),
        cmocka_unit_test(install_code_with_wrong_crc_is_refused),
        cmocka_unit_test(ccm_star_spec_vector),
        cmocka_unit_test(ccm_star_detects_any_flipped_bit),
        cmocka_unit_test(ccm_star_refuses_bad_arguments),
        cmocka_unit_test(fingerprint_is_first_four_bytes_of_sha256),
    };
    return cmocka_run_group_tests_name("zigbee crypto", tests, NULL, NULL);
}
