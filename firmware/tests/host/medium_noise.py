"""Bad input for the radio medium during the host test: what a crowded 2.4 GHz band and broken
senders produce. Every node must count it and carry on."""
import socket
import struct
import threading


def crc16_kermit(data: bytes) -> int:
    """The IEEE 802.15.4 FCS (reflected 0x1021, init 0, no final XOR): check value 0x2189."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def with_fcs(mpdu: bytes) -> bytes:
    fcs = crc16_kermit(mpdu)
    return mpdu + bytes([fcs & 0xFF, fcs >> 8])


def zep_packet(channel: int, psdu: bytes, sequence: int = 0) -> bytes:
    """ZEP v2 data packet, CRC mode (the layout of firmware/posix/medium/include/zep.h)."""
    return (b"EX" + bytes([2, 1, channel]) + struct.pack(">HBBIII", 0xBAD, 1, 255, 0, 0, sequence)
            + bytes(10) + bytes([len(psdu)]) + psdu)


def noise_packets(channel: int, pan_id: int):
    """(description, datagram) pairs; each kind is something a receiver must reject."""
    data_other_pan = with_fcs(bytes([0x41, 0x88, 0x01]) + struct.pack("<HHH", 0x7777, 0xFFFF, 0x1234) + b"\x08\x00hello")
    beacon_request = bytes([0x03, 0x08, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x07])
    bad_fcs = bytearray(with_fcs(beacon_request))
    bad_fcs[-1] ^= 0xFF
    truncated = with_fcs(bytes([0x41, 0x88, 0x03]) + struct.pack("<H", pan_id))  # addresses missing
    return [
        ("not ZEP at all", b"\x00\x01garbage"),
        ("ZEP with a length beyond the datagram", zep_packet(channel, data_other_pan)[:-3]),
        ("ZEP version 9", b"EX\x09\x01" + bytes(28)),
        ("wrong FCS", zep_packet(channel, bytes(bad_fcs))),
        ("truncated MAC header", zep_packet(channel, truncated)),
        ("data frame for another PAN", zep_packet(channel, data_other_pan)),
        ("another channel", zep_packet(26 if channel != 26 else 11, with_fcs(beacon_request))),
    ]


class MediumNoise(threading.Thread):
    """Sends the noise packets to the medium, one round every interval, until stopped."""

    def __init__(self, port: int, channel: int, pan_id: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.port = port
        self.packets = noise_packets(channel, pan_id)
        self.interval = interval
        self.stopping = threading.Event()
        self.rounds = 0

    def run(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            while not self.stopping.is_set():
                for _, datagram in self.packets:
                    s.sendto(datagram, ("127.255.255.255", self.port))
                self.rounds += 1
                self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
        if self.is_alive():
            self.join(2)
