/* Zigbee security primitives on top of OpenSSL's AES-128; see zb_crypto.h. */
#include "zb_crypto.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "eg_crc.h"

zb_crypto_status zb_aes128_encrypt_block(const uint8_t key[ZB_KEY_LEN], const uint8_t in[ZB_BLOCK_LEN],
                                         uint8_t out[ZB_BLOCK_LEN])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    int ok = ctx != NULL && EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL) == 1 &&
             EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
             EVP_EncryptUpdate(ctx, out, &len, in, (int)ZB_BLOCK_LEN) == 1 && len == (int)ZB_BLOCK_LEN;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? ZB_CRYPTO_OK : ZB_CRYPTO_ERR_LIBCRYPTO;
}

/* ---- AES-MMO (spec B.6), incremental so that HMAC can feed it in pieces ---- */

typedef struct mmo_ctx {
    uint8_t hash[ZB_BLOCK_LEN]; /* H_j; H_0 = 0 */
    uint8_t block[ZB_BLOCK_LEN];
    size_t block_len;
    uint64_t total_len; /* bytes */
    int failed;
} mmo_ctx;

static void mmo_init(mmo_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
}

/* H_j = E(H_{j-1}, M_j) XOR M_j: the previous digest is the key, the message block the plaintext. */
static void mmo_compress(mmo_ctx *ctx, const uint8_t block[ZB_BLOCK_LEN])
{
    uint8_t out[ZB_BLOCK_LEN];
    if (zb_aes128_encrypt_block(ctx->hash, block, out) != ZB_CRYPTO_OK) {
        ctx->failed = 1;
        return;
    }
    for (size_t i = 0; i < ZB_BLOCK_LEN; i++) {
        ctx->hash[i] = out[i] ^ block[i];
    }
}

static void mmo_update(mmo_ctx *ctx, const uint8_t *data, size_t len)
{
    ctx->total_len += len;
    while (len > 0) {
        size_t take = ZB_BLOCK_LEN - ctx->block_len;
        if (take > len) {
            take = len;
        }
        memcpy(ctx->block + ctx->block_len, data, take);
        ctx->block_len += take;
        data += take;
        len -= take;
        if (ctx->block_len == ZB_BLOCK_LEN) {
            mmo_compress(ctx, ctx->block);
            ctx->block_len = 0;
        }
    }
}

static zb_crypto_status mmo_final(mmo_ctx *ctx, uint8_t digest[ZB_BLOCK_LEN])
{
    uint64_t bits = ctx->total_len * 8u;
    if (bits >= ((uint64_t)1 << 32)) {
        return ZB_CRYPTO_ERR_ARGUMENT; /* the spec defines padding only below 2^32 bits */
    }
    /* Append bit 1 then zeros up to 14 (mod 16) bytes and a 16-bit length, or, for 2^16 bits and
     * more, up to 10 (mod 16) bytes, a 32-bit length and 16 zero bits. Total counts padding too,
     * so feed it byte by byte through mmo_update with the length frozen. */
    int long_form = bits >= ((uint64_t)1 << 16);
    size_t stop = long_form ? 10u : 14u;
    uint64_t saved_total = ctx->total_len;
    uint8_t one = 0x80, zero = 0x00;
    mmo_update(ctx, &one, 1);
    while (ctx->block_len != stop) {
        mmo_update(ctx, &zero, 1);
    }
    uint8_t tail[6];
    size_t tail_len;
    if (long_form) {
        tail[0] = (uint8_t)(bits >> 24);
        tail[1] = (uint8_t)(bits >> 16);
        tail[2] = (uint8_t)(bits >> 8);
        tail[3] = (uint8_t)bits;
        tail[4] = 0;
        tail[5] = 0;
        tail_len = 6;
    } else {
        tail[0] = (uint8_t)(bits >> 8);
        tail[1] = (uint8_t)bits;
        tail_len = 2;
    }
    mmo_update(ctx, tail, tail_len);
    ctx->total_len = saved_total;
    if (ctx->failed || ctx->block_len != 0) {
        return ZB_CRYPTO_ERR_LIBCRYPTO;
    }
    memcpy(digest, ctx->hash, ZB_BLOCK_LEN);
    return ZB_CRYPTO_OK;
}

