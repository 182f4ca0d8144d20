/* The gateway state machine, driven through its public API with a scripted platform: the whole
 * Fig. 2 exchange for receiver-on and sleepy devices, address allocation, deadlines, rejection,
 * and bad input on the radio and the UART. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eg_gateway.h"
#include "eg_zb_beacon.h"
#include "fake_platform.h"
#include "test_util.h"

#define GW_EXT 0x00124B0001020304ull
#define PAN 0x1A62u
#define EPID 0xDDCCBBAA99887766ull
#define DEV_EXT 0x000D6F000A0B0C0Dull
#define CAP_RX_ON 0x8Eu  /* allocate address, rx on when idle, mains, FFD */
#define CAP_SLEEPY 0x80u /* allocate address, battery, rx off when idle (a sleepy end device) */

static eg_gateway gw;
static fake_platform fake;
static eg_platform platform;
static eg_gw_config config;
static const uint8_t nwk_frame[] = {0x08, 0x00, 0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B, 0x21, 0x42};

static int setup(void **state)
{
    (void)state;
    fake_platform_init(&fake, &platform);
    memset(&config, 0, sizeof(config));
    config.ext_addr = GW_EXT;
    config.pan_id = PAN;
    config.channel = 15;
    config.extended_pan_id = EPID;
    config.permit_join_s = EG_GW_PERMIT_JOIN_FOREVER;
    config.send_acks = true;
    assert_true(eg_gw_init(&gw, &config, &platform));
    eg_gw_start(&gw);
    return 0;
}

/* ---- what devices send ---- */

static void radio_in(const uint8_t *psdu, int len)
{
    assert_true(len > 0);
    eg_gw_radio_input(&gw, psdu, (size_t)len);
}

static eg_mac_address coordinator(void)
{
    eg_mac_address a;
    memset(&a, 0, sizeof(a));
    a.mode = EG_MAC_ADDR_SHORT;
    a.pan_id = PAN;
    a.short_addr = 0x0000;
    return a;
}

static void associate(uint64_t ext, uint8_t cap, uint8_t seq)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_address c = coordinator();
    radio_in(psdu, eg_mac_encode_association_request(seq, &c, ext, cap, psdu, sizeof(psdu)));
}

static void poll_ext(uint64_t ext, uint8_t seq)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_address c = coordinator(), src;
    memset(&src, 0, sizeof(src));
    src.mode = EG_MAC_ADDR_EXT;
    src.pan_id = PAN;
    src.ext_addr = ext;
    radio_in(psdu, eg_mac_encode_data_request(seq, &c, &src, psdu, sizeof(psdu)));
}

static void poll_short(uint16_t s, uint8_t seq)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_address c = coordinator(), src = coordinator();
    src.short_addr = s;
    radio_in(psdu, eg_mac_encode_data_request(seq, &c, &src, psdu, sizeof(psdu)));
}

static void beacon_request(void)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    radio_in(psdu, eg_mac_encode_beacon_request(1, psdu, sizeof(psdu)));
}

static void uart_in_response(const enrolgate_v1_EgResponse *resp)
{
    uint8_t wire[EG_UART_TX_FRAME_MAX];
    size_t n = eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE,
                              enrolgate_v1_EgResponse_fields, resp, wire, sizeof(wire));
    assert_true(n > 0);
    eg_gw_uart_input(&gw, wire, n);
}

static void respond_with_frame(const enrolgate_v1_EgRequest *req)
{
    enrolgate_v1_EgResponse resp = enrolgate_v1_EgResponse_init_zero;
    resp.request_id.size = req->request_id.size;
    memcpy(resp.request_id.bytes, req->request_id.bytes, req->request_id.size);
    resp.which_result = enrolgate_v1_EgResponse_nwk_frame_tag;
    resp.result.nwk_frame.size = sizeof(nwk_frame);
    memcpy(resp.result.nwk_frame.bytes, nwk_frame, sizeof(nwk_frame));
    resp.device_ieee = req->device_ieee;
    resp.device_short = req->device_short;
    uart_in_response(&resp);
}

static void respond_with_rejection(const enrolgate_v1_EgRequest *req)
{
    enrolgate_v1_EgResponse resp = enrolgate_v1_EgResponse_init_zero;
    resp.request_id.size = req->request_id.size;
    memcpy(resp.request_id.bytes, req->request_id.bytes, req->request_id.size);
    resp.which_result = enrolgate_v1_EgResponse_rejection_tag;
    resp.result.rejection.code = enrolgate_v1_Rejection_Code_UNKNOWN_DEVICE;
    resp.device_ieee = req->device_ieee;
    uart_in_response(&resp);
}

