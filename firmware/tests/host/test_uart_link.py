"""Unit tests of the host test's UART codec, including the malformed input it must survive."""
import unittest

import medium_noise
import uart_link as u


class Crc(unittest.TestCase):
    def test_check_values(self):
        # crc16_x25 vectors of /work/shared/vectors/zigbee.json
        self.assertEqual(u.crc16_x25(b"123456789"), 0x906E)
        self.assertEqual(u.crc16_x25(bytes.fromhex("83FED3407A939723A5C639B26916D505")), 0xB5C3)
        self.assertEqual(u.crc16_x25(bytes.fromhex("00112233445566778899AABBCCDDEEFF")), 0x8F52)


class Hdlc(unittest.TestCase):
    def test_round_trip_with_escapes_in_any_chunking(self):
        payload = bytes([2, 0x7E, 0x7D, 0x11, 0x00, 0xFF]) * 5
        wire = u.hdlc_encode(payload)
        self.assertNotIn(0x7E, wire[1:-1])
        for chunk in (1, 2, 7, len(wire)):
            d = u.HdlcDecoder()
            got = []
            for i in range(0, len(wire), chunk):
                got += d.push(wire[i:i + chunk])
            self.assertEqual(got, [payload])

    def test_bad_frames_are_counted_and_dropped(self):
        good = u.hdlc_encode(b"\x01abc")
        bad_fcs = bytearray(good)
        bad_fcs[2] ^= 1
        d = u.HdlcDecoder(max_payload=16)
        frames = d.push(b"noise" + bytes(bad_fcs) + b"\x7e\x41\x7e" + u.hdlc_encode(b"x" * 40)
                        + b"\x7eab\x7d\x7e" + good)
        self.assertEqual(frames, [b"\x01abc"])
        self.assertEqual(d.fcs_errors, 1)
        self.assertEqual(d.too_short, 1)
        self.assertEqual(d.overflows, 1)


class Protobuf(unittest.TestCase):
    REQUEST = (bytes.fromhex("0a10") + bytes(range(16))        # request_id
               + bytes.fromhex("11") + (0x00124B0001020304).to_bytes(8, "little")
               + bytes.fromhex("2000") + bytes.fromhex("20e234")  # gateway_short 0, pan_id 0x1a62
               + bytes.fromhex("29") + (0x000D6F000A0B0C0D).to_bytes(8, "little")
               + bytes.fromhex("30ac9e01") + bytes.fromhex("408001"))  # device_short 0x4f2c, capability 0x80

    def test_decodes_an_eg_request(self):
        r = u.decode_eg_request(self.REQUEST)
        self.assertEqual(r["request_id"], bytes(range(16)))
        self.assertEqual(r["gateway_ieee"], 0x00124B0001020304)
        self.assertEqual(r["pan_id"], 0x1A62)
        self.assertEqual(r["device_ieee"], 0x000D6F000A0B0C0D)
        self.assertEqual(r["device_short"], 0x4F2C)
        self.assertEqual(r["capability_information"], 0x80)

    def test_refuses_malformed_messages(self):
        for cut in range(1, len(self.REQUEST)):
            if cut in (18, 27, 29, 32, 41, 45):  # cuts on a field boundary are valid messages
                continue
            with self.assertRaises(u.ProtobufError, msg=f"cut at {cut}"):
                u.decode_eg_request(self.REQUEST[:cut])
        for bad in (b"\x0b", b"\x00\x01", b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", b"\x29\x01"):
            with self.assertRaises(u.ProtobufError):
                u.decode_eg_request(bad)
        with self.assertRaises(u.ProtobufError):
            u.decode_eg_request(b"\x28\x05\x0a\x00" + b"\x2a\x00")  # device_ieee as bytes

    def test_encodes_an_eg_response(self):
        msg = u.encode_eg_response(b"\x01" * 16, 0x000D6F000A0B0C0D, 0x4F2C, nwk_frame=b"\x08\x00")
        f = u.parse_fields(msg)
        self.assertEqual(f[1], b"\x01" * 16)
        self.assertEqual(f[2], b"\x08\x00")
        self.assertEqual(f[4], 0x000D6F000A0B0C0D)
        self.assertEqual(f[5], 0x4F2C)
        rejected = u.parse_fields(u.encode_eg_response(b"\x02", 1, 2, rejection_code=1, message="unknown"))
        self.assertEqual(u.parse_fields(rejected[3]), {1: 1, 2: b"unknown"})
        self.assertNotIn(2, rejected)


class Noise(unittest.TestCase):
    def test_fcs_is_crc16_kermit(self):
        self.assertEqual(medium_noise.crc16_kermit(b"123456789"), 0x2189)
        # transport_key_frames[0].mpdu_with_fcs ends with FCS 8D87 (little-endian 0x878D)
        mpdu = bytes.fromhex("61885C621A2C4F000008002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C"
                             "241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15")
        self.assertEqual(medium_noise.with_fcs(mpdu)[-2:], bytes.fromhex("8D87"))

    def test_every_noise_packet_is_bad_in_its_own_way(self):
        kinds = [name for name, _ in medium_noise.noise_packets(15, 0x1A62)]
        self.assertEqual(len(kinds), len(set(kinds)))
        zep = medium_noise.zep_packet(15, b"\x01\x02\x03")
        self.assertEqual(len(zep), 32 + 3)
        self.assertEqual(zep[31], 3)


if __name__ == "__main__":
    unittest.main()
