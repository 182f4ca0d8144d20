/* The loopback-broadcast ZEP medium; zep_medium.h explains the choice of transport. */
#define _POSIX_C_SOURCE 200809L

#include "zep_medium.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MEDIUM_BROADCAST_ADDRESS "127.255.255.255"
#define MEDIUM_SOURCE_ADDRESS "127.0.0.1"
/* 20+ nodes may burst at once (beacons answering a scan); a roomy buffer avoids drops under load. */
#define MEDIUM_RCVBUF_BYTES (1 << 20)
/* Channel used for sending when a capture-only node listens to all channels. */
#define MEDIUM_DEFAULT_CHANNEL 11u

static int64_t now_unix_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t now_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void medium_address(struct sockaddr_in *sa, const char *ip, uint16_t port)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    inet_pton(AF_INET, ip, &sa->sin_addr);
}

static int close_both(zep_medium *medium)
{
    int saved = errno;
    if (medium->rx_fd >= 0) {
        close(medium->rx_fd);
    }
    if (medium->tx_fd >= 0) {
        close(medium->tx_fd);
    }
    medium->rx_fd = -1;
    medium->tx_fd = -1;
    errno = saved;
    return -1;
}

int zep_medium_open(zep_medium *medium, const zep_medium_config *config)
{
    memset(medium, 0, sizeof *medium);
    medium->rx_fd = -1;
    medium->tx_fd = -1;
    medium->port = config->port != 0 ? config->port : (uint16_t)ZEP_DEFAULT_PORT;
    medium->channel = config->channel;
    medium->device_id = config->device_id;

    int one = 1;
    int rcvbuf = MEDIUM_RCVBUF_BYTES;
    struct sockaddr_in sa;

    medium->rx_fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (medium->rx_fd < 0) {
        return close_both(medium);
    }
    /* SO_REUSEADDR on every receiver is what lets all nodes bind the same broadcast address and port
     * and each get a copy of every broadcast datagram. */
    if (setsockopt(medium->rx_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
        return close_both(medium);
    }
    /* Best effort: the kernel caps it at net.core.rmem_max, which is fine. */
    (void)setsockopt(medium->rx_fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    medium_address(&sa, MEDIUM_BROADCAST_ADDRESS, medium->port);
    if (bind(medium->rx_fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        return close_both(medium);
    }

    medium->tx_fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (medium->tx_fd < 0) {
        return close_both(medium);
    }
    if (setsockopt(medium->tx_fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0) {
        return close_both(medium);
    }
    /* Binding the sender to 127.0.0.1 with an ephemeral port gives it an identity we can recognise
     * when our own broadcast comes back to our receive socket. */
    medium_address(&sa, MEDIUM_SOURCE_ADDRESS, 0);
    if (bind(medium->tx_fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        return close_both(medium);
    }
    socklen_t sa_len = sizeof sa;
    if (getsockname(medium->tx_fd, (struct sockaddr *)&sa, &sa_len) != 0) {
        return close_both(medium);
    }
    medium->tx_port = ntohs(sa.sin_port);
    return 0;
}

int zep_medium_send(zep_medium *medium, const uint8_t *psdu, size_t psdu_len)
{
    uint8_t packet[ZEP_MAX_PACKET];
    int64_t us = now_unix_us();
    zep_data_header hdr = {
        .channel = medium->channel != ZEP_MEDIUM_ANY_CHANNEL ? medium->channel
                                                             : (uint8_t)MEDIUM_DEFAULT_CHANNEL,
        .device_id = medium->device_id,
        .mode = ZEP_MODE_CRC,
        .lqi = 255,
        .ntp_seconds = (uint32_t)(us / 1000000 + ZEP_NTP_UNIX_OFFSET),
        /* microseconds -> 2^-32 s fractions */
        .ntp_fraction = (uint32_t)(((uint64_t)(us % 1000000) << 32) / 1000000),
        .sequence = medium->sequence,
    };
    size_t len = zep_encode_data(&hdr, psdu, psdu_len, packet, sizeof packet);
    if (len == 0) {
        errno = EMSGSIZE;
        return -1;
    }
    struct sockaddr_in to;
    medium_address(&to, MEDIUM_BROADCAST_ADDRESS, medium->port);
    ssize_t n = sendto(medium->tx_fd, packet, len, 0, (struct sockaddr *)&to, sizeof to);
    if (n < 0 || (size_t)n != len) {
        medium->counters.send_errors++;
        return -1;
    }
    medium->sequence++;
    medium->counters.sent++;
    return 0;
}

/* Reads one datagram that poll() said is there. Returns the PSDU length, or 0 if the datagram was
 * ignored (and counted), or -1 on a socket error. */
static int receive_one(zep_medium *medium, uint8_t *psdu, size_t psdu_cap, zep_rx_info *info)
{
    /* One byte more than the largest valid packet, and MSG_TRUNC, so oversize datagrams are seen
     * as such rather than silently cut to a plausible length. */
    uint8_t packet[ZEP_MAX_PACKET + 1];
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(medium->rx_fd, packet, sizeof packet, MSG_DONTWAIT | MSG_TRUNC,
                         (struct sockaddr *)&from, &from_len);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        return -1;
    }
    struct in_addr self;
    inet_pton(AF_INET, MEDIUM_SOURCE_ADDRESS, &self);
    if (from.sin_family == AF_INET && from.sin_addr.s_addr == self.s_addr &&
        ntohs(from.sin_port) == medium->tx_port) {
        medium->counters.own_echo++;
        return 0;
    }
    if ((size_t)n > ZEP_MAX_PACKET) {
        medium->counters.malformed++;
        return 0;
    }
    zep_data_header hdr;
    const uint8_t *body;
    size_t body_len;
    zep_status st = zep_decode(packet, (size_t)n, &hdr, &body, &body_len);
    if (st == ZEP_ERR_ACK) {
        medium->counters.acks_ignored++;
        return 0;
    }
    if (st != ZEP_OK) {
        medium->counters.malformed++;
        return 0;
    }
    if (medium->channel != ZEP_MEDIUM_ANY_CHANNEL && hdr.channel != medium->channel) {
        medium->counters.other_channel++;
        return 0;
    }
    if (body_len > psdu_cap) {
        /* The caller's buffer is its own bug, but the frame is still lost: count it as malformed
         * rather than truncate it into something that might parse. */
        medium->counters.malformed++;
        return 0;
    }
    memcpy(psdu, body, body_len);
    if (info != NULL) {
        info->zep = hdr;
        info->rx_unix_us = now_unix_us();
    }
    medium->counters.received++;
    return (int)body_len;
}

int zep_medium_receive(zep_medium *medium, uint8_t *psdu, size_t psdu_cap, int timeout_ms,
                       zep_rx_info *info)
{
    int64_t deadline = timeout_ms > 0 ? now_monotonic_ms() + timeout_ms : 0;
    for (;;) {
        int wait_ms = timeout_ms;
        if (timeout_ms > 0) {
            int64_t left = deadline - now_monotonic_ms();
            wait_ms = left > 0 ? (int)left : 0;
        }
        struct pollfd pfd = {.fd = medium->rx_fd, .events = POLLIN};
        int ready = poll(&pfd, 1, wait_ms);
        if (ready < 0) {
            return -1;
        }
        if (ready == 0) {
            return 0;
        }
        int n = receive_one(medium, psdu, psdu_cap, info);
        if (n != 0) {
            return n;
        }
        /* An ignored datagram does not end the wait: loop with the time left (poll(0) when the
         * caller asked to poll once, so queued datagrams are drained without blocking). */
    }
}

void zep_medium_set_channel(zep_medium *medium, uint8_t channel)
{
    medium->channel = channel;
}

int zep_medium_fd(const zep_medium *medium)
{
    return medium->rx_fd;
}

void zep_medium_close(zep_medium *medium)
{
    if (medium->rx_fd >= 0) {
        close(medium->rx_fd);
    }
    if (medium->tx_fd >= 0) {
        close(medium->tx_fd);
    }
    medium->rx_fd = -1;
    medium->tx_fd = -1;
}
