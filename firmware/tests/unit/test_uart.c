/* UART messages: byte-exact protobuf (hand-encoded from the .proto field numbers, so the test does
 * not trust nanopb to agree with itself), framing, and every way an inbound message can be bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_uart.h"
#include "test_util.h"

/* Un-frames one HDLC frame produced by eg_uart_encode. */
static size_t unframe(const uint8_t *wire, size_t n, uint8_t *payload)
{
    eg_hdlc_decoder d;
    const uint8_t *p;
    size_t len = 0, i;
    eg_hdlc_decoder_init(&d);
    for (i = 0; i < n; i++) {
        if (eg_hdlc_decoder_push(&d, wire[i], &p, &len)) {
            memcpy(payload, p, len);
            return len;
        }
    }
    fail_msg("no frame");
    return 0;
}

static void eg_request_bytes(void **state)
{
    enrolgate_v1_EgRequest req = enrolgate_v1_EgRequest_init_zero;
    uint8_t wire[EG_UART_TX_FRAME_MAX], payload[EG_HDLC_MAX_PAYLOAD], expected[128];
    size_t n, len, i;
    size_t exp_len = hex_to_bytes(
        "02"                                       /* UART_MESSAGE_TYPE_EG_REQUEST */
        "0A10 000102030405060708090A0B0C0D0E0F"    /* 1: request_id */
        "11 0403020100 4B1200"                     /* 2: gateway_ieee, fixed64 LE */
        "20 E234"                                  /* 4: pan_id 0x1A62 (3: 0 is omitted) */
        "29 0D0C0B0A006F0D00"                      /* 5: device_ieee */
        "30 AC9E01"                                /* 6: device_short 0x4F2C */
        "40 8E01"                                  /* 8: capability 0x8E */
        "48 E807",                                 /* 9: gateway_uptime_ms 1000 */
        expected, sizeof(expected));
    (void)state;

    req.request_id.size = 16;
    for (i = 0; i < 16; i++) {
        req.request_id.bytes[i] = (uint8_t)i;
    }
    req.gateway_ieee = 0x00124B0001020304ull;
    req.pan_id = 0x1A62;
    req.device_ieee = 0x000D6F000A0B0C0Dull;
    req.device_short = 0x4F2C;
    req.capability_information = 0x8E;
    req.gateway_uptime_ms = 1000;
    n = eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_REQUEST,
                       enrolgate_v1_EgRequest_fields, &req, wire, sizeof(wire));
    assert_true(n > 0);
    len = unframe(wire, n, payload);
    assert_int_equal(len, exp_len);
    assert_memory_equal(payload, expected, exp_len);
}

static void hello_round_trip(void **state)
{
    enrolgate_v1_GatewayHello hello = enrolgate_v1_GatewayHello_init_zero, got;
    enrolgate_v1_UartMessageType type;
    uint8_t wire[EG_UART_TX_FRAME_MAX], payload[EG_HDLC_MAX_PAYLOAD];
    size_t n, len;
    (void)state;

    strcpy(hello.firmware_version, "0.1.0");
    hello.gateway_ieee = 0x00124B0001020304ull;
    hello.pan_id = 0x1A62;
    hello.channel = 15;
    hello.extended_pan_id = 0xDDCCBBAA99887766ull;
    hello.protocol_version = EG_UART_PROTOCOL_VERSION;
    n = eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO,
                       enrolgate_v1_GatewayHello_fields, &hello, wire, sizeof(wire));
    len = unframe(wire, n, payload);
    assert_int_equal(payload[0], 1);
    assert_int_equal(eg_uart_decode_outbound(payload, len, &type, &got, NULL, NULL), EG_UART_OK);
    assert_int_equal(type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO);
    assert_string_equal(got.firmware_version, "0.1.0");
    assert_int_equal(got.gateway_ieee, hello.gateway_ieee);
    assert_int_equal(got.extended_pan_id, hello.extended_pan_id);
    assert_int_equal(got.channel, 15);
    /* the same payload, asked for as a type it is not */
    assert_int_equal(eg_uart_decode_outbound(payload, len, &type, NULL, NULL, NULL),
                     EG_UART_ERR_UNEXPECTED);
}

static void eg_response_with_nwk_frame(void **state)
{
    uint8_t payload[128];
    eg_uart_inbound in;
    size_t len = hex_to_bytes("03"
                              "0A10 F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF" /* request_id */
                              "1205 0800 2C4F 00"                     /* nwk_frame, 5 bytes */
                              "21 0D0C0B0A006F0D00"                   /* device_ieee */
                              "28 AC9E01",                            /* device_short */
                              payload, sizeof(payload));
    (void)state;

    assert_int_equal(eg_uart_decode_inbound(payload, len, &in), EG_UART_OK);
    assert_int_equal(in.type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE);
    assert_int_equal(in.u.eg_response.request_id.size, 16);
    assert_int_equal(in.u.eg_response.request_id.bytes[15], 0xFF);
    assert_int_equal(in.u.eg_response.which_result, enrolgate_v1_EgResponse_nwk_frame_tag);
    assert_int_equal(in.u.eg_response.result.nwk_frame.size, 5);
    assert_int_equal(in.u.eg_response.device_ieee, 0x000D6F000A0B0C0Dull);
    assert_int_equal(in.u.eg_response.device_short, 0x4F2C);
}

