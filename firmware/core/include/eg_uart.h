/*
 * UART messages between the gateway and the host (DESIGN.md §3.1): one HDLC-lite frame carries
 *   UartMessageType (1 byte) | protobuf message (nanopb, from proto/enrolgate/v1/{uart,eg}.proto)
 * This module turns messages into framed bytes and framed payloads into messages; it keeps no
 * state, so the gateway and the tests use it alike.
 */
#ifndef EG_UART_H
#define EG_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_hdlc.h"
#include "enrolgate/v1/eg.pb.h"
#include "enrolgate/v1/uart.pb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the UART protocol in GatewayHello.protocol_version; the host refuses unknown ones. */
#define EG_UART_PROTOCOL_VERSION 1u

/* Buffer size that holds any frame eg_uart_encode_* produces. */
#define EG_UART_TX_FRAME_MAX EG_HDLC_ENCODED_MAX(EG_HDLC_MAX_PAYLOAD)

typedef enum eg_uart_status {
    EG_UART_OK = 0,
    EG_UART_ERR_EMPTY = -1,        /* a payload without even a type byte */
    EG_UART_ERR_UNKNOWN_TYPE = -2, /* a type byte outside UartMessageType */
    EG_UART_ERR_UNEXPECTED = -3,   /* a known type that this direction never carries */
    EG_UART_ERR_DECODE = -4,       /* the protobuf did not decode within the nanopb bounds */
    EG_UART_ERR_ENCODE = -5        /* the message did not fit (never for well-formed messages) */
} eg_uart_status;

/* A message received by the gateway (host -> gateway). */
typedef struct eg_uart_inbound {
    enrolgate_v1_UartMessageType type;
    union {
        enrolgate_v1_EgResponse eg_response; /* EG_RESPONSE */
        enrolgate_v1_RelayFrame relay;       /* RELAY_DOWN (reserved: decoded, not acted on) */
    } u;                                     /* HELLO from the host carries nothing we read */
} eg_uart_inbound;

/* Encodes type + message and frames it into out (capacity cap, EG_UART_TX_FRAME_MAX suffices).
 * Returns the framed length, or 0 if it did not fit. fields is the nanopb descriptor of msg. */
size_t eg_uart_encode(enrolgate_v1_UartMessageType type, const pb_msgdesc_t *fields,
                      const void *msg, uint8_t *out, size_t cap);

/* Parses an HDLC payload received by the gateway. Accepted: EG_RESPONSE, HELLO (the host asks the
 * gateway to say hello again), RELAY_DOWN. Gateway -> host types give EG_UART_ERR_UNEXPECTED. */
eg_uart_status eg_uart_decode_inbound(const uint8_t *payload, size_t len, eg_uart_inbound *out);

/* Parses an HDLC payload received by the host (gateway -> host types: HELLO, EG_REQUEST, LOG),
 * for tests and tools. Decodes into the one of hello / eg_request / log that *type names; a NULL
 * pointer there gives EG_UART_ERR_UNEXPECTED. */
eg_uart_status eg_uart_decode_outbound(const uint8_t *payload, size_t len,
                                       enrolgate_v1_UartMessageType *type,
                                       enrolgate_v1_GatewayHello *hello,
                                       enrolgate_v1_EgRequest *eg_request,
                                       enrolgate_v1_GatewayLog *log);

const char *eg_uart_status_name(eg_uart_status status);

#ifdef __cplusplus
}
#endif

#endif
