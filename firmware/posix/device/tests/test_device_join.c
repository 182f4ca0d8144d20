/*
 * The whole device (device_run, in a child process) against a scripted coordinator on a real ZEP
 * medium: the coordinator uses the core's MAC codec and the shared vector's Transport Key, and mixes
 * noise into the air (bad ZEP, bad FCS, truncated frames, a foreign PAN, a forged key) that the
 * device must count and survive.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "device_tests.h"
#include "eg_mac.h"
#include "eg_zb_beacon.h"
#include "zb_nwk_aps.h"

/* transport_key_frames[0] "install-code enrolment example" */
#define PAN 0x1A62u
#define DEVICE_SHORT 0x4F2Cu
#define DEVICE_IEEE 0x000D6F000A0B0C0DULL
#define TC_IEEE 0x00124B0001020304ULL
#define INSTALL_CODE "83FED3407A939723A5C639B26916D505C3B5"
#define NETWORK_KEY "2B7E151628AED2A6ABF7158809CF4F3C"
#define NWK_FRAME \
    "08002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15"
#define CHANNEL 15u

typedef struct script {
    bool sleepy;           /* hold the association response and the key until polled */
    uint8_t assoc_status;  /* what to answer */
    bool annce_seen;       /* out: a Device_annce that opened under the network key */
    bool annce_content_ok; /* out: it names the device's IEEE and short address */
} script;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    inet_pton(AF_INET, "127.255.255.255", &sa.sin_addr);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static void send_raw_datagram(uint16_t port, const char *text)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, "127.255.255.255", &to.sin_addr);
    sendto(fd, text, strlen(text), 0, (struct sockaddr *)&to, sizeof to);
    close(fd);
}

static void tx(zep_medium *m, const uint8_t *psdu, int len)
{
    assert_true(len > 0);
    assert_int_equal(zep_medium_send(m, psdu, (size_t)len), 0);
}

static int beacon(uint16_t pan, bool permit, uint8_t seq, uint8_t *psdu)
{
    eg_zb_beacon_payload zb;
    uint8_t payload[EG_ZB_BEACON_PAYLOAD_LEN];
    eg_zb_beacon_payload_init(&zb, 0xDDDDDDDDDDDDDDDDULL);
    assert_int_equal(eg_zb_beacon_payload_encode(&zb, payload, sizeof payload), EG_ZB_BEACON_PAYLOAD_LEN);
    eg_mac_superframe_spec sf = {.beacon_order = 15, .superframe_order = 15, .final_cap_slot = 15,
                                 .pan_coordinator = true, .association_permit = permit};
    return eg_mac_encode_beacon(seq, pan, 0x0000, &sf, payload, sizeof payload, psdu, EG_MAC_MAX_PSDU);
}

/* Noise after a beacon request: none of it may stop the device. */
static void send_noise(zep_medium *m, uint16_t port, uint8_t seq)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    send_raw_datagram(port, "not a ZEP packet");
    int len = beacon(PAN, true, seq, psdu);
    psdu[len - 1] ^= 0x55; /* wrong FCS */
    tx(m, psdu, len);
    tx(m, psdu, beacon(0x2222, false, seq, psdu)); /* a PAN closed to joining */
    psdu[0] = 0x03;
    tx(m, psdu, eg_mac_append_fcs(psdu, 1, sizeof psdu)); /* truncated MHR with a valid FCS */
}

static void send_key_frames(zep_medium *m, uint8_t *seq)
{
    uint8_t nwk[128], psdu[EG_MAC_MAX_PSDU];
    size_t nwk_len = test_hex(NWK_FRAME, nwk, sizeof nwk);
    eg_mac_address coord = {.mode = EG_MAC_ADDR_SHORT, .pan_id = PAN, .short_addr = 0x0000};
    eg_mac_address dev = {.mode = EG_MAC_ADDR_SHORT, .pan_id = PAN, .short_addr = DEVICE_SHORT};
    eg_mac_address foreign = {.mode = EG_MAC_ADDR_SHORT, .pan_id = 0x3333, .short_addr = DEVICE_SHORT};
    /* Same frame for another PAN, then a tampered one, then the real one. */
    tx(m, psdu, eg_mac_encode_data((*seq)++, &foreign, &coord, true, false, nwk, nwk_len, psdu, sizeof psdu));
    nwk[40] ^= 0x01;
    tx(m, psdu, eg_mac_encode_data((*seq)++, &dev, &coord, true, false, nwk, nwk_len, psdu, sizeof psdu));
    nwk[40] ^= 0x01;
    tx(m, psdu, eg_mac_encode_data((*seq)++, &dev, &coord, true, false, nwk, nwk_len, psdu, sizeof psdu));
}