/* ---- what the gateway sends ---- */

static eg_mac_frame next_frame(void)
{
    size_t len;
    const uint8_t *p = fake_next_radio(&fake, &len);
    eg_mac_frame f;
    assert_non_null(p);
    assert_int_equal(eg_mac_decode(p, len, &f), EG_MAC_OK);
    return f;
}

static void expect_ack(uint8_t seq, bool pending)
{
    eg_mac_frame f = next_frame();
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_ACK);
    assert_int_equal(f.hdr.seq, seq);
    assert_int_equal(f.hdr.frame_pending, pending);
}

static uint16_t expect_association_response(uint64_t ext, uint8_t status)
{
    eg_mac_frame f = next_frame();
    eg_mac_command cmd;
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_COMMAND);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.id, EG_MAC_CMD_ASSOCIATION_RESPONSE);
    assert_int_equal(f.hdr.dst.ext_addr, ext);
    assert_int_equal(f.hdr.src.ext_addr, GW_EXT);
    assert_int_equal(f.hdr.dst.pan_id, PAN);
    assert_int_equal(cmd.assoc_status, status);
    return cmd.assoc_short_addr;
}

static void expect_key_frame(uint16_t dst)
{
    eg_mac_frame f = next_frame();
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_DATA);
    assert_int_equal(f.hdr.dst.mode, EG_MAC_ADDR_SHORT);
    assert_int_equal(f.hdr.dst.short_addr, dst);
    assert_int_equal(f.hdr.src.short_addr, 0x0000);
    assert_int_equal(f.hdr.dst.pan_id, PAN);
    assert_true(f.hdr.ack_request);
    assert_int_equal(f.payload_len, sizeof(nwk_frame));
    assert_memory_equal(f.payload, nwk_frame, sizeof(nwk_frame));
}

static void expect_eg_request(uint64_t ext, uint16_t s, uint8_t cap, enrolgate_v1_EgRequest *req)
{
    enrolgate_v1_UartMessageType type;
    assert_true(fake_next_uart(&fake, &type, NULL, req, NULL));
    assert_int_equal(type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_REQUEST);
    assert_int_equal(req->request_id.size, 16);
    assert_int_equal(req->gateway_ieee, GW_EXT);
    assert_int_equal(req->gateway_short, 0);
    assert_int_equal(req->pan_id, PAN);
    assert_int_equal(req->device_ieee, ext);
    assert_int_equal(req->device_short, s);
    assert_int_equal(req->capability_information, cap);
    assert_false(req->has_parent_short);
}

static void expect_no_uart_message(void)
{
    enrolgate_v1_UartMessageType type;
    assert_false(fake_next_uart(&fake, &type, NULL, NULL, NULL));
}

/* Skips the HELLO sent at start. */
static void skip_hello(void)
{
    enrolgate_v1_UartMessageType type;
    assert_true(fake_next_uart(&fake, &type, NULL, NULL, NULL));
    assert_int_equal(type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO);
}

/* A receiver-on device all the way to its key; returns its short address. */
static uint16_t join_rx_on(uint64_t ext, enrolgate_v1_EgRequest *req)
{
    uint16_t s;
    associate(ext, CAP_RX_ON, 0x31);
    expect_ack(0x31, false);
    s = expect_association_response(ext, EG_MAC_ASSOC_SUCCESS);
    expect_eg_request(ext, s, CAP_RX_ON, req);
    return s;
}

/* ---- tests ---- */

static void init_refuses_bad_configuration(void **state)
{
    eg_gw_config c = config;
    eg_platform p = platform;
    (void)state;
    c.channel = 10;
    assert_false(eg_gw_init(&gw, &c, &platform));
    c.channel = 27;
    assert_false(eg_gw_init(&gw, &c, &platform));
    c = config;
    c.pan_id = 0xFFFF;
    assert_false(eg_gw_init(&gw, &c, &platform));
    c = config;
    c.ext_addr = 0;
    assert_false(eg_gw_init(&gw, &c, &platform));
    c.ext_addr = UINT64_MAX;
    assert_false(eg_gw_init(&gw, &c, &platform));
    p.random_bytes = NULL;
    assert_false(eg_gw_init(&gw, &config, &p));
    assert_false(eg_gw_init(&gw, NULL, &platform));
}

