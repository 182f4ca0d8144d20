/*
 * The medium on real sockets: delivery to every other node (also across processes), no echo to the
 * sender, and bad datagrams counted and skipped. Each test picks a free port, so runs in parallel
 * with other users of the machine do not hear each other.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "medium_tests.h"
#include "zep_medium.h"

#define CHILDREN 24

static const uint8_t frame[] = {0x03, 0x08, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00};

/* A port nobody is using right now: let the kernel pick an ephemeral one on the broadcast address. */
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

static void open_node(zep_medium *m, uint16_t port, uint8_t channel, uint16_t id)
{
    zep_medium_config c = {.port = port, .channel = channel, .device_id = id};
    assert_int_equal(zep_medium_open(m, &c), 0);
}

/* Sends raw bytes to the medium as a foreign, possibly broken, sender would. */
static void send_raw(uint16_t port, const void *data, size_t len)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, "127.255.255.255", &to.sin_addr);
    assert_int_equal(sendto(fd, data, len, 0, (struct sockaddr *)&to, sizeof to), (ssize_t)len);
    close(fd);
}

static void delivers_to_others_but_not_to_sender(void **state)
{
    (void)state;
    uint16_t port = free_port();
    zep_medium a, b, c;
    open_node(&a, port, 15, 1);
    open_node(&b, port, 15, 2);
    open_node(&c, port, 15, 3);
    assert_int_equal(zep_medium_send(&a, frame, sizeof frame), 0);

    uint8_t buf[ZEP_MAX_PSDU];
    zep_rx_info info;
    assert_int_equal(zep_medium_receive(&b, buf, sizeof buf, 2000, &info), (int)sizeof frame);
    assert_memory_equal(buf, frame, sizeof frame);
    assert_int_equal(info.zep.device_id, 1);
    assert_int_equal(info.zep.channel, 15);
    assert_int_equal(info.zep.mode, ZEP_MODE_CRC);
    assert_int_equal(zep_medium_receive(&c, buf, sizeof buf, 2000, NULL), (int)sizeof frame);
    /* The sender hears nothing: its echo is dropped and counted. */
    assert_int_equal(zep_medium_receive(&a, buf, sizeof buf, 100, NULL), 0);
    assert_int_equal(a.counters.own_echo, 1);
    assert_int_equal(a.counters.sent, 1);
    assert_int_equal(b.counters.received, 1);
    /* The ZEP sequence advances per sent packet. */
    assert_int_equal(zep_medium_send(&a, frame, sizeof frame), 0);
    assert_int_equal(zep_medium_receive(&b, buf, sizeof buf, 2000, &info), (int)sizeof frame);
    assert_int_equal(info.zep.sequence, 1);
    zep_medium_close(&a);
    zep_medium_close(&b);
    zep_medium_close(&c);
}

static void send_refuses_bad_psdu_lengths(void **state)
{
    (void)state;
    zep_medium a;
    open_node(&a, free_port(), 15, 1);
    uint8_t big[ZEP_MAX_PSDU + 1] = {0};
    assert_int_equal(zep_medium_send(&a, big, sizeof big), -1);
    assert_int_equal(zep_medium_send(&a, big, 1), -1);
    assert_int_equal(a.counters.sent, 0);
    zep_medium_close(&a);
}

static void counts_and_skips_bad_datagrams(void **state)
{
    (void)state;
    uint16_t port = free_port();
    zep_medium rx, tx, other;
    open_node(&rx, port, 15, 1);
    open_node(&tx, port, 15, 2);
    open_node(&other, port, 20, 3);

    uint8_t good[ZEP_MAX_PACKET];
    zep_data_header h = {.channel = 15, .mode = ZEP_MODE_CRC, .lqi = 255};
    size_t good_len = zep_encode_data(&h, frame, sizeof frame, good, sizeof good);
    uint8_t oversize[300];
    memset(oversize, 'E', sizeof oversize);
    static const uint8_t ack[8] = {'E', 'X', 2, 2, 0, 0, 0, 1};

    send_raw(port, "garbage", 7);
    send_raw(port, good, good_len - 1);  /* truncated */
    send_raw(port, oversize, sizeof oversize);
    send_raw(port, "", 0);                /* empty datagram */
    send_raw(port, ack, sizeof ack);
    assert_int_equal(zep_medium_send(&other, frame, sizeof frame), 0); /* channel 20 */
    assert_int_equal(zep_medium_send(&tx, frame, sizeof frame), 0);    /* the only good one */

    uint8_t buf[ZEP_MAX_PSDU];
    assert_int_equal(zep_medium_receive(&rx, buf, sizeof buf, 2000, NULL), (int)sizeof frame);
    assert_int_equal(rx.counters.malformed, 4);
    assert_int_equal(rx.counters.acks_ignored, 1);
    assert_int_equal(rx.counters.other_channel, 1);
    assert_int_equal(rx.counters.received, 1);
    /* Nothing else is pending. */
    assert_int_equal(zep_medium_receive(&rx, buf, sizeof buf, 0, NULL), 0);
    zep_medium_close(&rx);
    zep_medium_close(&tx);
    zep_medium_close(&other);
}

static void any_channel_listener_hears_all_channels(void **state)
{
    (void)state;
    uint16_t port = free_port();
    zep_medium cap, a;
    open_node(&cap, port, ZEP_MEDIUM_ANY_CHANNEL, 0);
    open_node(&a, port, 26, 1);
    assert_int_equal(zep_medium_send(&a, frame, sizeof frame), 0);
    uint8_t buf[ZEP_MAX_PSDU];
    zep_rx_info info;
    assert_int_equal(zep_medium_receive(&cap, buf, sizeof buf, 2000, &info), (int)sizeof frame);
    assert_int_equal(info.zep.channel, 26);
    zep_medium_close(&cap);
    zep_medium_close(&a);
}

/* The property the simulation rests on: one transmission reaches every other process. */
static void delivers_to_every_process(void **state)
{
    (void)state;
    uint16_t port = free_port();
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pids[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            zep_medium m;
            zep_medium_config c = {.port = port, .channel = 15, .device_id = (uint16_t)(100 + i)};
            if (zep_medium_open(&m, &c) != 0) {
                _exit(3);
            }
            if (write(ready[1], "r", 1) != 1) {
                _exit(4);
            }
            uint8_t buf[ZEP_MAX_PSDU];
            int n = zep_medium_receive(&m, buf, sizeof buf, 5000, NULL);
            int ok = n == (int)sizeof frame && memcmp(buf, frame, sizeof frame) == 0;
            _exit(ok ? 0 : 1);
        }
    }
    char r;
    for (int i = 0; i < CHILDREN; i++) {
        assert_int_equal(read(ready[0], &r, 1), 1);
    }
    zep_medium tx;
    open_node(&tx, port, 15, 1);
    assert_int_equal(zep_medium_send(&tx, frame, sizeof frame), 0);
    int delivered = 0;
    for (int i = 0; i < CHILDREN; i++) {
        int status = 0;
        waitpid(pids[i], &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            delivered++;
        }
    }
    zep_medium_close(&tx);
    close(ready[0]);
    close(ready[1]);
    assert_int_equal(delivered, CHILDREN);
}

int run_zep_medium_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delivers_to_others_but_not_to_sender),
        cmocka_unit_test(send_refuses_bad_psdu_lengths),
        cmocka_unit_test(counts_and_skips_bad_datagrams),
        cmocka_unit_test(any_channel_listener_hears_all_channels),
        cmocka_unit_test(delivers_to_every_process),
    };
    return cmocka_run_group_tests_name("zep medium", tests, NULL, NULL);
}
