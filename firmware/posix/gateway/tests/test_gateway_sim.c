/* eg-gateway-sim as a process: it prints its pty, says HELLO, shrugs off garbage on the medium
 * and on the UART (counting it), and still takes a device from beacon request to Transport Key
 * frame. Run as: test_gateway_sim <path of eg-gateway-sim>. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eg_gateway.h"
#include "eg_mac.h"
#include "eg_uart.h"
#include "sim_uart.h"
#include "zep.h"
#include "zep_medium.h"

#define CHANNEL 15u
#define PAN 0x1A62u
#define GW_IEEE 0x00124B0001020304ull
#define DEV_IEEE 0x000D6F000A0B0C0Dull
#define WAIT_MS 3000

static const char *sim_path;
static pid_t sim_pid;
static FILE *sim_stdout;
static int host_fd = -1;
static eg_hdlc_decoder host_rx;
static zep_medium node;
static uint16_t port;
static uint8_t seq = 1;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int start_sim(void **state)
{
    int out[2];
    char port_arg[16], line[512];
    (void)state;

    port = (uint16_t)(20000 + getpid() % 20000);
    snprintf(port_arg, sizeof(port_arg), "%u", (unsigned)port);
    assert_int_equal(pipe(out), 0);
    sim_pid = fork();
    assert_true(sim_pid >= 0);
    if (sim_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(sim_path, sim_path, "--zep-port", port_arg, "--channel", "15", "--pan", "1a62",
              "--ieee", "00124b0001020304", "--quiet", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    sim_stdout = fdopen(out[0], "r");
    assert_non_null(fgets(line, sizeof(line), sim_stdout));
    assert_memory_equal(line, "EG_GATEWAY_UART=", 16);
    line[strcspn(line, "\n")] = '\0';
    host_fd = open(line + 16, O_RDWR | O_NOCTTY);
    assert_true(host_fd >= 0);
    assert_int_equal(sim_uart_make_raw(host_fd), 0);
    eg_hdlc_decoder_init(&host_rx);
    {
        zep_medium_config cfg = {port, CHANNEL, 0x0C0D};
        assert_int_equal(zep_medium_open(&node, &cfg), 0);
    }
    return 0;
}

static int stop_sim(void **state)
{
    (void)state;
    if (sim_pid > 0) {
        kill(sim_pid, SIGKILL);
        waitpid(sim_pid, NULL, 0);
    }
    if (host_fd >= 0) {
        close(host_fd);
    }
    if (sim_stdout != NULL) {
        fclose(sim_stdout);
    }
    zep_medium_close(&node);
    return 0;
}

/* ---- the host side of the UART ---- */

/* Next non-LOG message from the gateway within WAIT_MS. */
static enrolgate_v1_UartMessageType read_message(enrolgate_v1_GatewayHello *hello,
                                                 enrolgate_v1_EgRequest *req)
{
    int64_t deadline = now_ms() + WAIT_MS;
    enrolgate_v1_GatewayHello h;
    enrolgate_v1_EgRequest r;
    enrolgate_v1_GatewayLog log;
    while (now_ms() < deadline) {
        struct pollfd p = {host_fd, POLLIN, 0};
        uint8_t b;
        const uint8_t *payload;
        size_t len;
        enrolgate_v1_UartMessageType type;
        if (poll(&p, 1, 100) <= 0 || read(host_fd, &b, 1) != 1) {
            continue;
        }
        if (!eg_hdlc_decoder_push(&host_rx, b, &payload, &len)) {
            continue;
        }
        assert_int_equal(eg_uart_decode_outbound(payload, len, &type, hello ? hello : &h,
                                                 req ? req : &r, &log),
                         EG_UART_OK);
        if (type != enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_LOG) {
            return type;
        }
    }
    fail_msg("no message from the gateway on its UART");
    return enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_UNSPECIFIED;
}

static void write_host(const uint8_t *bytes, size_t len)
{
    assert_int_equal(write(host_fd, bytes, len), (ssize_t)len);
}

static void write_frame(const uint8_t *payload, size_t len)
{
    uint8_t wire[EG_UART_TX_FRAME_MAX];
    size_t n = eg_hdlc_encode(payload, len, wire, sizeof(wire));
    assert_true(n > 0);
    write_host(wire, n);
}

