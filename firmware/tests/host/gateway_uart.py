"""The harness on the gateway's UART (a pseudo-terminal): reads HDLC frames, answers every EG
Request with the pre-forged Transport Key of that device (its NWK destination set to the short
address the gateway allocated), and records what it saw."""
import os
import select
import threading
import tty

import uart_link


class GatewayUart(threading.Thread):
    def __init__(self, pty_path, frames_by_ieee):
        super().__init__(daemon=True)
        self.fd = os.open(pty_path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)  # no echo, no line editing: bytes in, bytes out
        self.frames = frames_by_ieee
        self.decoder = uart_link.HdlcDecoder()
        self.hello = None
        self.hello_seen = threading.Event()
        self.stopping = threading.Event()
        self.requests = 0
        self.rejected = 0
        self.repeats = 0
        self.logs = []
        self.unexpected = 0
        self.malformed = 0
        self.answered = {}  # device IEEE -> (short, nwk frame sent)
        self.by_request_id = {}
        # Ask for a HELLO: the one sent at boot may have gone out before we opened the terminal.
        self._write(uart_link.uart_frame(uart_link.TYPE_HELLO, b""))

    def _write(self, data):
        while data:
            n = os.write(self.fd, data)
            data = data[n:]

    def run(self):
        while not self.stopping.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return  # the gateway closed its end
            if not chunk:
                return
            for payload in self.decoder.push(chunk):
                self._handle(payload)

    def _handle(self, payload):
        kind, body = payload[0], payload[1:]
        try:
            if kind == uart_link.TYPE_HELLO:
                self.hello = uart_link.decode_hello(body)
                self.hello_seen.set()
            elif kind == uart_link.TYPE_LOG:
                self.logs.append(uart_link.decode_log(body))
            elif kind == uart_link.TYPE_EG_REQUEST:
                self._answer(uart_link.decode_eg_request(body))
            else:
                self.unexpected += 1
        except uart_link.ProtobufError:
            self.malformed += 1

    def _answer(self, request):
        rid = request["request_id"]
        if rid in self.by_request_id:
            self.repeats += 1  # idempotent: the same answer again, never a new frame
            self._write(self.by_request_id[rid])
            return
        self.requests += 1
        ieee, short = request["device_ieee"], request["device_short"]
        frame = self.frames.get(ieee)
        if frame is None:
            self.rejected += 1
            response = uart_link.encode_eg_response(rid, ieee, short, rejection_code=uart_link.REJECT_UNKNOWN_DEVICE,
                                                    message="not in the host test's device list")
        else:
            nwk = bytearray(frame)
            nwk[2:4] = short.to_bytes(2, "little")  # NWK destination address
            self.answered[ieee] = (short, bytes(nwk))
            response = uart_link.encode_eg_response(rid, ieee, short, nwk_frame=bytes(nwk))
        wire = uart_link.uart_frame(uart_link.TYPE_EG_RESPONSE, response)
        self.by_request_id[rid] = wire
        self._write(wire)

    def send_garbage(self):
        """What a noisy or confused serial line delivers; the gateway must count it and carry on."""
        bad_fcs = bytearray(uart_link.uart_frame(uart_link.TYPE_EG_RESPONSE, b"\x0a\x01\x00"))
        bad_fcs[2] ^= 0x01
        self._write(b"\x00\x01line noise\xff" + bytes(bad_fcs)
                    + uart_link.uart_frame(0x42, b"\x08\x01")  # unknown message type
                    + uart_link.uart_frame(uart_link.TYPE_EG_RESPONSE, b"\x0a\xff")  # undecodable
                    + uart_link.uart_frame(uart_link.TYPE_EG_RESPONSE,  # for no pending request
                                           uart_link.encode_eg_response(b"\xaa" * 16, 1, 2, nwk_frame=b"\x08\x00")))

    def wait_hello(self, timeout):
        if not self.hello_seen.wait(timeout):
            raise TimeoutError("no HELLO from the gateway")
        return self.hello

    def stop(self):
        self.stopping.set()
        if self.is_alive():
            self.join(2)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def summary(self):
        d = self.decoder
        return (f"{self.requests} EG Requests answered, {self.repeats} repeats, {self.rejected} rejected, "
                f"{len(self.logs)} LOG lines, {self.unexpected} unexpected types, {self.malformed} undecodable, "
                f"HDLC FCS errors {d.fcs_errors}, overflows {d.overflows}")
