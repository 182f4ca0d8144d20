package io.enrolgate.provisioning.core;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import java.time.Instant;
import java.util.List;

/**
 * The MEF as provisioning uses it, as Source MEF Client (TS-0003 8.3.5.2). Blocking.
 *
 * <p>The MEF assigns a fresh RelativeKeyID on every MEF Key Registration, so a registration whose answer is
 * lost (a crash, a broken connection) cannot be found again. Provisioning therefore registers with a short
 * provisional expirationTime and then confirms with a MEF Key Registration Update to the full lifetime: an
 * unconfirmed registration disappears by itself, and exactly one registration per enrolment stays.
 */
public interface KeyRegistrar {
    /** The Source MEF Client ID's MEF FQDN: the part after '@' of every key identifier. */
    String mefFqdn();

    /**
     * MEF Key Registration (SUID 24): {@code keyValue} for {@code targetIds}, expiring at {@code provisionalUntil}.
     *
     * @throws StepException transient when the MEF is unreachable or failed, permanent when it refused
     */
    KeyIdentifier register(List<OneM2mId> targetIds, MefKeyValue keyValue, List<String> labels,
            Instant provisionalUntil) throws StepException;

    /**
     * MEF Key Registration Update of {@code keyId} to its final expirationTime and labels.
     *
     * @throws RegistrationLostException when the registration no longer exists (its provisional lifetime ended)
     * @throws StepException transient when the MEF is unreachable or failed, permanent when it refused
     */
    void confirm(KeyIdentifier keyId, Instant expiration, List<String> labels) throws StepException;

    /** The provisional registration to confirm is gone: register again. */
    final class RegistrationLostException extends StepException.Lost {
        public RegistrationLostException(String message) {
            super(message);
        }
    }
}
