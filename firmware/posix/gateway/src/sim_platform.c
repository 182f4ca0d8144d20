#define _DEFAULT_SOURCE /* getrandom */

#include "sim_platform.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "eg_log.h"

/* A UART that nobody drains must not stall the radio: wait this long for room, then drop. */
#define UART_WRITE_WAIT_MS 50

static uint32_t sim_uptime_ms(void *ctx)
{
    const sim_context *c = ctx;
    struct timespec now;
    int64_t ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (int64_t)(now.tv_sec - c->boot.tv_sec) * 1000 + (now.tv_nsec - c->boot.tv_nsec) / 1000000;
    return (uint32_t)ms; /* wraps after 49 days, which the core handles */
}

static bool sim_random(void *ctx, uint8_t *out, size_t len)
{
    size_t got = 0;
    (void)ctx;
    while (got < len) {
        ssize_t n = getrandom(out + got, len - got, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        got += (size_t)n;
    }
    return true;
}

static bool sim_radio(void *ctx, const uint8_t *psdu, size_t len)
{
    return zep_medium_send(&((sim_context *)ctx)->medium, psdu, len) == 0;
}

static bool sim_uart_write(void *ctx, const uint8_t *bytes, size_t len)
{
    sim_context *c = ctx;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(c->uart_fd, bytes + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            struct pollfd p = {c->uart_fd, POLLOUT, 0};
            if (poll(&p, 1, UART_WRITE_WAIT_MS) > 0) {
                continue;
            }
        }
        c->uart_bytes_dropped += len - done;
        return false;
    }
    return true;
}

static void sim_log(void *ctx, uint8_t level, const char *text)
{
    static const char *const names[] = {"?", "ERROR", "WARN", "INFO", "DEBUG"};
    const sim_context *c = ctx;
    if (c->quiet) {
        return;
    }
    fprintf(stderr, "eg-gateway-sim %8u ms %-5s %s\n", (unsigned)sim_uptime_ms(ctx),
            names[level <= EG_LOG_DEBUG ? level : 0], text);
}

void sim_platform_init(sim_context *ctx, eg_platform *platform)
{
    clock_gettime(CLOCK_MONOTONIC, &ctx->boot);
    memset(platform, 0, sizeof(*platform));
    platform->ctx = ctx;
    platform->uptime_ms = sim_uptime_ms;
    platform->random_bytes = sim_random;
    platform->radio_transmit = sim_radio;
    platform->uart_write = sim_uart_write;
    platform->indirect_pending = NULL; /* the core sends its own acks on the simulated medium */
    platform->local_log = sim_log;
}