zb_crypto_status zb_aes_mmo_hash(const uint8_t *message, size_t len, uint8_t digest[ZB_BLOCK_LEN])
{
    mmo_ctx ctx;
    mmo_init(&ctx);
    mmo_update(&ctx, message, len);
    return mmo_final(&ctx, digest);
}

zb_crypto_status zb_hmac_mmo(const uint8_t *key, size_t key_len, const uint8_t *message, size_t len,
                             uint8_t mac[ZB_BLOCK_LEN])
{
    uint8_t k0[ZB_BLOCK_LEN] = {0};
    if (key_len > ZB_BLOCK_LEN) {
        zb_crypto_status st = zb_aes_mmo_hash(key, key_len, k0);
        if (st != ZB_CRYPTO_OK) {
            return st;
        }
    } else {
        memcpy(k0, key, key_len);
    }
    uint8_t pad[ZB_BLOCK_LEN], inner[ZB_BLOCK_LEN];
    mmo_ctx ctx;
    for (size_t i = 0; i < ZB_BLOCK_LEN; i++) {
        pad[i] = k0[i] ^ 0x36u; /* ipad */
    }
    mmo_init(&ctx);
    mmo_update(&ctx, pad, sizeof pad);
    mmo_update(&ctx, message, len);
    zb_crypto_status st = mmo_final(&ctx, inner);
    if (st != ZB_CRYPTO_OK) {
        return st;
    }
    for (size_t i = 0; i < ZB_BLOCK_LEN; i++) {
        pad[i] = k0[i] ^ 0x5Cu; /* opad */
    }
    mmo_init(&ctx);
    mmo_update(&ctx, pad, sizeof pad);
    mmo_update(&ctx, inner, sizeof inner);
    return mmo_final(&ctx, mac);
}

/* ---- install codes and derived keys ---- */

zb_install_code_status zb_install_code_check(const uint8_t *code_with_crc, size_t len,
                                             uint16_t *expected_crc)
{
    if (len != 8 && len != 10 && len != 14 && len != 18) {
        return ZB_IC_BAD_LENGTH;
    }
    uint16_t crc = eg_crc16_x25(code_with_crc, len - 2);
    uint16_t given = (uint16_t)(code_with_crc[len - 2] | (code_with_crc[len - 1] << 8));
    if (expected_crc != NULL) {
        *expected_crc = crc;
    }
    return crc == given ? ZB_IC_OK : ZB_IC_BAD_CRC;
}

zb_install_code_status zb_link_key_from_install_code(const uint8_t *code_with_crc, size_t len,
                                                     uint8_t link_key[ZB_KEY_LEN],
                                                     uint16_t *expected_crc)
{
    zb_install_code_status st = zb_install_code_check(code_with_crc, len, expected_crc);
    if (st != ZB_IC_OK) {
        return st;
    }
    /* The hash covers the code and its CRC, as in the spec and every vendor's tooling. */
    if (zb_aes_mmo_hash(code_with_crc, len, link_key) != ZB_CRYPTO_OK) {
        return ZB_IC_BAD_LENGTH;
    }
    return ZB_IC_OK;
}

zb_crypto_status zb_key_transport_key(const uint8_t link_key[ZB_KEY_LEN], uint8_t out[ZB_KEY_LEN])
{
    static const uint8_t key_transport_input = 0x00;
    return zb_hmac_mmo(link_key, ZB_KEY_LEN, &key_transport_input, 1, out);
}

/* ---- CCM* (Annex A), L = 2 ---- */

