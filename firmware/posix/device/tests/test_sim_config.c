/* eg-device-sim input: device lines, CSV files and options, with the errors users will make. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "device_tests.h"
#include "sim_config.h"

static sim_line_kind parse(const char *line, device_identity *d, char *err)
{
    return sim_parse_device_line(line, d, err, 160);
}

static void parses_device_lines(void **state)
{
    (void)state;
    device_identity d;
    char err[160];
    /* install_code_to_link_key[0]: 16-byte code + CRC */
    assert_int_equal(parse("000D6F000A0B0C0D,83FED3407A939723A5C639B26916D505C3B5", &d, err), SIM_LINE_DEVICE);
    assert_true(d.ieee == 0x000D6F000A0B0C0DULL);
    assert_int_equal(d.install_code_len, 18);
    assert_false(d.sleepy);
    /* install_code_to_link_key[1]: 6-byte code; spaces, lower case, mode, CRLF */
    assert_int_equal(parse(" 000d6f000a0b0c0e , 83fed3407a932b70 , sleepy\r\n", &d, err), SIM_LINE_DEVICE);
    assert_true(d.ieee == 0x000D6F000A0B0C0EULL);
    assert_int_equal(d.install_code_len, 8);
    assert_true(d.sleepy);
    assert_int_equal(parse("000D6F000A0B0C0D,83FED3407A932B70,rx-on", &d, err), SIM_LINE_DEVICE);
    assert_false(d.sleepy);
    assert_int_equal(parse("", &d, err), SIM_LINE_SKIPPED);
    assert_int_equal(parse("\n", &d, err), SIM_LINE_SKIPPED);
    assert_int_equal(parse("# comment", &d, err), SIM_LINE_SKIPPED);
    assert_int_equal(parse("ieee,install_code", &d, err), SIM_LINE_SKIPPED);
}

static void refuses_bad_device_lines(void **state)
{
    (void)state;
    device_identity d;
    char err[160];
    const char *bad[] = {
        "000D6F000A0B0C0,83FED3407A932B70",    /* 15 hex digits */
        "000D6F000A0B0C0DD,83FED3407A932B70",  /* 17 */
        "000D6F000A0B0CXD,83FED3407A932B70",   /* not hex */
        "000D6F000A0B0C0D",                    /* no install code */
        "000D6F000A0B0C0D,",                   /* empty install code */
        "000D6F000A0B0C0D,83FED3407A932B7",    /* odd digit count */
        "000D6F000A0B0C0D,83FED3407A93",       /* 6 bytes: code without CRC */
        "000D6F000A0B0C0D,83FED3407A932B70,deep-sleep",
        "000D6F000A0B0C0D,83FED3407A932B70,sleepy,extra",
        ",83FED3407A932B70",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(parse(bad[i], &d, err), SIM_LINE_ERROR);
        assert_true(strlen(err) > 0);
    }
}

/* crc16_x25: code 83FED3407A939723A5C639B26916D505 has CRC B5C3 (appended C3B5): say so. */
static void names_the_expected_crc(void **state)
{
    (void)state;
    device_identity d;
    char err[160];
    assert_int_equal(parse("000D6F000A0B0C0D,83FED3407A939723A5C639B26916D505C3B6", &d, err), SIM_LINE_ERROR);
    assert_non_null(strstr(err, "B5C3"));
    assert_non_null(strstr(err, "C3B5"));
}

static int load(const char *text, sim_config *cfg, char *err)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    memset(cfg, 0, sizeof *cfg);
    int rc = sim_load_csv(f, "devices.csv", cfg, err, 256);
    fclose(f);
    return rc;
}