static void check_annce(script *s, const eg_mac_frame *f)
{
    uint8_t key[16], payload[64];
    size_t len = 0;
    zb_aux_header aux;
    test_hex(NETWORK_KEY, key, sizeof key);
    if (zb_nwk_unsecure(f->payload, f->payload_len, key, payload, sizeof payload, &len, &aux) != ZB_FRAME_OK) {
        return;
    }
    s->annce_seen = true;
    /* APS: cluster 0x0013 at 2..3; ZDO: NWK address at 9..10, IEEE at 11..18 */
    uint64_t ieee = 0;
    for (int i = 7; i >= 0; i--) {
        ieee = (ieee << 8) | payload[11 + i];
    }
    s->annce_content_ok = len == 20 && payload[2] == 0x13 && payload[3] == 0x00 &&
                          (payload[9] | (payload[10] << 8)) == DEVICE_SHORT && ieee == DEVICE_IEEE &&
                          aux.source_ieee == DEVICE_IEEE;
}

/* True once the device has written its result: the coordinator has nothing left to do. */
static bool device_finished(int result_fd)
{
    struct pollfd pfd = {.fd = result_fd, .events = POLLIN};
    return poll(&pfd, 1, 0) > 0;
}

/* Plays the coordinator until the Device_annce arrives, the device gives up, or deadline_ms passes. */
static void run_coordinator(zep_medium *m, uint16_t port, script *s, int deadline_ms, int result_fd)
{
    uint8_t seq = 0x80, rx[ZEP_MAX_PSDU], psdu[EG_MAC_MAX_PSDU];
    bool assoc_pending = false, key_pending = false;
    int64_t deadline = now_ms() + deadline_ms;
    while (!s->annce_seen && now_ms() < deadline) {
        bool finished = device_finished(result_fd); /* checked first: its last frames are queued by now */
        int n = zep_medium_receive(m, rx, sizeof rx, 50, NULL);
        if (n == 0 && finished) {
            break;
        }
        eg_mac_frame f;
        eg_mac_command cmd;
        if (n <= 0 || eg_mac_decode(rx, (size_t)n, &f) != EG_MAC_OK) {
            continue;
        }
        bool is_cmd = f.hdr.frame_type == EG_MAC_FRAME_COMMAND && eg_mac_parse_command(&f, &cmd) == EG_MAC_OK;
        if (is_cmd && cmd.id == EG_MAC_CMD_BEACON_REQUEST) {
            send_noise(m, port, seq);
            tx(m, psdu, beacon(PAN, true, seq++, psdu));
        } else if (is_cmd && cmd.id == EG_MAC_CMD_ASSOCIATION_REQUEST) {
            assert_true(f.hdr.src.ext_addr == DEVICE_IEEE);
            assert_int_equal((cmd.capability_information & EG_MAC_CAP_RX_ON_WHEN_IDLE) != 0, !s->sleepy);
            assoc_pending = true;
        } else if (is_cmd && cmd.id == EG_MAC_CMD_DATA_REQUEST) {
            tx(m, psdu, eg_mac_encode_ack(f.hdr.seq, assoc_pending || key_pending, psdu, sizeof psdu));
        } else if (f.hdr.frame_type == EG_MAC_FRAME_DATA && f.hdr.dst.short_addr == EG_MAC_BROADCAST_SHORT) {
            check_annce(s, &f);
            continue;
        } else {
            continue;
        }
        /* Direct transmission to an rx-on device; indirect (after its poll) to a sleepy one. */
        bool may_send = !s->sleepy || (is_cmd && cmd.id == EG_MAC_CMD_DATA_REQUEST);
        if (assoc_pending && may_send) {
            tx(m, psdu, eg_mac_encode_association_response(seq++, PAN, DEVICE_IEEE, TC_IEEE, DEVICE_SHORT,
                                                           s->assoc_status, psdu, sizeof psdu));
            assoc_pending = false;
            key_pending = s->assoc_status == EG_MAC_ASSOC_SUCCESS;
            if (!s->sleepy && key_pending) {
                send_key_frames(m, &seq);
                key_pending = false;
            }
        } else if (key_pending && may_send) {
            send_key_frames(m, &seq);
            key_pending = false;
        }
    }
}

