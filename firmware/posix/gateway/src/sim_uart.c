#define _XOPEN_SOURCE 600 /* posix_openpt, grantpt, unlockpt, ptsname */

#include "sim_uart.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int sim_uart_make_raw(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        return -1;
    }
    /* The fields cfmakeraw() clears, spelled out because cfmakeraw is not POSIX. */
    t.c_iflag &= (tcflag_t) ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
                              IXOFF);
    t.c_oflag &= (tcflag_t)~OPOST;
    t.c_lflag &= (tcflag_t) ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= (tcflag_t) ~(CSIZE | PARENB | CSTOPB);
    t.c_cflag |= CS8 | CREAD | CLOCAL;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    return tcsetattr(fd, TCSANOW, &t);
}

static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static int fail(sim_uart *uart, FILE *err, const char *what)
{
    fprintf(err, "eg-gateway-sim: %s: %s\n", what, strerror(errno));
    sim_uart_close(uart);
    return -1;
}

int sim_uart_open(sim_uart *uart, const char *path, FILE *err)
{
    const char *slave;

    memset(uart, 0, sizeof(*uart));
    uart->fd = -1;
    uart->keep_fd = -1;
    if (path != NULL) {
        if (strlen(path) >= sizeof(uart->path)) {
            errno = ENAMETOOLONG;
            return fail(uart, err, path);
        }
        strcpy(uart->path, path);
        uart->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (uart->fd < 0) {
            return fail(uart, err, path);
        }
        if (isatty(uart->fd) && sim_uart_make_raw(uart->fd) != 0) {
            return fail(uart, err, "configuring the serial line");
        }
        return 0;
    }
    uart->fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (uart->fd < 0 || grantpt(uart->fd) != 0 || unlockpt(uart->fd) != 0) {
        return fail(uart, err, "creating a pseudo-terminal");
    }
    slave = ptsname(uart->fd);
    if (slave == NULL || strlen(slave) >= sizeof(uart->path)) {
        return fail(uart, err, "naming the pseudo-terminal");
    }
    strcpy(uart->path, slave);
    /* Holding the other end open keeps the pty alive while no host has it open: otherwise the
     * master reads EIO (and polls as hung up) whenever the host closes or has not opened yet. */
    uart->keep_fd = open(slave, O_RDWR | O_NOCTTY);
    if (uart->keep_fd < 0 || sim_uart_make_raw(uart->keep_fd) != 0 ||
        set_nonblocking(uart->fd) != 0) {
        return fail(uart, err, "configuring the pseudo-terminal");
    }
    return 0;
}

void sim_uart_close(sim_uart *uart)
{
    if (uart->fd >= 0) {
        close(uart->fd);
    }
    if (uart->keep_fd >= 0) {
        close(uart->keep_fd);
    }
    uart->fd = -1;
    uart->keep_fd = -1;
}
