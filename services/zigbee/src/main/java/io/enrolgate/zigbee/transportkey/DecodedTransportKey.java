package io.enrolgate.zigbee.transportkey;

import io.enrolgate.zigbee.frame.ApsHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader;
import io.enrolgate.zigbee.frame.MacHeader;
import io.enrolgate.zigbee.frame.NwkHeader;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import java.util.Optional;

/**
 * Every field of a decrypted Transport Key frame. The transported key is inside {@link #command()} as a
 * {@link io.enrolgate.zigbee.SymmetricKey}, so printing this record shows no key bytes.
 *
 * @param macHeader present when an MPDU was decoded
 * @param mic the 4-byte message integrity code as received
 */
public record DecodedTransportKey(
        Optional<MacHeader> macHeader,
        NwkHeader nwkHeader,
        ApsHeader apsHeader,
        AuxSecurityHeader auxSecurityHeader,
        TransportKeyCommand command,
        byte[] mic) {

    public DecodedTransportKey {
        mic = mic.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }
}
