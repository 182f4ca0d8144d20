/*
 * Device-side Zigbee security primitives (Zigbee spec 05-3474, Annex B), written from the spec and
 * independently of the Java services, so that the simulated devices are a real second implementation.
 * AES-128 comes from OpenSSL libcrypto; everything built on it (AES-MMO, HMAC-MMO, CCM*) is here.
 */
#ifndef EG_ZB_CRYPTO_H
#define EG_ZB_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define ZB_KEY_LEN 16u
#define ZB_BLOCK_LEN 16u
#define ZB_NONCE_LEN 13u /* CCM* with L = 2: 15 - L */

typedef enum zb_crypto_status {
    ZB_CRYPTO_OK = 0,
    ZB_CRYPTO_MIC_FAILURE = 1, /* authentication failed: the output was wiped */
    ZB_CRYPTO_ERR_ARGUMENT = -1,
    ZB_CRYPTO_ERR_LIBCRYPTO = -2
} zb_crypto_status;

typedef enum zb_install_code_status {
    ZB_IC_OK = 0,
    ZB_IC_BAD_LENGTH, /* not 6, 8, 12 or 16 bytes plus the 2-byte CRC */
    ZB_IC_BAD_CRC     /* the appended CRC-16/X.25 does not match; *expected_crc says what would */
} zb_install_code_status;

/* One AES-128 block encryption. */
zb_crypto_status zb_aes128_encrypt_block(const uint8_t key[ZB_KEY_LEN], const uint8_t in[ZB_BLOCK_LEN],
                                         uint8_t out[ZB_BLOCK_LEN]);

/* Matyas-Meyer-Oseas hash with AES-128 (spec B.6), with both padding forms: messages shorter than
 * 2^16 bits end with a 16-bit length, longer ones with a 32-bit length and 16 zero bits. */
zb_crypto_status zb_aes_mmo_hash(const uint8_t *message, size_t len, uint8_t digest[ZB_BLOCK_LEN]);

/* HMAC (FIPS 198) over AES-MMO, block size 16 (spec B.1.4). Keys longer than 16 bytes are hashed. */
zb_crypto_status zb_hmac_mmo(const uint8_t *key, size_t key_len, const uint8_t *message, size_t len,
                             uint8_t mac[ZB_BLOCK_LEN]);

/* Checks an install code with its CRC appended (little-endian). On ZB_IC_BAD_CRC, *expected_crc
 * (if not NULL) receives the CRC-16/X.25 of the code part, so that the error can say what was due. */
zb_install_code_status zb_install_code_check(const uint8_t *code_with_crc, size_t len,
                                             uint16_t *expected_crc);

/* Link key = AES-MMO(install code ‖ CRC). Refuses (never repairs) a wrong CRC. */
zb_install_code_status zb_link_key_from_install_code(const uint8_t *code_with_crc, size_t len,
                                                     uint8_t link_key[ZB_KEY_LEN],
                                                     uint16_t *expected_crc);

/* Key-transport key = HMAC-MMO(link key, 0x00) (spec 4.5.3). */
zb_crypto_status zb_key_transport_key(const uint8_t link_key[ZB_KEY_LEN], uint8_t out[ZB_KEY_LEN]);

/* CCM* (spec Annex A / B.1.1) with a 13-byte nonce and mic_len 0, 4, 8 or 16. With mic_len > 0 this
 * is plain AES-CCM; mic_len 0 is encryption only (levels 4). out receives m_len + mic_len bytes. */
zb_crypto_status zb_ccm_star_encrypt(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                     const uint8_t *a, size_t a_len, const uint8_t *m, size_t m_len,
                                     size_t mic_len, uint8_t *out);

/* Inverse of zb_ccm_star_encrypt: c_len includes the MIC. On ZB_CRYPTO_MIC_FAILURE the plaintext
 * buffer (c_len - mic_len bytes) is zeroed so that no unauthenticated data leaks to the caller. */
zb_crypto_status zb_ccm_star_decrypt(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                     const uint8_t *a, size_t a_len, const uint8_t *c, size_t c_len,
                                     size_t mic_len, uint8_t *m_out);

/* First 4 bytes of SHA-256(key) as 8 lower-case hex digits plus NUL: names a key in logs and
 * reports without revealing it. */
zb_crypto_status zb_key_fingerprint(const uint8_t key[ZB_KEY_LEN], char out[9]);

#endif
