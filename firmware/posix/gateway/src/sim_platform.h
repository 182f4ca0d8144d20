/* The eg_platform of the simulator: monotonic clock, getrandom(), the ZEP medium, the UART fd. */
#ifndef EG_SIM_PLATFORM_H
#define EG_SIM_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "eg_platform.h"
#include "zep_medium.h"

typedef struct sim_context {
    zep_medium medium;
    int uart_fd;
    struct timespec boot;
    bool quiet;
    uint64_t uart_bytes_dropped; /* written while nobody read the UART: lost, as on a wire */
} sim_context;

/* Fills platform with callbacks bound to ctx (boot time taken now). */
void sim_platform_init(sim_context *ctx, eg_platform *platform);

#endif