/* Runs device_run in a child and the script in this process; returns the child's result. */
static void join(const char *install_code, bool sleepy, script *s, bool coordinator, device_result *out)
{
    uint16_t port = free_port();
    zep_medium m;
    zep_medium_config mc = {.port = port, .channel = CHANNEL, .device_id = 0};
    assert_int_equal(zep_medium_open(&m, &mc), 0);
    device_identity id = {.ieee = DEVICE_IEEE, .sleepy = sleepy};
    id.install_code_len = test_hex(install_code, id.install_code, sizeof id.install_code);
    device_params p = {.medium_port = port, .channels = {CHANNEL}, .channel_count = 1, .pan_filter = DEVICE_ANY_PAN};
    device_timing_defaults(&p.timing);
    p.timing.scan_duration = 2;
    p.timing.response_wait_ms = 50;
    p.timing.poll_interval_ms = 50;
    p.timing.key_timeout_ms = 700;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        zep_medium_close(&m);
        device_result r;
        device_run(&id, &p, &r);
        _exit(write(fds[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
    }
    if (coordinator) {
        run_coordinator(&m, port, s, 4000, fds[0]);
    }
    assert_int_equal(read(fds[0], out, sizeof *out), (ssize_t)sizeof *out);
    int status;
    waitpid(pid, &status, 0);
    close(fds[0]);
    close(fds[1]);
    zep_medium_close(&m);
}

static void check_noise_was_counted(const device_result *r)
{
    assert_true(r->counters.medium.malformed >= 1);
    assert_true(r->counters.bad_fcs >= 1);
    assert_true(r->counters.beacons_refused >= 1);
    assert_true(r->counters.malformed >= 1);
}

static void check_installed(const device_result *r)
{
    uint8_t key[16];
    test_hex(NETWORK_KEY, key, sizeof key);
    assert_int_equal(r->outcome, DEVICE_KEY_INSTALLED);
    assert_memory_equal(r->network_key, key, 16);
    assert_string_equal(r->key_fingerprint, "d4ffb8b7");
    assert_int_equal(r->pan_id, PAN);
    assert_int_equal(r->short_addr, DEVICE_SHORT);
    assert_int_equal(r->channel, CHANNEL);
    assert_true(r->trust_center_ieee == TC_IEEE);
    assert_int_equal(r->counters.mic_failures, 1);
    assert_true(r->counters.other_pan >= 1);
    assert_true(r->key_ms >= 0);
    check_noise_was_counted(r);
}

static void rx_on_device_joins_and_announces(void **state)
{
    (void)state;
    script s = {.sleepy = false, .assoc_status = EG_MAC_ASSOC_SUCCESS};
    device_result r;
    join(INSTALL_CODE, false, &s, true, &r);
    check_installed(&r);
    assert_true(r.counters.acks_sent >= 2); /* association response and Transport Key asked for acks */
    assert_true(s.annce_seen);
    assert_true(s.annce_content_ok);
}

static void sleepy_device_polls_for_response_and_key(void **state)
{
    (void)state;
    script s = {.sleepy = true, .assoc_status = EG_MAC_ASSOC_SUCCESS};
    device_result r;
    join(INSTALL_CODE, true, &s, true, &r);
    check_installed(&r);
    assert_true(r.counters.polls_sent >= 2);
    assert_true(s.annce_seen);
    assert_true(s.annce_content_ok);
}

/* install_code_to_link_key[1]: a device whose install code is not the one the key was sealed for. */
static void device_with_another_install_code_refuses_the_key(void **state)
{
    (void)state;
    script s = {.sleepy = false, .assoc_status = EG_MAC_ASSOC_SUCCESS};
    device_result r;
    join("83FED3407A932B70", false, &s, true, &r);
    assert_int_equal(r.outcome, DEVICE_KEY_TIMEOUT);
    assert_int_equal(r.counters.mic_failures, 2);
    assert_int_equal(r.counters.keys_refused, 2);
    assert_false(s.annce_seen);
    assert_non_null(strstr(r.detail, "MIC failure"));
}

static void denied_association_is_reported(void **state)
{
    (void)state;
    script s = {.sleepy = false, .assoc_status = EG_MAC_ASSOC_PAN_AT_CAPACITY};
    device_result r;
    join(INSTALL_CODE, false, &s, true, &r);
    assert_int_equal(r.outcome, DEVICE_ASSOCIATION_DENIED);
    assert_int_equal(r.association_status, EG_MAC_ASSOC_PAN_AT_CAPACITY);
    assert_false(r.associated);
}

static void silence_means_no_network(void **state)
{
    (void)state;
    device_result r;
    join(INSTALL_CODE, false, NULL, false, &r);
    assert_int_equal(r.outcome, DEVICE_NO_NETWORK);
}

int run_device_join_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rx_on_device_joins_and_announces),
        cmocka_unit_test(sleepy_device_polls_for_response_and_key),
        cmocka_unit_test(device_with_another_install_code_refuses_the_key),
        cmocka_unit_test(denied_association_is_reported),
        cmocka_unit_test(silence_means_no_network),
    };
    return cmocka_run_group_tests_name("device join", tests, NULL, NULL);
}