static void hello_at_boot(void **state)
{
    enrolgate_v1_UartMessageType type;
    enrolgate_v1_GatewayHello hello;
    (void)state;
    assert_true(fake_next_uart(&fake, &type, &hello, NULL, NULL));
    assert_int_equal(type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO);
    assert_int_equal(hello.gateway_ieee, GW_EXT);
    assert_int_equal(hello.pan_id, PAN);
    assert_int_equal(hello.channel, 15);
    assert_int_equal(hello.extended_pan_id, EPID);
    assert_int_equal(hello.protocol_version, EG_UART_PROTOCOL_VERSION);
    assert_string_equal(hello.firmware_version, EG_FIRMWARE_VERSION);
    assert_true(fake.local_logs > 0);
}

static void hello_again_when_the_host_asks(void **state)
{
    const uint8_t ask[] = {0x01};
    uint8_t wire[16];
    enrolgate_v1_UartMessageType type;
    size_t n = eg_hdlc_encode(ask, 1, wire, sizeof(wire));
    (void)state;
    skip_hello();
    eg_gw_uart_input(&gw, wire, n);
    assert_true(fake_next_uart(&fake, &type, NULL, NULL, NULL));
    assert_int_equal(type, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO);
}

static void beacon_only_while_joining_is_permitted(void **state)
{
    eg_mac_frame f;
    eg_mac_beacon b;
    eg_zb_beacon_payload zb;
    (void)state;

    beacon_request();
    f = next_frame();
    assert_int_equal(f.hdr.frame_type, EG_MAC_FRAME_BEACON);
    assert_int_equal(f.hdr.src.pan_id, PAN);
    assert_int_equal(f.hdr.src.short_addr, 0x0000);
    assert_int_equal(eg_mac_parse_beacon(&f, &b), EG_MAC_OK);
    assert_true(b.superframe.association_permit);
    assert_true(b.superframe.pan_coordinator);
    assert_int_equal(eg_zb_beacon_payload_decode(b.beacon_payload, b.beacon_payload_len, &zb),
                     EG_MAC_OK);
    assert_int_equal(zb.extended_pan_id, EPID);
    assert_int_equal(zb.stack_profile, 2);
    assert_true(zb.end_device_capacity);

    eg_gw_permit_join(&gw, 0);
    beacon_request();
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_int_equal(gw.counters.beacon_requests_closed, 1);
    assert_int_equal(gw.counters.beacons_sent, 1);
}

static void rx_on_device_gets_key_directly(void **state)
{
    enrolgate_v1_EgRequest req;
    uint16_t s;
    const eg_gw_device *dev;
    (void)state;

    skip_hello();
    s = join_rx_on(DEV_EXT, &req);
    assert_true(s >= 0x0001 && s <= 0xFFF7);
    dev = eg_gw_find_device(&gw, DEV_EXT);
    assert_non_null(dev);
    assert_int_equal(dev->state, EG_GW_DEV_AWAITING_KEY);
    assert_int_equal(fake_radio_unread(&fake), 0);

    respond_with_frame(&req);
    expect_key_frame(s);
    assert_int_equal(dev->state, EG_GW_DEV_KEY_SENT);
    assert_int_equal(gw.counters.associations, 1);
    assert_int_equal(gw.counters.eg_requests, 1);
    assert_int_equal(gw.counters.eg_responses, 1);
    assert_int_equal(gw.counters.key_frames_sent, 1);

    /* The same response again (a retry of the host): the request is no longer pending. */
    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_int_equal(gw.counters.eg_unknown_responses, 1);
}