/* ---- the device side of the medium ---- */

static void send_psdu(const uint8_t *psdu, int len)
{
    assert_true(len > 0);
    assert_int_equal(zep_medium_send(&node, psdu, (size_t)len), 0);
}

/* Next frame from the gateway of the given type within WAIT_MS. */
static eg_mac_frame receive(uint8_t frame_type, uint8_t *buf)
{
    int64_t deadline = now_ms() + WAIT_MS;
    eg_mac_frame f;
    while (now_ms() < deadline) {
        zep_rx_info info;
        int n = zep_medium_receive(&node, buf, ZEP_MAX_PSDU, 100, &info);
        if (n > 0 && eg_mac_decode(buf, (size_t)n, &f) == EG_MAC_OK &&
            f.hdr.frame_type == frame_type) {
            return f;
        }
    }
    fail_msg("no frame of type %u from the gateway", (unsigned)frame_type);
    memset(&f, 0, sizeof(f));
    return f;
}

/* A datagram straight onto the medium's UDP port, bypassing the medium library's checks. */
static void send_raw_datagram(const uint8_t *bytes, size_t len)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
    struct sockaddr_in to;
    assert_true(s >= 0);
    assert_int_equal(setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)), 0);
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, "127.255.255.255", &to.sin_addr);
    assert_int_equal(sendto(s, bytes, len, 0, (struct sockaddr *)&to, sizeof(to)), (ssize_t)len);
    close(s);
}

static void send_zep(uint8_t channel, const uint8_t *psdu, size_t len)
{
    zep_data_header h;
    uint8_t packet[ZEP_MAX_PACKET];
    size_t n;
    memset(&h, 0, sizeof(h));
    h.channel = channel;
    h.mode = ZEP_MODE_CRC;
    h.lqi = 255;
    n = zep_encode_data(&h, psdu, len, packet, sizeof(packet));
    assert_true(n > 0);
    send_raw_datagram(packet, n);
}

/* Reads the counters line the simulator prints when stopped; returns the named value. */
static long counter(const char *line, const char *name)
{
    char key[64];
    const char *p;
    snprintf(key, sizeof(key), "\"%s\":", name);
    p = strstr(line, key);
    assert_non_null(p);
    return strtol(p + strlen(key), NULL, 10);
}