static void loads_csv_and_refuses_duplicates(void **state)
{
    (void)state;
    static sim_config cfg;
    char err[256];
    assert_int_equal(load("ieee,install_code\n"
                          "# two devices\n"
                          "000D6F000A0B0C0D,83FED3407A939723A5C639B26916D505C3B5\n"
                          "\n"
                          "000D6F000A0B0C0E,83FED3407A93972397FC,sleepy\n",
                          &cfg, err),
                     0);
    assert_int_equal(cfg.device_count, 2);
    assert_true(cfg.devices[1].sleepy);
    assert_int_equal(load("000D6F000A0B0C0D,83FED3407A932B70\n000d6f000a0b0c0d,83FED3407A932B70\n", &cfg, err), -1);
    assert_non_null(strstr(err, "devices.csv:2"));
    assert_non_null(strstr(err, "twice"));
    assert_int_equal(load("000D6F000A0B0C0D,83FED3407A932B70\nnonsense\n", &cfg, err), -1);
    assert_non_null(strstr(err, "devices.csv:2"));
}

static int args(sim_config *cfg, char *err, int argc, const char **argv)
{
    return sim_parse_args(argc, (char **)argv, cfg, err, 256);
}

static void parses_options(void **state)
{
    (void)state;
    static sim_config cfg;
    char err[256];
    const char *ok[] = {"eg-device-sim", "--device", "000D6F000A0B0C0D,83FED3407A932B70", "--port", "23456",
                        "--channels", "15,20-21", "--pan-id", "0x1a62", "--sleepy", "--reveal-keys",
                        "--key-timeout-ms", "1500", "--scan-duration", "2"};
    assert_int_equal(args(&cfg, err, (int)(sizeof ok / sizeof ok[0]), ok), 0);
    assert_int_equal(cfg.params.medium_port, 23456);
    assert_int_equal(cfg.params.channel_count, 3);
    assert_int_equal(cfg.params.channels[0], 15);
    assert_int_equal(cfg.params.channels[2], 21);
    assert_int_equal(cfg.params.pan_filter, 0x1A62);
    assert_true(cfg.devices[0].sleepy);
    assert_true(cfg.reveal_keys);
    assert_int_equal(cfg.params.timing.key_timeout_ms, 1500);
    assert_int_equal(cfg.params.timing.scan_duration, 2);

    const char *defaults[] = {"eg-device-sim", "--device", "000D6F000A0B0C0D,83FED3407A932B70"};
    assert_int_equal(args(&cfg, err, 3, defaults), 0);
    assert_int_equal(cfg.params.medium_port, 17754);
    assert_int_equal(cfg.params.channel_count, 16);
    assert_false(cfg.reveal_keys);

    const char *help[] = {"eg-device-sim", "--help"};
    assert_int_equal(args(&cfg, err, 2, help), 0);
    assert_true(cfg.help);
}

static void refuses_bad_options(void **state)
{
    (void)state;
    static sim_config cfg;
    char err[256];
    const char *dev = "000D6F000A0B0C0D,83FED3407A932B70";
    const char *cases[][3] = {
        {"--channels", "10", NULL}, {"--channels", "27", NULL}, {"--channels", "20-15", NULL},
        {"--channels", "", NULL},   {"--port", "0", NULL},      {"--port", "65536", NULL},
        {"--port", "12ab", NULL},   {"--scan-duration", "15", NULL}, {"--pan-id", "0xffff", NULL},
        {"--bogus", "1", NULL},     {"--key-timeout-ms", "-5", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *argv[] = {"eg-device-sim", "--device", dev, cases[i][0], cases[i][1]};
        assert_int_equal(args(&cfg, err, 5, argv), -1);
    }
    const char *none[] = {"eg-device-sim", "--port", "23456"};
    assert_int_equal(args(&cfg, err, 3, none), -1);
    assert_non_null(strstr(err, "no devices"));
    const char *dangling[] = {"eg-device-sim", "--device", dev, "--port"};
    assert_int_equal(args(&cfg, err, 4, dangling), -1);
    const char *missing_csv[] = {"eg-device-sim", "--devices-csv", "/nonexistent/devices.csv"};
    assert_int_equal(args(&cfg, err, 3, missing_csv), -1);
}

int run_device_config_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_device_lines),
        cmocka_unit_test(refuses_bad_device_lines),
        cmocka_unit_test(names_the_expected_crc),
        cmocka_unit_test(loads_csv_and_refuses_duplicates),
        cmocka_unit_test(parses_options),
        cmocka_unit_test(refuses_bad_options),
    };
    return cmocka_run_group_tests_name("eg-device-sim input", tests, NULL, NULL);
}
