/* UART message codec (see eg_uart.h). */
#include "eg_uart.h"

#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

size_t eg_uart_encode(enrolgate_v1_UartMessageType type, const pb_msgdesc_t *fields,
                      const void *msg, uint8_t *out, size_t cap)
{
    /* The unescaped payload is built on the stack: at most EG_HDLC_MAX_PAYLOAD bytes. */
    uint8_t payload[EG_HDLC_MAX_PAYLOAD];
    pb_ostream_t stream;

    if (fields == NULL || msg == NULL || out == NULL) {
        return 0;
    }
    payload[0] = (uint8_t)type;
    stream = pb_ostream_from_buffer(payload + 1, sizeof(payload) - 1u);
    if (!pb_encode(&stream, fields, msg)) {
        return 0;
    }
    return eg_hdlc_encode(payload, 1u + stream.bytes_written, out, cap);
}

static bool decode(const uint8_t *body, size_t len, const pb_msgdesc_t *fields, void *msg)
{
    pb_istream_t stream = pb_istream_from_buffer(body, len);
    /* pb_decode zero-initialises msg first, so absent proto3 fields read as defaults. */
    return pb_decode(&stream, fields, msg);
}

static bool type_known(uint8_t type)
{
    return type > (uint8_t)enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_UNSPECIFIED &&
           type <= (uint8_t)_enrolgate_v1_UartMessageType_MAX;
}

eg_uart_status eg_uart_decode_inbound(const uint8_t *payload, size_t len, eg_uart_inbound *out)
{
    if (payload == NULL || out == NULL || len == 0u) {
        return EG_UART_ERR_EMPTY;
    }
    memset(out, 0, sizeof(*out));
    if (!type_known(payload[0])) {
        return EG_UART_ERR_UNKNOWN_TYPE;
    }
    out->type = (enrolgate_v1_UartMessageType)payload[0];
    switch (out->type) {
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE:
        return decode(payload + 1, len - 1u, enrolgate_v1_EgResponse_fields, &out->u.eg_response)
                   ? EG_UART_OK
                   : EG_UART_ERR_DECODE;
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_RELAY_DOWN:
        return decode(payload + 1, len - 1u, enrolgate_v1_RelayFrame_fields, &out->u.relay)
                   ? EG_UART_OK
                   : EG_UART_ERR_DECODE;
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO:
        return EG_UART_OK; /* whatever the host put in it, it only means "say hello again" */
    default:
        return EG_UART_ERR_UNEXPECTED;
    }
}

eg_uart_status eg_uart_decode_outbound(const uint8_t *payload, size_t len,
                                       enrolgate_v1_UartMessageType *type,
                                       enrolgate_v1_GatewayHello *hello,
                                       enrolgate_v1_EgRequest *eg_request,
                                       enrolgate_v1_GatewayLog *log)
{
    const pb_msgdesc_t *fields = NULL;
    void *msg = NULL;

    if (payload == NULL || type == NULL || len == 0u) {
        return EG_UART_ERR_EMPTY;
    }
    if (!type_known(payload[0])) {
        return EG_UART_ERR_UNKNOWN_TYPE;
    }
    *type = (enrolgate_v1_UartMessageType)payload[0];
    switch (*type) {
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO:
        fields = enrolgate_v1_GatewayHello_fields;
        msg = hello;
        break;
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_REQUEST:
        fields = enrolgate_v1_EgRequest_fields;
        msg = eg_request;
        break;
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_LOG:
        fields = enrolgate_v1_GatewayLog_fields;
        msg = log;
        break;
    default:
        break;
    }
    if (msg == NULL) {
        return EG_UART_ERR_UNEXPECTED;
    }
    return decode(payload + 1, len - 1u, fields, msg) ? EG_UART_OK : EG_UART_ERR_DECODE;
}

const char *eg_uart_status_name(eg_uart_status status)
{
    switch (status) {
    case EG_UART_OK: return "ok";
    case EG_UART_ERR_EMPTY: return "empty";
    case EG_UART_ERR_UNKNOWN_TYPE: return "unknown type";
    case EG_UART_ERR_UNEXPECTED: return "unexpected type";
    case EG_UART_ERR_DECODE: return "undecodable";
    case EG_UART_ERR_ENCODE: return "unencodable";
    }
    return "unknown status";
}
