/* HDLC-lite framing: exact escaping, streaming decode in any chunking, and every bad frame
 * (bad FCS, too short, too long, abort, garbage) counted and dropped without losing sync. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_crc.h"
#include "eg_hdlc.h"
#include "test_util.h"

/* Feeds bytes; copies the last good frame out. Returns the number of good frames. */
static int feed(eg_hdlc_decoder *d, const uint8_t *bytes, size_t n, uint8_t *last, size_t *last_len)
{
    const uint8_t *p;
    size_t len, i;
    int frames = 0;
    for (i = 0; i < n; i++) {
        if (eg_hdlc_decoder_push(d, bytes[i], &p, &len)) {
            memcpy(last, p, len);
            *last_len = len;
            frames++;
        }
    }
    return frames;
}

static void encode_escapes_flag_and_escape(void **state)
{
    const uint8_t payload[] = {0x02, 0x7E, 0x7D, 0x11};
    uint8_t out[32];
    uint16_t fcs = eg_crc16_x25(payload, sizeof(payload));
    size_t n = eg_hdlc_encode(payload, sizeof(payload), out, sizeof(out));
    (void)state;

    assert_int_equal(out[0], 0x7E);
    assert_int_equal(out[1], 0x02);
    assert_int_equal(out[2], 0x7D);
    assert_int_equal(out[3], 0x5E);
    assert_int_equal(out[4], 0x7D);
    assert_int_equal(out[5], 0x5D);
    assert_int_equal(out[6], 0x11); /* XON is left alone: we use no software flow control */
    assert_int_equal(out[n - 1], 0x7E);
    /* FCS little-endian, escaped like the rest (length depends on its value) */
    if ((fcs & 0xFF) != 0x7E && (fcs & 0xFF) != 0x7D && (fcs >> 8) != 0x7E && (fcs >> 8) != 0x7D) {
        assert_int_equal(n, 10);
        assert_int_equal(out[7], fcs & 0xFF);
        assert_int_equal(out[8], fcs >> 8);
    }
}

static void round_trip_every_byte_value(void **state)
{
    uint8_t payload[256], out[EG_HDLC_ENCODED_MAX(256)], got[EG_HDLC_MAX_PAYLOAD];
    size_t n, got_len = 0, i;
    eg_hdlc_decoder d;
    (void)state;

    for (i = 0; i < sizeof(payload); i++) {
        payload[i] = (uint8_t)i;
    }
    n = eg_hdlc_encode(payload, sizeof(payload), out, sizeof(out));
    assert_true(n > 0);
    eg_hdlc_decoder_init(&d);
    assert_int_equal(feed(&d, out, n, got, &got_len), 1);
    assert_int_equal(got_len, sizeof(payload));
    assert_memory_equal(got, payload, sizeof(payload));
    assert_int_equal(d.counters.frames, 1);
}

static void decoder_accepts_optional_escapes_and_shared_flags(void **state)
{
    /* A peer escaping 0x11 (as Spinel does), and two frames sharing one flag. */
    uint8_t wire[64], got[16];
    size_t got_len = 0, n = 0;
    const uint8_t a[] = {0x01, 0x11};
    uint16_t fcs = eg_crc16_x25(a, 2);
    eg_hdlc_decoder d;
    (void)state;

    wire[n++] = 0x7E;
    wire[n++] = 0x01;
    wire[n++] = 0x7D;
    wire[n++] = 0x31; /* 0x11 escaped */
    wire[n++] = (uint8_t)fcs;
    wire[n++] = (uint8_t)(fcs >> 8);
    wire[n++] = 0x7E; /* ends this frame and starts the next */
    wire[n++] = 0x01;
    wire[n++] = 0x11;
    wire[n++] = (uint8_t)fcs;
    wire[n++] = (uint8_t)(fcs >> 8);
    wire[n++] = 0x7E;
    eg_hdlc_decoder_init(&d);
    assert_int_equal(feed(&d, wire, n, got, &got_len), 2);
    assert_int_equal(got_len, 2);
    assert_memory_equal(got, a, 2);
}

static void bad_frames_are_counted_and_sync_is_kept(void **state)
{
    const uint8_t good[] = {0x03, 0xAA, 0xBB};
    uint8_t frame[32], wire[256], got[16];
    size_t flen = eg_hdlc_encode(good, sizeof(good), frame, sizeof(frame));
    size_t n = 0, got_len = 0;
    eg_hdlc_decoder d;
    (void)state;

    /* garbage before the first flag: discarded while hunting, not counted */
    memcpy(wire + n, "garbage", 7);
    n += 7;
    /* a frame with a corrupted FCS */
    memcpy(wire + n, frame, flen);
    wire[n + 2] ^= 0x01;
    n += flen;
    /* a frame of one byte (shorter than its FCS) */
    wire[n++] = 0x7E;
    wire[n++] = 0x42;
    wire[n++] = 0x7E;
    /* an aborted frame: 0x7D 0x7E */
    wire[n++] = 0x01;
    wire[n++] = 0x7D;
    wire[n++] = 0x7E;
    /* empty frames: ignored */
    wire[n++] = 0x7E;
    wire[n++] = 0x7E;
    /* and a good one still comes through */
    memcpy(wire + n, frame, flen);
    n += flen;

    eg_hdlc_decoder_init(&d);
    assert_int_equal(feed(&d, wire, n, got, &got_len), 1);
    assert_memory_equal(got, good, sizeof(good));
    assert_int_equal(d.counters.fcs_errors, 1);
    assert_int_equal(d.counters.too_short, 1);
    assert_int_equal(d.counters.aborts, 1);
    assert_int_equal(d.counters.frames, 1);
}

