/*
 * The simulated IEEE 802.15.4 radio medium: every node hears every frame that any other node sends
 * on the same channel, like nodes in radio range of each other.
 *
 * Transport: each PSDU goes in one ZEP v2 data packet (zep.h), sent as a UDP datagram to the loopback
 * broadcast address 127.255.255.255:<port>. Every node binds a receive socket to that address and port
 * with SO_REUSEADDR, and Linux delivers a copy of each broadcast datagram to every such socket, in any
 * number of processes, without root, multicast routes or a hub process. Binding to 127.255.255.255
 * (not INADDR_ANY) keeps the medium on this machine. Each node sends from a second socket with its own
 * ephemeral port; a node drops datagrams whose source is that socket, because a radio does not
 * receive its own transmissions.
 *
 * The medium carries PSDUs without judging them: checking the FCS, the PAN id and the addresses is the
 * MAC's job. It only refuses datagrams that are not well-formed ZEP v2 data packets (counted in
 * `malformed`) and packets for another channel (counted in `other_channel`).
 *
 * Use a port other than ZEP_DEFAULT_PORT to keep concurrent test runs apart.
 */
#ifndef EG_ZEP_MEDIUM_H
#define EG_ZEP_MEDIUM_H

#include <stddef.h>
#include <stdint.h>

#include "zep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Channel value for zep_medium_config.channel that receives every channel (capture tools). */
#define ZEP_MEDIUM_ANY_CHANNEL 0u

typedef struct zep_medium_config {
    uint16_t port;      /* UDP port; 0 means ZEP_DEFAULT_PORT */
    uint8_t channel;    /* 11..26, or ZEP_MEDIUM_ANY_CHANNEL to receive all (then send uses 11) */
    uint16_t device_id; /* written in the ZEP header of what this node sends */
} zep_medium_config;

typedef struct zep_medium_counters {
    uint64_t sent;          /* PSDUs sent */
    uint64_t send_errors;   /* sendto() failures (the frame is lost, as on air) */
    uint64_t received;      /* PSDUs delivered to the caller */
    uint64_t malformed;     /* datagrams that were not valid ZEP v2 data packets: ignored */
    uint64_t acks_ignored;  /* valid ZEP acks: we never send them, a foreign sender might */
    uint64_t other_channel; /* valid packets for another channel: ignored */
    uint64_t own_echo;      /* our own transmissions heard back: ignored */
} zep_medium_counters;

typedef struct zep_medium {
    int rx_fd;
    int tx_fd;
    uint16_t port;
    uint8_t channel;
    uint16_t device_id;
    uint16_t tx_port;   /* ephemeral source port of tx_fd, to recognise our own echo */
    uint32_t sequence;
    zep_medium_counters counters;
} zep_medium;

/* Metadata of a received PSDU. */
typedef struct zep_rx_info {
    zep_data_header zep;          /* the ZEP header as sent */
    int64_t rx_unix_us;           /* receive time, microseconds since the Unix epoch */
} zep_rx_info;

/* Opens the medium. Returns 0, or -1 with errno set (then nothing is left open). */
int zep_medium_open(zep_medium *medium, const zep_medium_config *config);

/* Sends one PSDU (the MPDU including its FCS, 2..127 bytes). Returns 0, or -1 on a bad length
 * (errno EMSGSIZE) or a socket error (counted in send_errors). */
int zep_medium_send(zep_medium *medium, const uint8_t *psdu, size_t psdu_len);

/* Waits up to timeout_ms (0 = poll once, negative = forever) for the next acceptable PSDU.
 * Copies it into psdu (capacity psdu_cap; ZEP_MAX_PSDU always suffices).
 * Returns its length (>0), 0 on timeout, or -1 on a socket error (errno set; EINTR is passed up so
 * that a signal can end a wait). Bad datagrams are counted and skipped within the same wait. */
int zep_medium_receive(zep_medium *medium, uint8_t *psdu, size_t psdu_cap, int timeout_ms,
                       zep_rx_info *info);

/* Retunes the node (an active scan visits channels in turn): sets what it sends on and accepts. */
void zep_medium_set_channel(zep_medium *medium, uint8_t channel);

/* The descriptor to poll() for readability when multiplexing with other inputs (e.g. a UART);
 * after it is readable, call zep_medium_receive with timeout 0. */
int zep_medium_fd(const zep_medium *medium);

void zep_medium_close(zep_medium *medium);

#ifdef __cplusplus
}
#endif

#endif
