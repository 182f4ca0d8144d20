/* Input parsing of eg-device-sim; see sim_config.h. */
#define _POSIX_C_SOURCE 200809L

#include "sim_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "zb_crypto.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hex digits only, even count, at most cap bytes. Returns the byte count or -1. */
static long parse_hex(const char *s, size_t n, uint8_t *out, size_t cap)
{
    if (n == 0 || n % 2 != 0 || n / 2 > cap) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}

/* Next comma-separated field of *cursor, trimmed; returns its length and sets *start. */
static size_t next_field(const char **cursor, const char **start)
{
    const char *p = *cursor;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    const char *end = p;
    while (*end != '\0' && *end != ',' && *end != '\n' && *end != '\r') {
        end++;
    }
    const char *stop = end;
    while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t')) {
        stop--;
    }
    *start = p;
    *cursor = *end == ',' ? end + 1 : end;
    return (size_t)(stop - p);
}

static bool field_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncmp(s, word, n) == 0;
}

sim_line_kind sim_parse_device_line(const char *line, device_identity *out, char *err, size_t err_cap)
{
    memset(out, 0, sizeof *out);
    const char *cursor = line, *f;
    size_t n = next_field(&cursor, &f);
    if (n == 0 && (*cursor == '\0' || *cursor == '\n' || *cursor == '\r')) {
        return SIM_LINE_SKIPPED;
    }
    if (n > 0 && f[0] == '#') {
        return SIM_LINE_SKIPPED;
    }
    if (field_is(f, n, "ieee")) {
        return SIM_LINE_SKIPPED; /* header */
    }
    uint8_t ieee[8];
    if (n != 16 || parse_hex(f, n, ieee, sizeof ieee) != 8) {
        snprintf(err, err_cap, "IEEE address must be 16 hex digits");
        return SIM_LINE_ERROR;
    }
    for (int i = 0; i < 8; i++) {
        out->ieee = (out->ieee << 8) | ieee[i];
    }
    n = next_field(&cursor, &f);
    long len = parse_hex(f, n, out->install_code, sizeof out->install_code);
    if (len < 0) {
        snprintf(err, err_cap, "install code must be hex: 6, 8, 12 or 16 bytes followed by its 2-byte CRC");
        return SIM_LINE_ERROR;
    }
    out->install_code_len = (size_t)len;
    uint16_t expected = 0;
    switch (zb_install_code_check(out->install_code, out->install_code_len, &expected)) {
    case ZB_IC_OK:
        break;
    case ZB_IC_BAD_LENGTH:
        snprintf(err, err_cap, "install code has %ld bytes; expected 8, 10, 14 or 18 (code + CRC)", len);
        return SIM_LINE_ERROR;
    case ZB_IC_BAD_CRC:
        snprintf(err, err_cap, "install code CRC is %02X%02X; CRC-16/X.25 of the code is %04X, appended %02X%02X",
                 out->install_code[len - 2], out->install_code[len - 1], expected, expected & 0xFF, expected >> 8);
        return SIM_LINE_ERROR;
    }
    if (*cursor != '\0' && *cursor != '\n' && *cursor != '\r') {
        n = next_field(&cursor, &f);
        if (field_is(f, n, "sleepy")) {
            out->sleepy = true;
        } else if (!field_is(f, n, "rx-on") && n != 0) {
            snprintf(err, err_cap, "third field must be rx-on or sleepy");
            return SIM_LINE_ERROR;
        }
        if (*cursor != '\0' && *cursor != '\n' && *cursor != '\r') {
            snprintf(err, err_cap, "too many fields (ieee,install_code[,rx-on|sleepy])");
            return SIM_LINE_ERROR;
        }
    }
    return SIM_LINE_DEVICE;
}

static int add_device(sim_config *cfg, const device_identity *d, char *err, size_t err_cap)
{
    for (size_t i = 0; i < cfg->device_count; i++) {
        if (cfg->devices[i].ieee == d->ieee) {
            snprintf(err, err_cap, "device %016llx given twice", (unsigned long long)d->ieee);
            return -1;
        }
    }
    if (cfg->device_count >= SIM_MAX_DEVICES) {
        snprintf(err, err_cap, "more than %u devices", SIM_MAX_DEVICES);
        return -1;
    }
    cfg->devices[cfg->device_count++] = *d;
    return 0;
}

