/* Entry points of the medium's cmocka test groups (one per source file), run by main.c. */
#ifndef EG_MEDIUM_TESTS_H
#define EG_MEDIUM_TESTS_H

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

int run_zep_codec_tests(void);
int run_pcap_writer_tests(void);
int run_zep_medium_tests(void);

#endif
