package io.enrolgate.provisioning.core;

import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.zigbee.SymmetricKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Key Value that provisioning registers at the MEF for one Zigbee key (TS-0003 8.3.5, DESIGN.md §3.4):
 * 32 bytes, the first 16 being the key the device received, the last 16 fresh random bytes.
 *
 * <p>Why the second half is fresh random rather than zeros, a copy, or derived from the first half:
 * <ul>
 *   <li>a oneM2M application that needs one 128-bit key uses the first half (TS-0003), so the device and the
 *       application share exactly the Zigbee key, whatever fills the rest;
 *   <li>a consumer that takes the Key Value whole (a 256-bit ESData key, or a KDF over it) must get 256 bits
 *       that are all secret and uniform: zeros or a copy would silently leave it with 128 bits of strength;
 *   <li>derived bits would be known to whoever knows the Zigbee key, which includes the device itself and
 *       anyone who extracts it from one; random bits are known only to the MEF and its targets, so the second
 *       half can protect the oneM2M leg without trusting the Zigbee side.
 * </ul>
 * Nothing needs the second half to be reproducible: a registration that is redone (after a lost answer) gets
 * new random bits and replaces the old registration (see {@link ProvisioningProcessor}).
 */
public final class MefKeyValues {
    private final SecureRandom random;

    public MefKeyValues(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public MefKeyValue compose(SymmetricKey zigbeeKey) {
        byte[] value = new byte[MefKeyValue.LENGTH];
        byte[] key = zigbeeKey.toBytes();
        byte[] fresh = new byte[MefKeyValue.LENGTH - SymmetricKey.LENGTH];
        try {
            random.nextBytes(fresh);
            System.arraycopy(key, 0, value, 0, SymmetricKey.LENGTH);
            System.arraycopy(fresh, 0, value, SymmetricKey.LENGTH, fresh.length);
            return MefKeyValue.of(value);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(fresh, (byte) 0);
            Arrays.fill(value, (byte) 0);
        }
    }
}