int sim_load_csv(FILE *in, const char *name, sim_config *cfg, char *err, size_t err_cap)
{
    char line[512];
    char why[160];
    unsigned lineno = 0;
    while (fgets(line, sizeof line, in) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(in)) {
            snprintf(err, err_cap, "%s:%u: line too long", name, lineno);
            return -1;
        }
        device_identity d;
        sim_line_kind kind = sim_parse_device_line(line, &d, why, sizeof why);
        if (kind == SIM_LINE_ERROR) {
            snprintf(err, err_cap, "%s:%u: %s", name, lineno, why);
            return -1;
        }
        if (kind == SIM_LINE_DEVICE && add_device(cfg, &d, why, sizeof why) != 0) {
            snprintf(err, err_cap, "%s:%u: %s", name, lineno, why);
            return -1;
        }
    }
    return 0;
}

/* Decimal, except that "0x" selects hex (PAN ids are written in hex). */
static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    int base = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10;
    long v = strtol(s, &end, base);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        return -1;
    }
    *out = v;
    return 0;
}

/* "15", "11-26" or "11,15,20". */
static int parse_channels(const char *s, device_params *p)
{
    p->channel_count = 0;
    char buf[128];
    if (strlen(s) >= sizeof buf) {
        return -1;
    }
    strcpy(buf, s);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        long lo, hi;
        char *dash = strchr(tok, '-');
        if (dash != NULL) {
            *dash = '\0';
            if (parse_int(tok, 11, 26, &lo) != 0 || parse_int(dash + 1, 11, 26, &hi) != 0 || hi < lo) {
                return -1;
            }
        } else if (parse_int(tok, 11, 26, &lo) == 0) {
            hi = lo;
        } else {
            return -1;
        }
        for (long ch = lo; ch <= hi; ch++) {
            if (p->channel_count >= DEVICE_MAX_CHANNELS) {
                return -1;
            }
            p->channels[p->channel_count++] = (uint8_t)ch;
        }
    }
    return p->channel_count > 0 ? 0 : -1;
}

void sim_usage(FILE *out)
{
    fprintf(out,
        "usage: eg-device-sim [options] --device IEEE,INSTALL_CODE[,rx-on|sleepy] ...\n"
        "       eg-device-sim [options] --devices-csv FILE\n"
        "Simulated Zigbee end devices on the ZEP medium: each scans, associates with a PAN that\n"
        "permits joining, receives its Transport Key, checks it with the key derived from its\n"
        "install code, installs the network key and sends a NWK-secured Device_annce.\n"
        "One JSON line per device on stdout; exit status 0 only if every device installed a key.\n"
        "\n"
        "  --device IEEE,CODE[,MODE]  one device: IEEE as 16 hex digits (display order), install\n"
        "                             code in hex with its CRC, MODE rx-on (default) or sleepy\n"
        "  --devices-csv FILE         devices, one 'ieee,install_code[,mode]' per line ('-' = stdin)\n"
        "  --sleepy                   make every device sleepy (polls with data requests)\n"
        "  --port N                   ZEP medium UDP port (default %u)\n"
        "  --channels LIST            channels to scan: 15, 11-26 or 11,15,20 (default 11-26)\n"
        "  --pan-id ID                join only this PAN (e.g. 0x1a62)\n"
        "  --scan-duration N          802.15.4 ScanDuration 0..14 (default 3, ~138 ms per channel)\n"
        "  --response-wait-ms N       wait before polling for the association response (100)\n"
        "  --poll-interval-ms N       data request interval (100)\n"
        "  --association-timeout-ms N (2000)\n"
        "  --key-timeout-ms N         association -> Transport Key (5000)\n"
        "  --stagger-ms N             delay between device starts (0)\n"
        "  --reveal-keys              print the network key itself in the JSON (tests only)\n"
        "  --print-link-keys          print 'ieee,link_key' per device (the install-code link key,\n"
        "                             for oracles such as tshark) and exit without joining\n"
        "  --help\n",
        ZEP_DEFAULT_PORT);
}

