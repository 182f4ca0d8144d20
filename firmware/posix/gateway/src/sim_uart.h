/* The simulator's UART: a pseudo-terminal it creates, or a serial device (or pty) given by path. */
#ifndef EG_SIM_UART_H
#define EG_SIM_UART_H

#include <stddef.h>
#include <stdio.h>

typedef struct sim_uart {
    int fd;        /* what the gateway reads and writes: non-blocking, raw */
    int keep_fd;   /* pty only: the other end, held open (see sim_uart_open), else -1 */
    char path[256];/* the path the host must open */
} sim_uart;

/* path NULL: creates a pseudo-terminal; uart->path is then its other end, for the host.
 * Otherwise opens path (raw 8N1 at 115200 baud if it is a terminal). Returns 0, or -1 after
 * writing why to err. */
int sim_uart_open(sim_uart *uart, const char *path, FILE *err);

void sim_uart_close(sim_uart *uart);

/* Puts a terminal in raw mode (no echo, no line editing, no CR/LF translation, 8 bits):
 * the UART carries binary HDLC frames. Returns 0 or -1. Also used by tests on the host side. */
int sim_uart_make_raw(int fd);

#endif
