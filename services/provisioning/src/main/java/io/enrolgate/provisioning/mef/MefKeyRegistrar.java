package io.enrolgate.provisioning.mef;

import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.provisioning.core.KeyRegistrar;
import io.enrolgate.provisioning.core.StepException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KeyRegistrar} on a real MEF over Mmef (HTTPS, TLS-PSK), as Source MEF Client: SUID 24 (a key
 * remote-provisioned for End-to-End Security of Data). An unreachable MEF, a MEF-side failure and a failed TLS
 * handshake are transient (a MEF going down or coming up breaks handshakes too; a wrong PSK then fails when the
 * retries are exhausted, with the handshake's reason); refusals and invalid requests are permanent.
 */
public final class MefKeyRegistrar implements KeyRegistrar {
    private final MefClient client;
    private final String mefFqdn;

    public MefKeyRegistrar(MefClient client, String mefFqdn) {
        this.client = Objects.requireNonNull(client, "client");
        this.mefFqdn = Objects.requireNonNull(mefFqdn, "mefFqdn");
    }

    @Override
    public String mefFqdn() {
        return mefFqdn;
    }

    @Override
    public KeyIdentifier register(List<OneM2mId> targetIds, MefKeyValue keyValue, List<String> labels,
            Instant provisionalUntil) throws StepException {
        try {
            return client.register(new KeyRegistrationRequest(Suid.END_TO_END_DATA, targetIds, keyValue,
                    Optional.of(provisionalUntil), labels)).keyId();
        } catch (MefClientException e) {
            throw classify("MEF Key Registration", e);
        }
    }

    @Override
    public void confirm(KeyIdentifier keyId, Instant expiration, List<String> labels) throws StepException {
        try {
            client.update(keyId, new KeyRegistrationUpdate(Optional.empty(), Optional.of(expiration), Optional.of(labels)));
        } catch (MefClientException e) {
            if (e.kind() == MefClientException.Kind.NOT_FOUND || e.kind() == MefClientException.Kind.EXPIRED) {
                throw new RegistrationLostException("the provisional registration " + keyId + " is gone ("
                        + e.getMessage() + ")");
            }
            throw classify("MEF Key Registration Update of " + keyId, e);
        }
    }

    private static StepException classify(String procedure, MefClientException e) {
        String message = procedure + ": " + e.getMessage();
        boolean retry = e.isTransient() || e.kind() == MefClientException.Kind.HANDSHAKE_FAILED;
        return retry ? StepException.transientFailure(message, e) : StepException.permanentFailure(message, e);
    }
}