int sim_parse_args(int argc, char **argv, sim_config *cfg, char *err, size_t err_cap)
{
    memset(cfg, 0, sizeof *cfg);
    device_params *p = &cfg->params;
    p->medium_port = ZEP_DEFAULT_PORT;
    p->pan_filter = DEVICE_ANY_PAN;
    parse_channels("11-26", p);
    device_timing_defaults(&p->timing);
    char why[160];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cfg->help = true;
            return 0;
        }
        if (strcmp(a, "--sleepy") == 0) {
            cfg->all_sleepy = true;
            continue;
        }
        if (strcmp(a, "--reveal-keys") == 0) {
            cfg->reveal_keys = true;
            continue;
        }
        if (strcmp(a, "--print-link-keys") == 0) {
            cfg->print_link_keys = true;
            continue;
        }
        if (i + 1 >= argc) {
            snprintf(err, err_cap, "%s: missing value or unknown option", a);
            return -1;
        }
        const char *v = argv[++i];
        long n = 0;
        int bad = 0;
        if (strcmp(a, "--device") == 0) {
            device_identity d;
            if (sim_parse_device_line(v, &d, why, sizeof why) != SIM_LINE_DEVICE) {
                snprintf(err, err_cap, "--device %s: %s", v, why);
                return -1;
            }
            if (add_device(cfg, &d, why, sizeof why) != 0) {
                snprintf(err, err_cap, "--device %s: %s", v, why);
                return -1;
            }
        } else if (strcmp(a, "--devices-csv") == 0) {
            FILE *f = strcmp(v, "-") == 0 ? stdin : fopen(v, "r");
            if (f == NULL) {
                snprintf(err, err_cap, "%s: %s", v, strerror(errno));
                return -1;
            }
            int rc = sim_load_csv(f, v, cfg, err, err_cap);
            if (f != stdin) {
                fclose(f);
            }
            if (rc != 0) {
                return -1;
            }
        } else if (strcmp(a, "--port") == 0) {
            bad = parse_int(v, 1, 65535, &n);
            p->medium_port = (uint16_t)n;
        } else if (strcmp(a, "--channels") == 0 || strcmp(a, "--channel") == 0) {
            bad = parse_channels(v, p);
        } else if (strcmp(a, "--pan-id") == 0) {
            bad = parse_int(v, 0, 0xFFFE, &n);
            p->pan_filter = (uint16_t)n;
        } else if (strcmp(a, "--scan-duration") == 0) {
            bad = parse_int(v, 0, 14, &n);
            p->timing.scan_duration = (int)n;
        } else if (strcmp(a, "--response-wait-ms") == 0) {
            bad = parse_int(v, 1, 60000, &n);
            p->timing.response_wait_ms = (int)n;
        } else if (strcmp(a, "--poll-interval-ms") == 0) {
            bad = parse_int(v, 1, 60000, &n);
            p->timing.poll_interval_ms = (int)n;
        } else if (strcmp(a, "--association-timeout-ms") == 0) {
            bad = parse_int(v, 1, 600000, &n);
            p->timing.association_timeout_ms = (int)n;
        } else if (strcmp(a, "--key-timeout-ms") == 0) {
            bad = parse_int(v, 1, 600000, &n);
            p->timing.key_timeout_ms = (int)n;
        } else if (strcmp(a, "--stagger-ms") == 0) {
            bad = parse_int(v, 0, 600000, &n);
            cfg->stagger_ms = (int)n;
        } else {
            snprintf(err, err_cap, "unknown option %s", a);
            return -1;
        }
        if (bad) {
            snprintf(err, err_cap, "%s: bad value '%s'", a, v);
            return -1;
        }
    }
    if (cfg->device_count == 0) {
        snprintf(err, err_cap, "no devices: give --device or --devices-csv");
        return -1;
    }
    if (cfg->all_sleepy) {
        for (size_t i = 0; i < cfg->device_count; i++) {
            cfg->devices[i].sleepy = true;
        }
    }
    return 0;
}