static void sleepy_device_gets_everything_on_poll(void **state)
{
    enrolgate_v1_EgRequest req;
    const eg_gw_device *dev;
    uint16_t s;
    int pending_calls;
    (void)state;

    skip_hello();
    associate(DEV_EXT, CAP_SLEEPY, 0x10);
    expect_ack(0x10, false);
    assert_int_equal(fake_radio_unread(&fake), 0); /* the response waits for a poll */
    expect_no_uart_message();                      /* and so does the EG Request */
    assert_true(fake.last_pending);
    dev = eg_gw_find_device(&gw, DEV_EXT);
    assert_int_equal(dev->state, EG_GW_DEV_ASSOCIATING);

    /* A poll from the short address it does not know yet is somebody else's. */
    poll_short(dev->short_addr, 0x11);
    expect_ack(0x11, false);
    assert_int_equal(fake_radio_unread(&fake), 0);

    poll_ext(DEV_EXT, 0x12);
    expect_ack(0x12, true);
    s = expect_association_response(DEV_EXT, EG_MAC_ASSOC_SUCCESS);
    assert_false(fake.last_pending);
    expect_eg_request(DEV_EXT, s, CAP_SLEEPY, &req);

    /* Nothing yet: the ack says so. */
    poll_short(s, 0x13);
    expect_ack(0x13, false);
    assert_int_equal(fake_radio_unread(&fake), 0);

    pending_calls = fake.pending_calls;
    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_int_equal(dev->state, EG_GW_DEV_KEY_QUEUED);
    assert_true(fake.pending_calls > pending_calls && fake.last_pending);

    poll_short(s, 0x14);
    expect_ack(0x14, true);
    expect_key_frame(s);
    assert_int_equal(dev->state, EG_GW_DEV_KEY_SENT);
    assert_false(fake.last_pending);

    poll_short(s, 0x15);
    expect_ack(0x15, false);
    assert_int_equal(fake_radio_unread(&fake), 0);
}

static void short_addresses_are_unique_and_valid(void **state)
{
    /* Forced draws: 0x0000 (coordinator), 0xFFF8 (reserved), then 0x1234 twice. */
    const uint8_t draws[] = {0x00, 0x00, 0xF8, 0xFF, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56};
    enrolgate_v1_EgRequest req;
    uint16_t a, b;
    (void)state;

    skip_hello();
    fake_force_random(&fake, draws, sizeof(draws));
    a = join_rx_on(DEV_EXT, &req);
    assert_int_equal(a, 0x1234);
    /* the request id consumed the rest of the forced bytes and more */
    fake_force_random(&fake, draws + 4, 6);
    b = join_rx_on(DEV_EXT + 1, &req);
    assert_int_equal(b, 0x5678);
}

static void many_devices_get_distinct_addresses(void **state)
{
    enrolgate_v1_EgRequest req;
    uint16_t seen[EG_GW_MAX_DEVICES];
    size_t i, j;
    (void)state;

    skip_hello();
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        seen[i] = join_rx_on(DEV_EXT + i, &req);
        for (j = 0; j < i; j++) {
            assert_int_not_equal(seen[i], seen[j]);
        }
    }
    /* The table is full of devices waiting for keys: the next one is told the PAN is full. */
    associate(DEV_EXT + 100, CAP_RX_ON, 0x31);
    expect_ack(0x31, false);
    assert_int_equal(expect_association_response(DEV_EXT + 100, EG_MAC_ASSOC_PAN_AT_CAPACITY),
                     EG_MAC_SHORT_USE_EXTENDED);
    assert_int_equal(gw.counters.associations_denied, 1);

    /* Once one of them is stale (deadline passed), its entry can be reused. */
    fake.now += EG_GW_DEFAULT_EG_DEADLINE_MS;
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.eg_timeouts, EG_GW_MAX_DEVICES);
    join_rx_on(DEV_EXT + 100, &req);
}

static void delivered_devices_make_room_for_new_ones(void **state)
{
    enrolgate_v1_EgRequest req;
    size_t i;
    (void)state;

    skip_hello();
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        uint16_t s = join_rx_on(DEV_EXT + i, &req);
        respond_with_frame(&req);
        expect_key_frame(s);
        fake.now += 10; /* so that DEV_EXT is the longest idle */
    }
    /* The table is full of devices that have their key: the oldest one makes room. */
    join_rx_on(DEV_EXT + 100, &req);
    assert_null(eg_gw_find_device(&gw, DEV_EXT));
    assert_non_null(eg_gw_find_device(&gw, DEV_EXT + 1));
    assert_int_equal(gw.counters.associations_denied, 0);
}

