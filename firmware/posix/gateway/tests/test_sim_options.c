/* eg-gateway-sim's command line: defaults, every option, and the values it must refuse. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sim_options.h"

static FILE *sink;

static int parse(sim_options *o, const char *a1, const char *a2)
{
    char *argv[4] = {"eg-gateway-sim", (char *)a1, (char *)a2, NULL};
    int argc = a1 == NULL ? 1 : a2 == NULL ? 2 : 3;
    return sim_options_parse(argc, argv, o, sink);
}

static void defaults(void **state)
{
    sim_options o;
    (void)state;
    assert_int_equal(parse(&o, NULL, NULL), 0);
    assert_int_equal(o.ieee, SIM_DEFAULT_IEEE);
    assert_int_equal(o.pan_id, SIM_DEFAULT_PAN);
    assert_int_equal(o.channel, SIM_DEFAULT_CHANNEL);
    assert_int_equal(o.extended_pan_id, SIM_DEFAULT_IEEE);
    assert_int_equal(o.permit_join_s, 255);
    assert_int_equal(o.eg_deadline_ms, 1700);
    assert_null(o.uart_path);
    assert_false(o.help);
}

static void every_option(void **state)
{
    sim_options o;
    char *argv[] = {"sim", "--ieee", "00:12:4b:00:aa:bb:cc:dd", "--pan=0x1234", "--channel", "26",
                    "--epid", "dddddddddddddddd", "--permit-join", "0", "--eg-deadline-ms",
                    "2500", "--zep-port", "20000", "--uart", "/dev/ttyACM0", "--uart-log-level",
                    "4", "--quiet", NULL};
    (void)state;
    assert_int_equal(sim_options_parse((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv, &o, sink),
                     0);
    assert_int_equal(o.ieee, 0x00124B00AABBCCDDull);
    assert_int_equal(o.pan_id, 0x1234);
    assert_int_equal(o.channel, 26);
    assert_int_equal(o.extended_pan_id, 0xDDDDDDDDDDDDDDDDull);
    assert_int_equal(o.permit_join_s, 0);
    assert_int_equal(o.eg_deadline_ms, 2500);
    assert_int_equal(o.zep_port, 20000);
    assert_string_equal(o.uart_path, "/dev/ttyACM0");
    assert_int_equal(o.uart_log_level, 4);
    assert_true(o.quiet);
}

static void help(void **state)
{
    sim_options o;
    (void)state;
    assert_int_equal(parse(&o, "--help", NULL), 0);
    assert_true(o.help);
}

static void refuses_bad_values(void **state)
{
    sim_options o;
    (void)state;
    assert_int_equal(parse(&o, "--channel", "10"), -1);
    assert_int_equal(parse(&o, "--channel", "27"), -1);
    assert_int_equal(parse(&o, "--channel", "1x"), -1);
    assert_int_equal(parse(&o, "--channel", "-11"), -1);
    assert_int_equal(parse(&o, "--pan", "ffff"), -1);     /* the broadcast PAN */
    assert_int_equal(parse(&o, "--pan", "10000"), -1);
    assert_int_equal(parse(&o, "--pan", ""), -1);
    assert_int_equal(parse(&o, "--ieee", "0"), -1);
    assert_int_equal(parse(&o, "--ieee", "ffffffffffffffff"), -1);
    assert_int_equal(parse(&o, "--ieee", "00124b00010203040"), -1); /* 17 digits */
    assert_int_equal(parse(&o, "--ieee", "zz124b0001020304"), -1);
    assert_int_equal(parse(&o, "--permit-join", "256"), -1);
    assert_int_equal(parse(&o, "--eg-deadline-ms", "0"), -1);
    assert_int_equal(parse(&o, "--zep-port", "65536"), -1);
    assert_int_equal(parse(&o, "--uart-log-level", "5"), -1);
    assert_int_equal(parse(&o, "--uart", ""), -1);
    assert_int_equal(parse(&o, "--bogus", NULL), -1);
    assert_int_equal(parse(&o, "--channel", NULL), -1); /* missing value */
    assert_int_equal(parse(&o, "stray", NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(every_option),
        cmocka_unit_test(help),
        cmocka_unit_test(refuses_bad_values),
    };
    int rc;
    sink = fopen("/dev/null", "w");
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    fclose(sink);
    return rc;
}
