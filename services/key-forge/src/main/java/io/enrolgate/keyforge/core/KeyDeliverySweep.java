package io.enrolgate.keyforge.core;

import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.store.RegistryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox side of KeyDelivery: finds enrolments that are still KEY_ISSUED {@link RedeliverySettings#age()}
 * after their last change (provisioning moves an enrolment to KEY_PROVISIONED or FAILED once it has its key) and
 * returns their stored KeyDeliveries to publish again. A replica that died between recording an enrolment and
 * publishing its KeyDelivery thus loses nothing, even when the gateway never repeats its request.
 *
 * <p>Each enrolment is claimed in the registry before it is returned (its last change set to now, if nobody
 * changed it meanwhile), so that of several replicas sweeping at once one sends it, and it is sent again only
 * after another {@code age} without progress. Should two send it all the same, provisioning is idempotent by
 * enrolment id. No network: the caller publishes. Blocking (registry round trips): run it on a worker thread.
 */
public final class KeyDeliverySweep {
    private static final Logger LOG = LoggerFactory.getLogger(KeyDeliverySweep.class);

    private final RegistryStore store;
    private final RedeliverySettings settings;
    private final KeyForgeMetrics metrics;
    private final Clock clock;

    public KeyDeliverySweep(RegistryStore store, RedeliverySettings settings, KeyForgeMetrics metrics, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    public RedeliverySettings settings() {
        return settings;
    }

    /** One pass: the KeyDeliveries this replica claimed, to publish now, the longest waiting first. */
    public List<Publication> sweep() {
        Instant cutoff = clock.instant().minus(settings.age());
        List<Publication> out = new ArrayList<>();
        for (Enrolment waiting : store.issuedEnrolmentsUnchangedSince(cutoff, settings.batchSize())) {
            Optional<byte[]> delivery = waiting.keyDelivery();
            if (delivery.isEmpty() || store.claimForRedelivery(waiting).isEmpty()) {
                continue; // another replica claimed it, or provisioning moved it on meanwhile
            }
            LOG.info("KeyDelivery of enrolment {} (device {}) not taken by provisioning since {}: publishing it again",
                    waiting.id(), waiting.device(), waiting.updatedAt());
            out.add(Publication.keyDelivery(waiting.device(), delivery.get()));
            metrics.redelivered(KeyForgeMetrics.Redelivery.SWEEP);
        }
        metrics.sweepCompleted();
        return out;
    }
}