static void reassociation_keeps_the_address_with_a_fresh_request_id(void **state)
{
    enrolgate_v1_EgRequest first, second;
    uint16_t a, b;
    (void)state;

    skip_hello();
    a = join_rx_on(DEV_EXT, &first);
    fake.now += 100;
    b = join_rx_on(DEV_EXT, &second);
    assert_int_equal(a, b);
    assert_memory_not_equal(first.request_id.bytes, second.request_id.bytes, 16);
    /* The first request is forgotten: its answer would be stale. */
    respond_with_frame(&first);
    assert_int_equal(fake_radio_unread(&fake), 0);
    respond_with_frame(&second);
    expect_key_frame(b);
}

static void rejection_drops_the_association(void **state)
{
    enrolgate_v1_EgRequest req;
    (void)state;

    skip_hello();
    join_rx_on(DEV_EXT, &req);
    respond_with_rejection(&req);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_null(eg_gw_find_device(&gw, DEV_EXT));
    assert_int_equal(gw.counters.eg_rejections, 1);
}

static void deadline_expires_and_late_response_is_ignored(void **state)
{
    enrolgate_v1_EgRequest req, again;
    const eg_gw_device *dev;
    uint16_t s;
    (void)state;

    skip_hello();
    s = join_rx_on(DEV_EXT, &req);
    fake.now += EG_GW_DEFAULT_EG_DEADLINE_MS - 1;
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.eg_timeouts, 0);
    fake.now += 1;
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.eg_timeouts, 1);
    dev = eg_gw_find_device(&gw, DEV_EXT);
    assert_int_equal(dev->state, EG_GW_DEV_STALE);

    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_int_equal(gw.counters.eg_unknown_responses, 1);

    /* The device tries again and keeps its address. */
    assert_int_equal(join_rx_on(DEV_EXT, &again), s);
}

static void response_for_another_device_is_ignored(void **state)
{
    enrolgate_v1_EgRequest req;
    (void)state;

    skip_hello();
    join_rx_on(DEV_EXT, &req);
    req.device_ieee = DEV_EXT + 1; /* the echo disagrees with our table */
    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_int_equal(gw.counters.eg_unknown_responses, 1);
    req.device_ieee = 0; /* an echo is optional */
    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 1);
}

static void response_without_result_keeps_waiting(void **state)
{
    enrolgate_v1_EgRequest req;
    enrolgate_v1_EgResponse resp = enrolgate_v1_EgResponse_init_zero;
    (void)state;

    skip_hello();
    join_rx_on(DEV_EXT, &req);
    resp.request_id.size = 16;
    memcpy(resp.request_id.bytes, req.request_id.bytes, 16);
    uart_in_response(&resp);
    assert_int_equal(gw.counters.uart_decode_errors, 1);
    assert_int_equal(eg_gw_find_device(&gw, DEV_EXT)->state, EG_GW_DEV_AWAITING_KEY);
    respond_with_frame(&req);
    assert_int_equal(fake_radio_unread(&fake), 1);
}

static void sleepy_device_that_never_polls_expires(void **state)
{
    (void)state;
    associate(DEV_EXT, CAP_SLEEPY, 0x10);
    expect_ack(0x10, false);
    fake.now += EG_GW_DEFAULT_TRANSACTION_PERSISTENCE_MS;
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.indirect_expired, 1);
    assert_int_equal(eg_gw_find_device(&gw, DEV_EXT)->state, EG_GW_DEV_STALE);
    assert_false(fake.last_pending);
    poll_ext(DEV_EXT, 0x11);
    expect_ack(0x11, false);
    assert_int_equal(fake_radio_unread(&fake), 0);
}

static void joining_window_closes_and_association_is_denied(void **state)
{
    (void)state;
    eg_gw_permit_join(&gw, 2);
    fake.now += 1999;
    eg_gw_tick(&gw);
    assert_true(eg_gw_joining_permitted(&gw));
    fake.now += 1;
    eg_gw_tick(&gw);
    assert_false(eg_gw_joining_permitted(&gw));
    associate(DEV_EXT, CAP_RX_ON, 0x20);
    expect_ack(0x20, false);
    expect_association_response(DEV_EXT, EG_MAC_ASSOC_PAN_ACCESS_DENIED);
    assert_null(eg_gw_find_device(&gw, DEV_EXT));
}

static void deadlines_survive_clock_wrap(void **state)
{
    enrolgate_v1_EgRequest req;
    (void)state;
    skip_hello();
    fake.now = UINT32_MAX - 500u;
    join_rx_on(DEV_EXT, &req);
    fake.now += 1000u; /* wrapped: 499 */
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.eg_timeouts, 0);
    fake.now += 700u;
    eg_gw_tick(&gw);
    assert_int_equal(gw.counters.eg_timeouts, 1);
}

