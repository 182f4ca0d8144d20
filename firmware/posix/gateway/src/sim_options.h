/* Command line of eg-gateway-sim (parsing kept apart from main so that it is unit-tested). */
#ifndef EG_SIM_OPTIONS_H
#define EG_SIM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SIM_DEFAULT_IEEE 0x00124B0001020304ull /* the Trust Center of the shared vectors */
#define SIM_DEFAULT_PAN 0x1A62u
#define SIM_DEFAULT_CHANNEL 15u

typedef struct sim_options {
    uint64_t ieee;
    uint16_t pan_id;
    uint8_t channel;
    uint64_t extended_pan_id; /* default: the gateway's IEEE address, as Zigbee coordinators do */
    bool extended_pan_id_set;
    uint8_t permit_join_s;    /* 255: until closed */
    uint32_t eg_deadline_ms;
    uint16_t zep_port;
    const char *uart_path;    /* NULL: create a pseudo-terminal */
    uint8_t uart_log_level;   /* GatewayLog levels sent to the host */
    bool quiet;               /* no log lines on stderr */
    bool help;
} sim_options;

/* Parses argv. Returns 0 on success (options->help set if --help was given), or -1 after
 * writing the reason to err. */
int sim_options_parse(int argc, char **argv, sim_options *options, FILE *err);

void sim_options_usage(FILE *out, const char *program);

#endif