static int mic_len_valid(size_t mic_len)
{
    return mic_len == 0 || mic_len == 4 || mic_len == 8 || mic_len == 16;
}

/* CBC-MAC over B0 ‖ encoded a ‖ padded m; T = first mic_len bytes. */
static zb_crypto_status ccm_auth_tag(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                     const uint8_t *a, size_t a_len, const uint8_t *m, size_t m_len,
                                     size_t mic_len, uint8_t tag[ZB_BLOCK_LEN])
{
    uint8_t x[ZB_BLOCK_LEN] = {0}, block[ZB_BLOCK_LEN];
    /* B0 flags: Adata | M' = (M - 2) / 2 | L' = L - 1. */
    block[0] = (uint8_t)((a_len > 0 ? 0x40u : 0u) | (((mic_len - 2u) / 2u) << 3) | 1u);
    memcpy(&block[1], nonce, ZB_NONCE_LEN);
    block[14] = (uint8_t)(m_len >> 8);
    block[15] = (uint8_t)m_len;
    if (zb_aes128_encrypt_block(key, block, x) != ZB_CRYPTO_OK) {
        return ZB_CRYPTO_ERR_LIBCRYPTO;
    }
    /* The authentication data: 2-byte length then a, zero-padded to whole blocks; then m, padded. */
    size_t pos = 0; /* position within the current block */
    memset(block, 0, sizeof block);
    if (a_len > 0) {
        block[0] = (uint8_t)(a_len >> 8);
        block[1] = (uint8_t)a_len;
        pos = 2;
    }
    const uint8_t *parts[2] = {a, m};
    size_t lens[2] = {a_len, m_len};
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < lens[p]; i++) {
            block[pos++] = parts[p][i];
            if (pos == ZB_BLOCK_LEN) {
                for (size_t j = 0; j < ZB_BLOCK_LEN; j++) {
                    x[j] ^= block[j];
                }
                if (zb_aes128_encrypt_block(key, x, x) != ZB_CRYPTO_OK) {
                    return ZB_CRYPTO_ERR_LIBCRYPTO;
                }
                memset(block, 0, sizeof block);
                pos = 0;
            }
        }
        if (pos > 0) { /* zero padding closes a's blocks before m starts, and m's at the end */
            for (size_t j = 0; j < ZB_BLOCK_LEN; j++) {
                x[j] ^= block[j];
            }
            if (zb_aes128_encrypt_block(key, x, x) != ZB_CRYPTO_OK) {
                return ZB_CRYPTO_ERR_LIBCRYPTO;
            }
            memset(block, 0, sizeof block);
            pos = 0;
        }
    }
    memcpy(tag, x, ZB_BLOCK_LEN);
    return ZB_CRYPTO_OK;
}

/* Counter-mode key stream block S_i = E(key, A_i), A_i = flags(L' = 1) ‖ nonce ‖ i. */
static zb_crypto_status ccm_keystream(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                      uint16_t counter, uint8_t s[ZB_BLOCK_LEN])
{
    uint8_t a_i[ZB_BLOCK_LEN];
    a_i[0] = 1u;
    memcpy(&a_i[1], nonce, ZB_NONCE_LEN);
    a_i[14] = (uint8_t)(counter >> 8);
    a_i[15] = (uint8_t)counter;
    return zb_aes128_encrypt_block(key, a_i, s);
}

/* XORs data with S_1, S_2, ... (the encryption transformation; its own inverse). */
static zb_crypto_status ccm_ctr(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                const uint8_t *in, size_t len, uint8_t *out)
{
    uint8_t s[ZB_BLOCK_LEN];
    for (size_t off = 0; off < len; off += ZB_BLOCK_LEN) {
        if (ccm_keystream(key, nonce, (uint16_t)(off / ZB_BLOCK_LEN + 1), s) != ZB_CRYPTO_OK) {
            return ZB_CRYPTO_ERR_LIBCRYPTO;
        }
        for (size_t i = 0; i < ZB_BLOCK_LEN && off + i < len; i++) {
            out[off + i] = in[off + i] ^ s[i];
        }
    }
    return ZB_CRYPTO_OK;
}