static void no_randomness_no_association(void **state)
{
    (void)state;
    fake.random_fails = true;
    associate(DEV_EXT, CAP_RX_ON, 0x20);
    expect_ack(0x20, false);
    expect_association_response(DEV_EXT, EG_MAC_ASSOC_PAN_ACCESS_DENIED);
    assert_true(gw.counters.random_failures > 0);
    assert_null(eg_gw_find_device(&gw, DEV_EXT));
}

static void bad_radio_input_is_counted_and_ignored(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU + 10];
    eg_mac_address c = coordinator(), other;
    size_t n;
    int len;
    (void)state;

    skip_hello();
    memset(b, 0xA5, sizeof(b));
    eg_gw_radio_input(&gw, b, 0);
    eg_gw_radio_input(&gw, b, 3);
    eg_gw_radio_input(&gw, b, 40);              /* garbage, bad FCS */
    eg_gw_radio_input(&gw, b, sizeof(b));       /* longer than a PSDU */
    len = eg_mac_encode_beacon_request(1, b, sizeof(b));
    b[3] ^= 1;
    eg_gw_radio_input(&gw, b, (size_t)len);     /* flipped bit */
    eg_gw_radio_input(&gw, b, (size_t)len - 1); /* truncated */
    assert_int_equal(gw.counters.radio_malformed, 6);

    /* an association request to another PAN, and one to another coordinator */
    other = c;
    other.pan_id = 0x1111;
    len = eg_mac_encode_association_request(1, &other, DEV_EXT, CAP_RX_ON, b, sizeof(b));
    radio_in(b, len);
    other = c;
    other.short_addr = 0x0001;
    len = eg_mac_encode_association_request(2, &other, DEV_EXT, CAP_RX_ON, b, sizeof(b));
    radio_in(b, len);
    /* an association request with the broadcast destination PAN: it passes MAC filtering
     * (§7.5.6.2), so it is acknowledged, but it does not ask to join our PAN */
    other = c;
    other.pan_id = 0xFFFF;
    len = eg_mac_encode_association_request(3, &other, DEV_EXT, CAP_RX_ON, b, sizeof(b));
    radio_in(b, len);
    expect_ack(3, false);
    assert_int_equal(gw.counters.radio_other_pan, 3);
    /* a well-formed command addressed to us but malformed as a command */
    n = hex_to_bytes("23C8 01 621A 0000 FFFF 0D0C0B0A006F0D00 01", b, sizeof(b));
    len = eg_mac_append_fcs(b, n, sizeof(b));
    radio_in(b, len);
    assert_int_equal(gw.counters.radio_malformed, 7);
    /* data and acks from others */
    len = eg_mac_encode_ack(9, false, b, sizeof(b));
    radio_in(b, len);
    assert_int_equal(fake_radio_unread(&fake), 0);
    assert_null(eg_gw_find_device(&gw, DEV_EXT));
    expect_no_uart_message();
}

static void bad_uart_input_is_counted_and_ignored(void **state)
{
    enrolgate_v1_EgRequest req;
    uint8_t wire[EG_UART_TX_FRAME_MAX], p[64];
    size_t n, len;
    (void)state;

    skip_hello();
    join_rx_on(DEV_EXT, &req);
    eg_gw_uart_input(&gw, (const uint8_t *)"\x7eline noise\x7e", 13); /* bad FCS */
    p[0] = 0x09; /* unknown type */
    n = eg_hdlc_encode(p, 1, wire, sizeof(wire));
    eg_gw_uart_input(&gw, wire, n);
    len = hex_to_bytes("03 0A20 0001", p, sizeof(p)); /* undecodable EG Response */
    n = eg_hdlc_encode(p, len, wire, sizeof(wire));
    eg_gw_uart_input(&gw, wire, n);
    p[0] = 0x02; /* a type only the gateway sends */
    n = eg_hdlc_encode(p, 1, wire, sizeof(wire));
    eg_gw_uart_input(&gw, wire, n);
    p[0] = 0x06; /* RELAY_DOWN: reserved, not handled yet */
    n = eg_hdlc_encode(p, 1, wire, sizeof(wire));
    eg_gw_uart_input(&gw, wire, n);
    assert_int_equal(gw.uart_rx.counters.fcs_errors, 1);
    assert_int_equal(gw.counters.uart_unknown_type, 1);
    assert_int_equal(gw.counters.uart_decode_errors, 2);
    assert_int_equal(gw.counters.uart_unsupported, 1);
    assert_int_equal(fake_radio_unread(&fake), 0);

    /* Still in sync: the real response arrives one byte at a time and is delivered. */
    {
        enrolgate_v1_EgResponse resp = enrolgate_v1_EgResponse_init_zero;
        size_t i;
        resp.request_id.size = 16;
        memcpy(resp.request_id.bytes, req.request_id.bytes, 16);
        resp.which_result = enrolgate_v1_EgResponse_nwk_frame_tag;
        resp.result.nwk_frame.size = sizeof(nwk_frame);
        memcpy(resp.result.nwk_frame.bytes, nwk_frame, sizeof(nwk_frame));
        n = eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE,
                           enrolgate_v1_EgResponse_fields, &resp, wire, sizeof(wire));
        for (i = 0; i < n; i++) {
            eg_gw_uart_input(&gw, wire + i, 1);
        }
    }
    expect_key_frame(eg_gw_find_device(&gw, DEV_EXT)->short_addr);
}

