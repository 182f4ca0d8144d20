#define _POSIX_C_SOURCE 200809L

#include "sim_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Parses an unsigned number within [min, max]; base 16 for addresses (optional 0x, and ':' or '-'
 * separators as in "00:12:4b:..."), else base 0 (decimal or 0x-prefixed hex). */
static bool parse_number(const char *text, int base, uint64_t min, uint64_t max, uint64_t *out)
{
    char clean[64];
    size_t n = 0;
    const char *p = text;
    char *end;
    unsigned long long v;

    if (text == NULL || *text == '\0') {
        return false;
    }
    if (base == 16) {
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            p += 2;
        }
        for (; *p != '\0'; p++) {
            if (*p == ':' || *p == '-') {
                continue;
            }
            if (n + 1 >= sizeof(clean)) {
                return false;
            }
            clean[n++] = *p;
        }
        clean[n] = '\0';
        if (n == 0 || n > 16) {
            return false;
        }
        p = clean;
    }
    if (*p == '-' || *p == '+' || *p == ' ') {
        return false; /* strtoull would accept "-1" as a huge number */
    }
    errno = 0;
    v = strtoull(p, &end, base);
    if (errno != 0 || *end != '\0' || end == p || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

void sim_options_usage(FILE *out, const char *program)
{
    fprintf(out,
            "Usage: %s [options]\n"
            "The Enrolgate gateway firmware's core on Linux: a Zigbee coordinator on a simulated\n"
            "IEEE 802.15.4 medium (ZEP v2 over UDP loopback) that sends EG Requests on a UART.\n"
            "\n"
            "  --ieee HEX           gateway IEEE address, 16 hex digits (default 00124b0001020304)\n"
            "  --pan HEX            PAN id, 0000..fffe (default 1a62)\n"
            "  --channel N          channel 11..26 (default 15)\n"
            "  --epid HEX           extended PAN id (default: the gateway IEEE address)\n"
            "  --permit-join S      joining window in seconds at start, 0..254, 255 = until\n"
            "                       stopped (default 255)\n"
            "  --eg-deadline-ms MS  how long an EG Request waits for its response (default 1700)\n"
            "  --zep-port PORT      UDP port of the medium (default 17754)\n"
            "  --uart PATH          serial device or pseudo-terminal to use; default: create a\n"
            "                       pseudo-terminal and print its path\n"
            "  --uart-log-level N   LOG messages sent on the UART up to this level, 1 error ..\n"
            "                       4 debug (default 3)\n"
            "  --quiet              no log lines on stderr\n"
            "  --help               this text\n"
            "\n"
            "stdout (one line each, machine-readable):\n"
            "  EG_GATEWAY_UART=<path>   the UART path the host must open (at start)\n"
            "  EG_GATEWAY_COUNTERS={...} JSON counters of the core (at exit on SIGINT/SIGTERM)\n",
            program);
}

int sim_options_parse(int argc, char **argv, sim_options *o, FILE *err)
{
    enum { O_IEEE = 1, O_PAN, O_CHANNEL, O_EPID, O_PERMIT, O_DEADLINE, O_PORT, O_UART, O_LOGLEVEL,
           O_QUIET, O_HELP };
    static const struct option longopts[] = {
        {"ieee", required_argument, NULL, O_IEEE},
        {"pan", required_argument, NULL, O_PAN},
        {"channel", required_argument, NULL, O_CHANNEL},
        {"epid", required_argument, NULL, O_EPID},
        {"permit-join", required_argument, NULL, O_PERMIT},
        {"eg-deadline-ms", required_argument, NULL, O_DEADLINE},
        {"zep-port", required_argument, NULL, O_PORT},
        {"uart", required_argument, NULL, O_UART},
        {"uart-log-level", required_argument, NULL, O_LOGLEVEL},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    uint64_t v;
    int c;
    bool ok;

    memset(o, 0, sizeof(*o));
    o->ieee = SIM_DEFAULT_IEEE;
    o->pan_id = SIM_DEFAULT_PAN;
    o->channel = SIM_DEFAULT_CHANNEL;
    o->permit_join_s = 255;
    o->eg_deadline_ms = 1700;
    o->uart_log_level = 3;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        const char *arg = optarg;
        switch (c) {
        case O_IEEE:
            ok = parse_number(arg, 16, 1, UINT64_MAX - 1, &v);
            o->ieee = v;
            break;
        case O_PAN:
            ok = parse_number(arg, 16, 0, 0xFFFE, &v);
            o->pan_id = (uint16_t)v;
            break;
        case O_CHANNEL:
            ok = parse_number(arg, 10, 11, 26, &v);
            o->channel = (uint8_t)v;
            break;
        case O_EPID:
            ok = parse_number(arg, 16, 1, UINT64_MAX - 1, &v);
            o->extended_pan_id = v;
            o->extended_pan_id_set = true;
            break;
        case O_PERMIT:
            ok = parse_number(arg, 10, 0, 255, &v);
            o->permit_join_s = (uint8_t)v;
            break;
        case O_DEADLINE:
            ok = parse_number(arg, 10, 1, 600000, &v);
            o->eg_deadline_ms = (uint32_t)v;
            break;
        case O_PORT:
            ok = parse_number(arg, 10, 1, 65535, &v);
            o->zep_port = (uint16_t)v;
            break;
        case O_UART:
            ok = arg != NULL && *arg != '\0';
            o->uart_path = arg;
            break;
        case O_LOGLEVEL:
            ok = parse_number(arg, 10, 1, 4, &v);
            o->uart_log_level = (uint8_t)v;
            break;
        case O_QUIET:
            ok = true;
            o->quiet = true;
            break;
        case O_HELP:
            ok = true;
            o->help = true;
            break;
        default:
            fprintf(err, "unknown or incomplete option: %s (see --help)\n",
                    argv[optind - 1] != NULL ? argv[optind - 1] : "?");
            return -1;
        }
        if (!ok) {
            /* the enum follows the table's order, so c - 1 indexes the option's name */
            fprintf(err, "bad value for --%s: '%s' (see --help)\n", longopts[c - 1].name,
                    arg != NULL ? arg : "");
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(err, "unexpected argument: %s (see --help)\n", argv[optind]);
        return -1;
    }
    if (!o->extended_pan_id_set) {
        o->extended_pan_id = o->ieee;
    }
    return 0;
}
