/*
 * eg-device-sim: runs each configured device in its own process on the ZEP medium, so that 20
 * devices behave like 20 radios (independent timing, no shared state), and prints one JSON line per
 * device as it finishes.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "device_report.h"
#include "sim_config.h"
#include "zb_crypto.h"

static sim_config config; /* large (256 devices): static, not on the stack */

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* A single write() of a line shorter than PIPE_BUF is atomic, so lines of concurrent devices never
 * interleave on a pipe. */
static void write_line(const char *line, size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, line, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        line += n;
        len -= (size_t)n;
    }
}

static int run_child(size_t index)
{
#ifdef __linux__
    /* A device must not outlive the simulator that started it (e.g. a test killed mid-run). */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (config.stagger_ms > 0) {
        sleep_ms((long)config.stagger_ms * (long)index);
    }
    device_result result;
    device_run(&config.devices[index], &config.params, &result);
    char line[1024];
    size_t len = device_report_format(&config.devices[index], &result, config.reveal_keys, line, sizeof line);
    int status = result.outcome == DEVICE_KEY_INSTALLED ? 0 : 1;
    if (len > 0) {
        write_line(line, len);
    }
    /* The key leaves this process only in the line, and only with --reveal-keys. */
    memset(&result, 0, sizeof result);
    memset(line, 0, sizeof line);
    return status;
}

static int print_link_keys(void)
{
    for (size_t i = 0; i < config.device_count; i++) {
        const device_identity *d = &config.devices[i];
        uint8_t key[ZB_KEY_LEN];
        if (zb_link_key_from_install_code(d->install_code, d->install_code_len, key, NULL) != ZB_IC_OK) {
            return 1; /* cannot happen: install codes were checked when parsed */
        }
        printf("%016llx,", (unsigned long long)d->ieee);
        for (size_t j = 0; j < ZB_KEY_LEN; j++) {
            printf("%02x", key[j]);
        }
        printf("\n");
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    char err[256];
    if (sim_parse_args(argc, argv, &config, err, sizeof err) != 0) {
        fprintf(stderr, "eg-device-sim: %s\n", err);
        sim_usage(stderr);
        return 2;
    }
    if (config.help) {
        sim_usage(stdout);
        return 0;
    }
    if (config.print_link_keys) {
        return print_link_keys();
    }
    fflush(stdout);
    pid_t *pids = calloc(config.device_count, sizeof *pids);
    if (pids == NULL) {
        fprintf(stderr, "eg-device-sim: out of memory\n");
        return 1;
    }
    size_t started = 0;
    for (size_t i = 0; i < config.device_count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "eg-device-sim: fork: %s\n", strerror(errno));
            break;
        }
        if (pid == 0) {
            _exit(run_child(i));
        }
        pids[started++] = pid;
    }
    int failures = (int)(config.device_count - started);
    for (size_t i = 0; i < started; i++) {
        int status = 0;
        while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR) {
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            failures++;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
            /* The child died without reporting: still one line per device. */
            char line[160];
            int len = snprintf(line, sizeof line,
                               "{\"ieee\":\"%016llx\",\"outcome\":\"crashed\",\"detail\":\"%s %d\"}\n",
                               (unsigned long long)config.devices[i].ieee,
                               WIFSIGNALED(status) ? "signal" : "exit status",
                               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            write_line(line, (size_t)len);
        }
    }
    free(pids);
    fprintf(stderr, "eg-device-sim: %zu of %zu devices installed a network key\n",
            config.device_count - (size_t)failures, config.device_count);
    return failures == 0 ? 0 : 1;
}