static void random_input_never_crashes(void **state)
{
    uint8_t b[EG_MAC_MAX_PSDU];
    uint32_t seed = 4242;
    size_t n, i;
    int round;
    (void)state;

    for (round = 0; round < 50000; round++) {
        n = test_rand(&seed) % sizeof(b);
        for (i = 0; i < n; i++) {
            b[i] = (uint8_t)test_rand(&seed);
        }
        if (round & 1) {
            /* a valid FCS half of the time, so that the MAC parsers see the garbage */
            n = n < 3 ? 3 : n;
            n = (size_t)eg_mac_append_fcs(b, n > EG_MAC_MAX_PSDU - 2 ? EG_MAC_MAX_PSDU - 2 : n,
                                          sizeof(b));
            eg_gw_radio_input(&gw, b, n);
        } else {
            eg_gw_uart_input(&gw, b, n);
        }
        fake.radio_count = fake.radio_read = 0;
        fake.uart_len = fake.uart_read = 0;
        fake.now += 7;
        eg_gw_tick(&gw);
    }
    assert_int_equal(gw.counters.radio_rx, 25000);
}

static void acks_left_to_the_radio_when_it_does_them(void **state)
{
    (void)state;
    config.send_acks = false;
    assert_true(eg_gw_init(&gw, &config, &platform));
    eg_gw_start(&gw);
    associate(DEV_EXT, CAP_RX_ON, 0x31);
    expect_association_response(DEV_EXT, EG_MAC_ASSOC_SUCCESS);
    assert_int_equal(fake_radio_unread(&fake), 0);
}

static void transmit_failures_are_counted(void **state)
{
    (void)state;
    fake.radio_fails = true;
    fake.uart_fails = true;
    associate(DEV_EXT, CAP_RX_ON, 0x31);
    assert_int_equal(gw.counters.radio_tx_errors, 2); /* ack and association response */
    assert_true(gw.counters.uart_tx_errors >= 1);     /* the EG Request (and log lines) */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, setup)
    const struct CMUnitTest tests[] = {
        T(init_refuses_bad_configuration),
        T(hello_at_boot),
        T(hello_again_when_the_host_asks),
        T(beacon_only_while_joining_is_permitted),
        T(rx_on_device_gets_key_directly),
        T(sleepy_device_gets_everything_on_poll),
        T(short_addresses_are_unique_and_valid),
        T(many_devices_get_distinct_addresses),
        T(delivered_devices_make_room_for_new_ones),
        T(reassociation_keeps_the_address_with_a_fresh_request_id),
        T(rejection_drops_the_association),
        T(deadline_expires_and_late_response_is_ignored),
        T(response_for_another_device_is_ignored),
        T(response_without_result_keeps_waiting),
        T(sleepy_device_that_never_polls_expires),
        T(joining_window_closes_and_association_is_denied),
        T(deadlines_survive_clock_wrap),
        T(no_randomness_no_association),
        T(bad_radio_input_is_counted_and_ignored),
        T(bad_uart_input_is_counted_and_ignored),
        T(random_input_never_crashes),
        T(acks_left_to_the_radio_when_it_does_them),
        T(transmit_failures_are_counted),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