static void eg_response_rejection_with_long_text(void **state)
{
    /* A rejection whose human message is 200 bytes: the text is skipped, the code kept. */
    uint8_t payload[300];
    size_t len = hex_to_bytes("03 0A10 00000000000000000000000000000001 1ACD01 0801 12C801",
                              payload, sizeof(payload));
    eg_uart_inbound in;
    (void)state;

    memset(payload + len, 'x', 200);
    len += 200;
    assert_int_equal(eg_uart_decode_inbound(payload, len, &in), EG_UART_OK);
    assert_int_equal(in.u.eg_response.which_result, enrolgate_v1_EgResponse_rejection_tag);
    assert_int_equal(in.u.eg_response.result.rejection.code,
                     enrolgate_v1_Rejection_Code_UNKNOWN_DEVICE);
}

static void inbound_rejects_bad_messages(void **state)
{
    uint8_t p[256];
    eg_uart_inbound in;
    size_t len;
    (void)state;

    memset(p, 0, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, 0, &in), EG_UART_ERR_EMPTY);
    /* unknown types: 0 (unspecified), 7, 0xFF */
    p[0] = 0;
    assert_int_equal(eg_uart_decode_inbound(p, 1, &in), EG_UART_ERR_UNKNOWN_TYPE);
    p[0] = 7;
    assert_int_equal(eg_uart_decode_inbound(p, 1, &in), EG_UART_ERR_UNKNOWN_TYPE);
    p[0] = 0xFF;
    assert_int_equal(eg_uart_decode_inbound(p, 1, &in), EG_UART_ERR_UNKNOWN_TYPE);
    /* gateway -> host types are never sent to the gateway */
    p[0] = 2;
    assert_int_equal(eg_uart_decode_inbound(p, 1, &in), EG_UART_ERR_UNEXPECTED);
    p[0] = 4;
    assert_int_equal(eg_uart_decode_inbound(p, 1, &in), EG_UART_ERR_UNEXPECTED);
    /* HELLO from the host: a request to say hello again, whatever it carries */
    len = hex_to_bytes("01 FFFF", p, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, len, &in), EG_UART_OK);
    /* protobuf garbage: a length running past the end */
    len = hex_to_bytes("03 0A20 0001", p, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, len, &in), EG_UART_ERR_DECODE);
    /* request_id of 17 bytes: beyond its bound */
    len = hex_to_bytes("03 0A11 000102030405060708090A0B0C0D0E0F10", p, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, len, &in), EG_UART_ERR_DECODE);
    /* nwk_frame of 117 bytes: cannot fit a MAC frame */
    len = hex_to_bytes("03 1275", p, sizeof(p));
    memset(p + len, 0xAB, 117);
    assert_int_equal(eg_uart_decode_inbound(p, len + 117, &in), EG_UART_ERR_DECODE);
    /* a wire type that does not match the field (varint for request_id) */
    len = hex_to_bytes("03 0801", p, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, len, &in), EG_UART_ERR_DECODE);
    /* unknown fields are skipped, as protobuf requires */
    len = hex_to_bytes("03 F80701 0A00", p, sizeof(p));
    assert_int_equal(eg_uart_decode_inbound(p, len, &in), EG_UART_OK);
}

static void random_payloads_never_crash(void **state)
{
    uint8_t p[EG_HDLC_MAX_PAYLOAD];
    eg_uart_inbound in;
    uint32_t seed = 1234;
    size_t n, i;
    int round, ok = 0;
    (void)state;

    for (round = 0; round < 100000; round++) {
        n = 1 + test_rand(&seed) % 200u;
        for (i = 0; i < n; i++) {
            p[i] = (uint8_t)test_rand(&seed);
        }
        p[0] = (uint8_t)(1 + test_rand(&seed) % 6u);
        ok += eg_uart_decode_inbound(p, n, &in) == EG_UART_OK;
    }
    assert_true(ok > 0);
}

static void encode_fails_cleanly_when_output_too_small(void **state)
{
    enrolgate_v1_GatewayLog log = enrolgate_v1_GatewayLog_init_zero;
    uint8_t wire[8];
    (void)state;
    strcpy(log.message, "a line that does not fit in eight bytes");
    assert_int_equal(eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_LOG,
                                    enrolgate_v1_GatewayLog_fields, &log, wire, sizeof(wire)),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eg_request_bytes),
        cmocka_unit_test(hello_round_trip),
        cmocka_unit_test(eg_response_with_nwk_frame),
        cmocka_unit_test(eg_response_rejection_with_long_text),
        cmocka_unit_test(inbound_rejects_bad_messages),
        cmocka_unit_test(random_payloads_never_crash),
        cmocka_unit_test(encode_fails_cleanly_when_output_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
