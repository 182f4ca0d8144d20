/*
 * zep-capture: records the simulated 802.15.4 medium to a pcap file (link type 195, frames with FCS)
 * that Wireshark/tshark open. Runs until SIGINT/SIGTERM or --duration-ms.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pcap_writer.h"
#include "zep_medium.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zep-capture --output FILE [--port N] [--channel N] [--duration-ms N]\n"
            "Records every frame on the simulated IEEE 802.15.4 medium (ZEP v2 over UDP loopback\n"
            "broadcast) into a pcap file, link type 195 (IEEE 802.15.4 with FCS).\n"
            "  --output FILE     pcap file to create ('-' for stdout)\n"
            "  --port N          medium UDP port (default %u)\n"
            "  --channel N       only this channel, 11..26 (default: all channels)\n"
            "  --duration-ms N   stop after N ms (default: until SIGINT/SIGTERM)\n"
            "Prints 'zep-capture: listening' on stderr once it receives, and counters when it stops.\n",
            ZEP_DEFAULT_PORT);
}

static int parse_number(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        return -1;
    }
    *out = v;
    return 0;
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
    const char *output = NULL;
    long port = ZEP_DEFAULT_PORT, channel = ZEP_MEDIUM_ANY_CHANNEL, duration_ms = -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        int bad = 0;
        if (value == NULL) {
            bad = 1;
        } else if (strcmp(arg, "--output") == 0) {
            output = value;
        } else if (strcmp(arg, "--port") == 0) {
            bad = parse_number(value, 1, 65535, &port);
        } else if (strcmp(arg, "--channel") == 0) {
            bad = parse_number(value, 11, 26, &channel);
        } else if (strcmp(arg, "--duration-ms") == 0) {
            bad = parse_number(value, 0, 86400000L, &duration_ms);
        } else {
            bad = 1;
        }
        if (bad) {
            fprintf(stderr, "zep-capture: bad argument '%s'\n", arg);
            usage(stderr);
            return 2;
        }
        i++;
    }
    if (output == NULL) {
        fprintf(stderr, "zep-capture: --output is required\n");
        usage(stderr);
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: the blocking receive must return EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    pcap_writer pcap;
    int rc = strcmp(output, "-") == 0 ? pcap_writer_open_stream(&pcap, stdout)
                                      : pcap_writer_open(&pcap, output);
    if (rc != 0) {
        fprintf(stderr, "zep-capture: cannot write %s: %s\n", output, strerror(errno));
        return 1;
    }
    zep_medium medium;
    zep_medium_config config = {.port = (uint16_t)port, .channel = (uint8_t)channel, .device_id = 0};
    if (zep_medium_open(&medium, &config) != 0) {
        fprintf(stderr, "zep-capture: cannot open medium on port %ld: %s\n", port, strerror(errno));
        pcap_writer_close(&pcap);
        return 1;
    }
    fprintf(stderr, "zep-capture: listening on port %ld, writing %s\n", port, output);

    int64_t deadline = duration_ms >= 0 ? monotonic_ms() + duration_ms : 0;
    int status = 0;
    while (!stop_requested) {
        int wait = -1;
        if (duration_ms >= 0) {
            int64_t left = deadline - monotonic_ms();
            if (left <= 0) {
                break;
            }
            wait = (int)left;
        }
        uint8_t psdu[ZEP_MAX_PSDU];
        zep_rx_info info;
        int n = zep_medium_receive(&medium, psdu, sizeof psdu, wait, &info);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "zep-capture: receive failed: %s\n", strerror(errno));
            status = 1;
            break;
        }
        if (n > 0 && pcap_writer_write(&pcap, info.rx_unix_us, psdu, (size_t)n) != 0) {
            fprintf(stderr, "zep-capture: write failed: %s\n", strerror(errno));
            status = 1;
            break;
        }
    }
    const zep_medium_counters *c = &medium.counters;
    fprintf(stderr,
            "zep-capture: {\"frames\":%" PRIu64 ",\"malformed\":%" PRIu64 ",\"acks_ignored\":%" PRIu64
            ",\"other_channel\":%" PRIu64 "}\n",
            pcap.records, c->malformed, c->acks_ignored, c->other_channel);
    zep_medium_close(&medium);
    if (pcap_writer_close(&pcap) != 0) {
        status = 1;
    }
    return status;
}