static void overlong_frame_is_dropped(void **state)
{
    uint8_t wire[EG_HDLC_MAX_PAYLOAD + 64], got[EG_HDLC_MAX_PAYLOAD], frame[32];
    const uint8_t good[] = {0x01};
    size_t n = 0, got_len = 0, i, flen = eg_hdlc_encode(good, 1, frame, sizeof(frame));
    eg_hdlc_decoder d;
    (void)state;

    wire[n++] = 0x7E;
    for (i = 0; i < EG_HDLC_MAX_PAYLOAD + 10; i++) {
        wire[n++] = 0x55;
    }
    memcpy(wire + n, frame, flen); /* its leading flag ends the overlong frame */
    n += flen;
    eg_hdlc_decoder_init(&d);
    assert_int_equal(feed(&d, wire, n, got, &got_len), 1);
    assert_int_equal(d.counters.overflows, 1);
    assert_int_equal(got_len, 1);
}

static void chunking_does_not_matter(void **state)
{
    uint8_t payload[100], wire[EG_HDLC_ENCODED_MAX(100)], got[EG_HDLC_MAX_PAYLOAD];
    size_t n, i, got_len = 0, chunk;
    uint32_t seed = 7;
    eg_hdlc_decoder d;
    (void)state;

    for (i = 0; i < sizeof(payload); i++) {
        payload[i] = (uint8_t)test_rand(&seed);
    }
    n = eg_hdlc_encode(payload, sizeof(payload), wire, sizeof(wire));
    for (chunk = 1; chunk <= n; chunk += 7) {
        int frames = 0;
        eg_hdlc_decoder_init(&d);
        for (i = 0; i < n; i += chunk) {
            frames += feed(&d, wire + i, (n - i < chunk) ? n - i : chunk, got, &got_len);
        }
        assert_int_equal(frames, 1);
        assert_memory_equal(got, payload, sizeof(payload));
    }
}

static void random_noise_never_yields_garbage(void **state)
{
    /* Random bytes: whatever the decoder delivers must carry a matching FCS (it checked it),
     * and it must never overrun its buffer (run under the sanitizers). */
    uint8_t noise[4096], got[EG_HDLC_MAX_PAYLOAD];
    size_t i, got_len = 0;
    uint32_t seed = 99;
    eg_hdlc_decoder d;
    int round;
    (void)state;

    eg_hdlc_decoder_init(&d);
    for (round = 0; round < 200; round++) {
        for (i = 0; i < sizeof(noise); i++) {
            uint32_t r = test_rand(&seed);
            noise[i] = (r & 0x300) == 0 ? 0x7E : (uint8_t)r; /* flags often enough */
        }
        (void)feed(&d, noise, sizeof(noise), got, &got_len);
    }
    assert_true(d.counters.fcs_errors > 1000);
}

static void encode_refuses_what_cannot_be_framed(void **state)
{
    uint8_t payload[EG_HDLC_MAX_PAYLOAD + 1], out[EG_HDLC_ENCODED_MAX(EG_HDLC_MAX_PAYLOAD + 1)];
    (void)state;
    memset(payload, 0x7E, sizeof(payload));
    assert_int_equal(eg_hdlc_encode(payload, 0, out, sizeof(out)), 0);
    assert_int_equal(eg_hdlc_encode(payload, EG_HDLC_MAX_PAYLOAD + 1, out, sizeof(out)), 0);
    /* all bytes escaped: needs 2 * (10 + 2) + 2 = 26 or 25 bytes; 20 is too small */
    assert_int_equal(eg_hdlc_encode(payload, 10, out, 20), 0);
    assert_true(eg_hdlc_encode(payload, 10, out, EG_HDLC_ENCODED_MAX(10)) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encode_escapes_flag_and_escape),
        cmocka_unit_test(round_trip_every_byte_value),
        cmocka_unit_test(decoder_accepts_optional_escapes_and_shared_flags),
        cmocka_unit_test(bad_frames_are_counted_and_sync_is_kept),
        cmocka_unit_test(overlong_frame_is_dropped),
        cmocka_unit_test(chunking_does_not_matter),
        cmocka_unit_test(random_noise_never_yields_garbage),
        cmocka_unit_test(encode_refuses_what_cannot_be_framed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
