/* Classic pcap (not pcapng): the simplest format every Wireshark/tshark version reads. */
#include "pcap_writer.h"

#include <errno.h>
#include <string.h>

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int pcap_writer_open_stream(pcap_writer *writer, FILE *stream)
{
    /* Written little-endian explicitly (magic a1b2c3d4 in file order d4 c3 b2 a1), so the file is
     * the same on any host. */
    uint8_t header[24];
    put_le32(&header[0], 0xA1B2C3D4u); /* microsecond timestamps */
    put_le16(&header[4], 2);           /* version 2.4 */
    put_le16(&header[6], 4);
    put_le32(&header[8], 0);           /* thiszone */
    put_le32(&header[12], 0);          /* sigfigs */
    put_le32(&header[16], 65535);      /* snaplen */
    put_le32(&header[20], PCAP_LINKTYPE_IEEE802_15_4_WITHFCS);
    writer->file = stream;
    writer->records = 0;
    if (fwrite(header, 1, sizeof header, stream) != sizeof header || fflush(stream) != 0) {
        return -1;
    }
    return 0;
}

int pcap_writer_open(pcap_writer *writer, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }
    if (pcap_writer_open_stream(writer, f) != 0) {
        int saved = errno;
        fclose(f);
        writer->file = NULL;
        errno = saved;
        return -1;
    }
    return 0;
}

int pcap_writer_write(pcap_writer *writer, int64_t unix_us, const uint8_t *frame, size_t len)
{
    if (writer->file == NULL) {
        errno = EBADF;
        return -1;
    }
    if (len > 127) {
        errno = EMSGSIZE;
        return -1;
    }
    if (unix_us < 0) {
        unix_us = 0;
    }
    uint8_t record[16];
    put_le32(&record[0], (uint32_t)(unix_us / 1000000));
    put_le32(&record[4], (uint32_t)(unix_us % 1000000));
    put_le32(&record[8], (uint32_t)len);  /* captured length */
    put_le32(&record[12], (uint32_t)len); /* original length */
    if (fwrite(record, 1, sizeof record, writer->file) != sizeof record ||
        fwrite(frame, 1, len, writer->file) != len || fflush(writer->file) != 0) {
        return -1;
    }
    writer->records++;
    return 0;
}

int pcap_writer_close(pcap_writer *writer)
{
    if (writer->file == NULL) {
        return 0;
    }
    int rc = fclose(writer->file);
    writer->file = NULL;
    return rc == 0 ? 0 : -1;
}