/* The MIC U = T XOR first mic_len bytes of S_0. */
static zb_crypto_status ccm_mic(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                const uint8_t *a, size_t a_len, const uint8_t *m, size_t m_len,
                                size_t mic_len, uint8_t *mic)
{
    uint8_t t[ZB_BLOCK_LEN], s0[ZB_BLOCK_LEN];
    if (ccm_auth_tag(key, nonce, a, a_len, m, m_len, mic_len, t) != ZB_CRYPTO_OK ||
        ccm_keystream(key, nonce, 0, s0) != ZB_CRYPTO_OK) {
        return ZB_CRYPTO_ERR_LIBCRYPTO;
    }
    for (size_t i = 0; i < mic_len; i++) {
        mic[i] = t[i] ^ s0[i];
    }
    return ZB_CRYPTO_OK;
}

/* The 2-byte length fields bound a and m: 802.15.4 frames are far smaller anyway. */
static int ccm_lengths_valid(size_t a_len, size_t m_len, size_t mic_len)
{
    return mic_len_valid(mic_len) && a_len < 0xFF00u && m_len <= 0xFFFFu;
}

zb_crypto_status zb_ccm_star_encrypt(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                     const uint8_t *a, size_t a_len, const uint8_t *m, size_t m_len,
                                     size_t mic_len, uint8_t *out)
{
    if (!ccm_lengths_valid(a_len, m_len, mic_len)) {
        return ZB_CRYPTO_ERR_ARGUMENT;
    }
    if (mic_len > 0) {
        zb_crypto_status st = ccm_mic(key, nonce, a, a_len, m, m_len, mic_len, out + m_len);
        if (st != ZB_CRYPTO_OK) {
            return st;
        }
    }
    return ccm_ctr(key, nonce, m, m_len, out);
}

zb_crypto_status zb_ccm_star_decrypt(const uint8_t key[ZB_KEY_LEN], const uint8_t nonce[ZB_NONCE_LEN],
                                     const uint8_t *a, size_t a_len, const uint8_t *c, size_t c_len,
                                     size_t mic_len, uint8_t *m_out)
{
    if (c_len < mic_len || !ccm_lengths_valid(a_len, c_len - mic_len, mic_len)) {
        return ZB_CRYPTO_ERR_ARGUMENT;
    }
    size_t m_len = c_len - mic_len;
    zb_crypto_status st = ccm_ctr(key, nonce, c, m_len, m_out);
    if (st != ZB_CRYPTO_OK || mic_len == 0) {
        return st;
    }
    uint8_t mic[ZB_BLOCK_LEN];
    st = ccm_mic(key, nonce, a, a_len, m_out, m_len, mic_len, mic);
    if (st != ZB_CRYPTO_OK) {
        memset(m_out, 0, m_len);
        return st;
    }
    uint8_t diff = 0; /* constant time over the MIC */
    for (size_t i = 0; i < mic_len; i++) {
        diff |= (uint8_t)(mic[i] ^ c[m_len + i]);
    }
    if (diff != 0) {
        memset(m_out, 0, m_len);
        return ZB_CRYPTO_MIC_FAILURE;
    }
    return ZB_CRYPTO_OK;
}

zb_crypto_status zb_key_fingerprint(const uint8_t key[ZB_KEY_LEN], char out[9])
{
    uint8_t digest[SHA256_DIGEST_LENGTH];
    unsigned int len = 0;
    if (EVP_Digest(key, ZB_KEY_LEN, digest, &len, EVP_sha256(), NULL) != 1 || len < 4) {
        return ZB_CRYPTO_ERR_LIBCRYPTO;
    }
    snprintf(out, 9, "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    return ZB_CRYPTO_OK;
}
