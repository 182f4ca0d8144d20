/* JSON formatting of a device result; every value is a number, a boolean or a string we generate
 * from a fixed alphabet, so no escaping is needed except for the detail text, which we escape. */
#include "device_report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

typedef struct out_buf {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;
} out_buf;

static void put(out_buf *o, const char *fmt, ...)
{
    if (o->overflow) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->overflow = true;
        return;
    }
    o->len += (size_t)n;
}

static void put_json_string(out_buf *o, const char *s)
{
    put(o, "\"");
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            put(o, "\\%c", ch);
        } else if (ch < 0x20) {
            put(o, "\\u%04x", ch);
        } else {
            put(o, "%c", ch);
        }
    }
    put(o, "\"");
}

size_t device_report_format(const device_identity *id, const device_result *r, bool reveal_key,
                            char *buf, size_t cap)
{
    out_buf o = {.buf = buf, .cap = cap};
    if (cap == 0) {
        return 0;
    }
    bool installed = r->outcome == DEVICE_KEY_INSTALLED;
    put(&o, "{\"ieee\":\"%016" PRIx64 "\",\"outcome\":\"%s\",\"detail\":", id->ieee,
        device_outcome_name(r->outcome));
    put_json_string(&o, r->detail);
    put(&o, ",\"mode\":\"%s\"", id->sleepy ? "sleepy" : "rx-on");
    if (r->pan_id != 0 || r->channel != 0) {
        put(&o, ",\"channel\":%u,\"pan_id\":\"%04x\",\"extended_pan_id\":\"%016" PRIx64 "\"", r->channel,
            r->pan_id, r->extended_pan_id);
    }
    if (r->associated) {
        put(&o, ",\"short\":\"%04x\"", r->short_addr);
    }
    if (installed) {
        put(&o, ",\"trust_center_ieee\":\"%016" PRIx64 "\",\"key_seq\":%u,\"key_fingerprint\":\"%s\"",
            r->trust_center_ieee, r->key_seq, r->key_fingerprint);
        if (reveal_key) {
            put(&o, ",\"key\":\"");
            for (int i = 0; i < 16; i++) {
                put(&o, "%02x", r->network_key[i]);
            }
            put(&o, "\"");
        }
    }
    put(&o, ",\"timings_ms\":{\"scan\":%" PRId64, r->scan_ms);
    if (r->associated || r->outcome == DEVICE_ASSOCIATION_DENIED) {
        put(&o, ",\"association\":%" PRId64, r->association_ms);
    }
    if (installed) {
        put(&o, ",\"association_to_key\":%" PRId64, r->key_ms);
    }
    const device_counters *k = &r->counters;
    put(&o, "},\"counters\":{\"frames_heard\":%" PRIu64 ",\"bad_fcs\":%" PRIu64 ",\"malformed\":%" PRIu64
            ",\"other_pan\":%" PRIu64 ",\"ignored\":%" PRIu64 ",\"beacons_refused\":%" PRIu64
            ",\"keys_refused\":%" PRIu64 ",\"mic_failures\":%" PRIu64 ",\"acks_sent\":%" PRIu64
            ",\"polls_sent\":%" PRIu64 ",\"zep_malformed\":%" PRIu64 ",\"zep_other_channel\":%" PRIu64 "}}\n",
        k->frames_heard, k->bad_fcs, k->malformed, k->other_pan, k->ignored, k->beacons_refused,
        k->keys_refused, k->mic_failures, k->acks_sent, k->polls_sent, k->medium.malformed,
        k->medium.other_channel);
    return o.overflow ? 0 : o.len;
}
