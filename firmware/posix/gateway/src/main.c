/* eg-gateway-sim: the gateway firmware's core on Linux (see --help). One thread, one poll loop:
 * UART bytes and radio frames go into the core as they come, and the core is ticked every
 * TICK_MS so that its deadlines fire on time. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eg_gateway.h"
#include "sim_options.h"
#include "sim_platform.h"
#include "sim_uart.h"

#define TICK_MS 10
/* After the UART reads end-of-file or fails (host gone, device unplugged), retry this much later
 * instead of spinning on a descriptor that is permanently readable. */
#define UART_RETRY_MS 200

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void print_counters(const eg_gateway *gw, const sim_context *ctx)
{
    const eg_gw_counters *c = &gw->counters;
    const eg_hdlc_counters *h = &gw->uart_rx.counters;
    const zep_medium_counters *m = &ctx->medium.counters;
    printf("EG_GATEWAY_COUNTERS={"
           "\"radio_rx\":%u,\"radio_malformed\":%u,\"radio_other_pan\":%u,\"radio_ignored\":%u,"
           "\"radio_tx_errors\":%u,\"beacons_sent\":%u,\"associations\":%u,"
           "\"associations_denied\":%u,\"polls\":%u,\"eg_requests\":%u,\"eg_responses\":%u,"
           "\"eg_rejections\":%u,\"eg_unknown_responses\":%u,\"eg_timeouts\":%u,"
           "\"key_frames_sent\":%u,\"indirect_expired\":%u,\"uart_frames\":%u,"
           "\"uart_fcs_errors\":%u,\"uart_too_short\":%u,\"uart_overflows\":%u,\"uart_aborts\":%u,"
           "\"uart_unknown_type\":%u,\"uart_decode_errors\":%u,\"uart_unsupported\":%u,"
           "\"uart_tx_errors\":%u,\"uart_bytes_dropped\":%" PRIu64 ",\"medium_malformed\":%" PRIu64
           ",\"medium_other_channel\":%" PRIu64 ",\"medium_send_errors\":%" PRIu64 "}\n",
           c->radio_rx, c->radio_malformed, c->radio_other_pan, c->radio_ignored, c->radio_tx_errors,
           c->beacons_sent, c->associations, c->associations_denied, c->polls, c->eg_requests,
           c->eg_responses, c->eg_rejections, c->eg_unknown_responses, c->eg_timeouts,
           c->key_frames_sent, c->indirect_expired, c->uart_frames, h->fcs_errors, h->too_short,
           h->overflows, h->aborts, c->uart_unknown_type, c->uart_decode_errors,
           c->uart_unsupported, c->uart_tx_errors, ctx->uart_bytes_dropped, m->malformed,
           m->other_channel, m->send_errors);
    fflush(stdout);
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drain_radio(eg_gateway *gw, sim_context *ctx)
{
    uint8_t psdu[ZEP_MAX_PSDU];
    zep_rx_info info;
    int n;
    while ((n = zep_medium_receive(&ctx->medium, psdu, sizeof(psdu), 0, &info)) > 0) {
        eg_gw_radio_input(gw, psdu, (size_t)n);
    }
}

/* Returns false when the UART should be left alone for a while. */
static bool drain_uart(eg_gateway *gw, int fd)
{
    uint8_t buf[512];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n > 0) {
            eg_gw_uart_input(gw, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n < 0 && errno == EAGAIN;
    }
}

static int run(eg_gateway *gw, sim_context *ctx, int uart_fd)
{
    int64_t uart_retry_at = 0;
    while (!stop_requested) {
        struct pollfd fds[2];
        nfds_t n = 0;
        bool uart_polled = monotonic_ms() >= uart_retry_at;
        fds[n].fd = zep_medium_fd(&ctx->medium);
        fds[n++].events = POLLIN;
        if (uart_polled) {
            fds[n].fd = uart_fd;
            fds[n++].events = POLLIN;
        }
        if (poll(fds, n, TICK_MS) < 0 && errno != EINTR) {
            perror("eg-gateway-sim: poll");
            return 1;
        }
        if (stop_requested) {
            break;
        }
        if (fds[0].revents != 0) {
            drain_radio(gw, ctx);
        }
        if (uart_polled && fds[1].revents != 0 && !drain_uart(gw, uart_fd)) {
            uart_retry_at = monotonic_ms() + UART_RETRY_MS;
        }
        eg_gw_tick(gw);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static eg_gateway gw; /* 7+ KB: not on the stack */
    static sim_context ctx;
    sim_options opt;
    sim_uart uart;
    eg_platform platform;
    eg_gw_config config;
    zep_medium_config medium;
    struct sigaction sa;
    int rc;

    if (sim_options_parse(argc, argv, &opt, stderr) != 0) {
        return 2;
    }
    if (opt.help) {
        sim_options_usage(stdout, argv[0]);
        return 0;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    memset(&medium, 0, sizeof(medium));
    medium.port = opt.zep_port;
    medium.channel = opt.channel;
    medium.device_id = (uint16_t)opt.ieee;
    if (zep_medium_open(&ctx.medium, &medium) != 0) {
        perror("eg-gateway-sim: opening the ZEP medium");
        return 1;
    }
    if (sim_uart_open(&uart, opt.uart_path, stderr) != 0) {
        zep_medium_close(&ctx.medium);
        return 1;
    }
    ctx.uart_fd = uart.fd;
    ctx.quiet = opt.quiet;
    sim_platform_init(&ctx, &platform);

    memset(&config, 0, sizeof(config));
    config.ext_addr = opt.ieee;
    config.pan_id = opt.pan_id;
    config.channel = opt.channel;
    config.extended_pan_id = opt.extended_pan_id;
    config.permit_join_s = opt.permit_join_s;
    config.eg_deadline_ms = opt.eg_deadline_ms;
    config.send_acks = true; /* nobody else acknowledges on the simulated medium */
    config.uart_log_level = opt.uart_log_level;
    if (!eg_gw_init(&gw, &config, &platform)) {
        fprintf(stderr, "eg-gateway-sim: configuration refused by the core\n");
        rc = 1;
    } else {
        printf("EG_GATEWAY_UART=%s\n", uart.path);
        fflush(stdout);
        eg_gw_start(&gw);
        rc = run(&gw, &ctx, uart.fd);
        print_counters(&gw, &ctx);
    }
    sim_uart_close(&uart);
    zep_medium_close(&ctx.medium);
    return rc;
}
