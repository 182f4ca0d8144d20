/*
 * Minimal classic-pcap writer for IEEE 802.15.4 frames, so that captures of the simulated medium open
 * in Wireshark/tshark. Link type 195 (LINKTYPE_IEEE802_15_4_WITHFCS): each record is the MPDU with its
 * 2-byte FCS, exactly the PSDU the medium carries.
 *
 * Every record is flushed at once, so a capture process killed at any time leaves a readable file.
 */
#ifndef EG_PCAP_WRITER_H
#define EG_PCAP_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCAP_LINKTYPE_IEEE802_15_4_WITHFCS 195u

typedef struct pcap_writer {
    FILE *file;
    uint64_t records;
} pcap_writer;

/* Creates (truncates) path and writes the global header. Returns 0, or -1 with errno set. */
int pcap_writer_open(pcap_writer *writer, const char *path);

/* Like pcap_writer_open on an already open stream (e.g. stdout, or a memory stream in tests). */
int pcap_writer_open_stream(pcap_writer *writer, FILE *stream);

/* Appends one frame with its timestamp. Returns 0, or -1 (errno set; EMSGSIZE if len > 127). */
int pcap_writer_write(pcap_writer *writer, int64_t unix_us, const uint8_t *frame, size_t len);

/* Closes the file (the stream given to pcap_writer_open_stream is closed too). Returns 0 or -1. */
int pcap_writer_close(pcap_writer *writer);

#ifdef __cplusplus
}
#endif

#endif
