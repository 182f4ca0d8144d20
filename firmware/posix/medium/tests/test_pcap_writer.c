/* pcap writer: global header with link type 195 and one record, byte for byte. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "medium_tests.h"
#include "pcap_writer.h"

static size_t read_all(FILE *f, uint8_t *buf, size_t cap)
{
    rewind(f);
    return fread(buf, 1, cap, f);
}

static void writes_header_and_record(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    pcap_writer w;
    assert_int_equal(pcap_writer_open_stream(&w, f), 0);
    static const uint8_t frame[] = {0x03, 0x08, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00};
    /* 2021-01-01T00:00:00.000123Z */
    assert_int_equal(pcap_writer_write(&w, 1609459200000123LL, frame, sizeof frame), 0);
    assert_int_equal(w.records, 1);

    uint8_t buf[128];
    size_t n = read_all(f, buf, sizeof buf);
    assert_int_equal(n, 24 + 16 + sizeof frame);
    static const uint8_t global[24] = {
        0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0xFF, 0, 0, 195, 0, 0, 0};
    assert_memory_equal(buf, global, sizeof global);
    static const uint8_t record[16] = {
        0x00, 0x66, 0xEE, 0x5F, /* 1609459200 */
        123, 0, 0, 0,           /* microseconds */
        10, 0, 0, 0, 10, 0, 0, 0};
    assert_memory_equal(buf + 24, record, sizeof record);
    assert_memory_equal(buf + 40, frame, sizeof frame);
    assert_int_equal(pcap_writer_close(&w), 0);
}

static void refuses_oversize_frames(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    pcap_writer w;
    assert_int_equal(pcap_writer_open_stream(&w, f), 0);
    uint8_t big[128] = {0};
    assert_int_equal(pcap_writer_write(&w, 0, big, sizeof big), -1);
    assert_int_equal(errno, EMSGSIZE);
    assert_int_equal(w.records, 0);
    assert_int_equal(pcap_writer_close(&w), 0);
    /* After close, writes fail cleanly instead of touching a closed stream. */
    assert_int_equal(pcap_writer_write(&w, 0, big, 10), -1);
}

static void open_fails_on_unwritable_path(void **state)
{
    (void)state;
    pcap_writer w;
    assert_int_equal(pcap_writer_open(&w, "/nonexistent-dir/x.pcap"), -1);
}

int run_pcap_writer_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_header_and_record),
        cmocka_unit_test(refuses_oversize_frames),
        cmocka_unit_test(open_fails_on_unwritable_path),
    };
    return cmocka_run_group_tests_name("pcap writer", tests, NULL, NULL);
}
