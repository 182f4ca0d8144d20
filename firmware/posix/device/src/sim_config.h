/*
 * Command line and CSV input of eg-device-sim. Everything a user types is validated here, with a
 * message that says what was wrong (an install code with a bad CRC names the CRC it expected).
 */
#ifndef EG_SIM_CONFIG_H
#define EG_SIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "device.h"

#define SIM_MAX_DEVICES 256u

typedef struct sim_config {
    device_identity devices[SIM_MAX_DEVICES];
    size_t device_count;
    device_params params;
    bool all_sleepy;
    bool reveal_keys;
    bool print_link_keys;
    int stagger_ms;
    bool help;
} sim_config;

typedef enum sim_line_kind {
    SIM_LINE_ERROR = -1,
    SIM_LINE_SKIPPED = 0, /* blank, comment (#) or the "ieee,install_code" header */
    SIM_LINE_DEVICE = 1
} sim_line_kind;

/* Parses "IEEE,INSTALL_CODE[,rx-on|sleepy]": IEEE as 16 hex digits (display order), the install
 * code as hex with its CRC appended (as printed on devices). Surrounding spaces are ignored. */
sim_line_kind sim_parse_device_line(const char *line, device_identity *out, char *err, size_t err_cap);

/* Adds the devices of a CSV stream; refuses duplicates and more than SIM_MAX_DEVICES.
 * Returns 0, or -1 with err naming the line. */
int sim_load_csv(FILE *in, const char *name, sim_config *cfg, char *err, size_t err_cap);

/* Parses argv (defaults first). Returns 0, or -1 with err set. cfg->help is set by --help. */
int sim_parse_args(int argc, char **argv, sim_config *cfg, char *err, size_t err_cap);

void sim_usage(FILE *out);

#endif
