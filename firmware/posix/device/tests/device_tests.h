/* Entry points of the device simulator's cmocka test groups, run by main.c, and shared helpers. */
#ifndef EG_DEVICE_TESTS_H
#define EG_DEVICE_TESTS_H

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Parses hex (no separators) into out; fails the test on bad input. Returns the byte count. */
size_t test_hex(const char *hex, uint8_t *out, size_t cap);

int run_zb_crypto_tests(void);
int run_transport_key_tests(void);
int run_device_annce_tests(void);
int run_device_config_tests(void);
int run_device_join_tests(void);
int run_device_report_tests(void);

#endif