static void survives_garbage_and_still_enrols(void **state)
{
    enrolgate_v1_GatewayHello hello;
    enrolgate_v1_EgRequest req;
    enrolgate_v1_EgResponse resp = enrolgate_v1_EgResponse_init_zero;
    uint8_t psdu[ZEP_MAX_PSDU], rx[ZEP_MAX_PSDU], payload[64], wire[EG_UART_TX_FRAME_MAX];
    const uint8_t nwk[] = {0x08, 0x00, 0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B};
    eg_mac_address coord = {EG_MAC_ADDR_SHORT, PAN, 0x0000, 0}, other = coord;
    eg_mac_frame f;
    eg_mac_command cmd;
    char line[2048];
    int status, len, i;
    size_t n;
    (void)state;

    assert_int_equal(read_message(&hello, NULL), enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO);
    assert_int_equal(hello.gateway_ieee, GW_IEEE);
    assert_int_equal(hello.pan_id, PAN);
    assert_int_equal(hello.channel, CHANNEL);

    /* Garbage on the medium: not ZEP, truncated ZEP, bad FCS, another channel, another PAN. */
    send_raw_datagram((const uint8_t *)"not a ZEP packet", 16);
    send_raw_datagram((const uint8_t *)"EX\x02\x01", 4);
    for (i = 0; i < 20; i++) {
        psdu[i] = (uint8_t)(i * 37);
    }
    send_zep(CHANNEL, psdu, 20);
    len = eg_mac_encode_beacon_request(seq++, psdu, sizeof(psdu));
    send_zep(CHANNEL + 1, psdu, (size_t)len);
    other.pan_id = 0x1111;
    len = eg_mac_encode_association_request(seq++, &other, DEV_IEEE, 0x8E, psdu, sizeof(psdu));
    send_psdu(psdu, len);

    /* Garbage on the UART: noise, a bad FCS, an unknown type, an undecodable EG Response. */
    write_host((const uint8_t *)"\x7e\x01\x02\x03\x04\x7e noise \x7d\x7e", 15);
    payload[0] = 0x42;
    write_frame(payload, 1);
    payload[0] = 0x03;
    payload[1] = 0x0A;
    payload[2] = 0x40; /* a 64-byte request id announced, none present */
    write_frame(payload, 3);

    /* Still working: beacon, association, EG Request, EG Response, Transport Key frame. */
    len = eg_mac_encode_beacon_request(seq++, psdu, sizeof(psdu));
    send_psdu(psdu, len);
    f = receive(EG_MAC_FRAME_BEACON, rx);
    assert_int_equal(f.hdr.src.pan_id, PAN);

    len = eg_mac_encode_association_request(seq++, &coord, DEV_IEEE, 0x8E, psdu, sizeof(psdu));
    send_psdu(psdu, len);
    f = receive(EG_MAC_FRAME_COMMAND, rx);
    assert_int_equal(eg_mac_parse_command(&f, &cmd), EG_MAC_OK);
    assert_int_equal(cmd.id, EG_MAC_CMD_ASSOCIATION_RESPONSE);
    assert_int_equal(cmd.assoc_status, EG_MAC_ASSOC_SUCCESS);

    assert_int_equal(read_message(NULL, &req),
                     enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_REQUEST);
    assert_int_equal(req.device_ieee, DEV_IEEE);
    assert_int_equal(req.device_short, cmd.assoc_short_addr);

    resp.request_id.size = 16;
    memcpy(resp.request_id.bytes, req.request_id.bytes, 16);
    resp.which_result = enrolgate_v1_EgResponse_nwk_frame_tag;
    resp.result.nwk_frame.size = sizeof(nwk);
    memcpy(resp.result.nwk_frame.bytes, nwk, sizeof(nwk));
    resp.device_ieee = DEV_IEEE;
    n = eg_uart_encode(enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE,
                       enrolgate_v1_EgResponse_fields, &resp, wire, sizeof(wire));
    write_host(wire, n);
    f = receive(EG_MAC_FRAME_DATA, rx);
    assert_int_equal(f.hdr.dst.short_addr, cmd.assoc_short_addr);
    assert_int_equal(f.payload_len, sizeof(nwk));
    assert_memory_equal(f.payload, nwk, sizeof(nwk));

    /* Stop it: it exits cleanly and reports what it dropped. */
    assert_int_equal(kill(sim_pid, SIGTERM), 0);
    assert_non_null(fgets(line, sizeof(line), sim_stdout));
    assert_memory_equal(line, "EG_GATEWAY_COUNTERS={", 21);
    assert_int_equal(waitpid(sim_pid, &status, 0), sim_pid);
    sim_pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(counter(line, "medium_malformed") >= 2);
    assert_true(counter(line, "medium_other_channel") >= 1);
    assert_true(counter(line, "radio_malformed") >= 1);
    assert_true(counter(line, "radio_other_pan") >= 1);
    assert_true(counter(line, "uart_fcs_errors") >= 1);
    assert_true(counter(line, "uart_aborts") >= 1);
    assert_int_equal(counter(line, "uart_unknown_type"), 1);
    assert_int_equal(counter(line, "uart_decode_errors"), 1);
    assert_int_equal(counter(line, "eg_requests"), 1);
    assert_int_equal(counter(line, "key_frames_sent"), 1);
}

static void help_exits_zero(void **state)
{
    char cmd[1024];
    (void)state;
    snprintf(cmd, sizeof(cmd), "'%s' --help > /dev/null", sim_path);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "'%s' --channel 99 2> /dev/null", sim_path);
    assert_int_equal(WEXITSTATUS(system(cmd)), 2);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(survives_garbage_and_still_enrols, start_sim, stop_sim),
        cmocka_unit_test(help_exits_zero),
    };
    if (argc != 2) {
        fprintf(stderr, "usage: %s <path of eg-gateway-sim>\n", argv[0]);
        return 2;
    }
    sim_path = argv[1];
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
