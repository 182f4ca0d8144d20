package io.enrolgate.provisioning.onem2m;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.provisioning.core.NodeRegistrar;
import io.enrolgate.provisioning.core.StepException;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Registers a Zigbee node in the CSE: CREATE {@code <AE>} (as the node's AE-ID, see {@link NodeNaming}) with
 * {@code lbl} = IEEE address and key identifier ({@link NodeLabels}), then CREATE its {@code <container>}.
 *
 * <p>Idempotent, so that a retry after a crash registers nothing twice: when the AE exists already (409
 * Conflict, 4105; or 4117, the AE-ID is registered) it is retrieved, checked to be this node's (same
 * {@code aei} and App-ID), and its labels updated if they differ (a re-enrolment brings a new key
 * identifier); an existing container is kept. A name held by another AE is a permanent failure: provisioning
 * never takes over someone else's resource. Everything else (unreachable, 5xx, a CSE still starting) is
 * transient.
 */
public final class CseNodeRegistrar implements NodeRegistrar {
    private final OneM2mHttpClient client;
    private final NodeNaming naming;

    public CseNodeRegistrar(OneM2mHttpClient client, NodeNaming naming) {
        this.client = Objects.requireNonNull(client, "client");
        this.naming = Objects.requireNonNull(naming, "naming");
    }

    @Override
    public void registerNode(IeeeAddress device, KeyIdentifier keyId) throws StepException {
        String aeId = naming.aeId(device);
        String base = client.settings().cseBaseName();
        String aePath = base + "/" + naming.resourceName(device);
        List<String> labels = NodeLabels.of(device, keyId);
        try {
            CseResponse created = client.create(base, OneM2mHttpClient.TY_AE, aeId, ae(device, labels));
            if (created.rsc() == ResponseStatusCodes.CONFLICT
                    || created.rsc() == ResponseStatusCodes.ORIGINATOR_HAS_ALREADY_REGISTERED) {
                adoptExisting(aePath, aeId, labels, created);
            } else if (!created.isSuccess()) {
                throw StepException.transientFailure("CREATE <AE> " + aePath + " as " + aeId + ": " + created);
            } else {
                String assigned = created.resource("m2m:ae").path("aei").asText(aeId);
                if (!assigned.equals(aeId)) {
                    throw StepException.permanentFailure("the CSE registered the AE of " + device + " as " + assigned
                            + " instead of the AE-ID " + aeId + " asked for");
                }
            }
            CseResponse container = client.create(aePath, OneM2mHttpClient.TY_CONTAINER, aeId,
                    object("m2m:cnt", client.mapper().createObjectNode().put("rn", naming.containerName())));
            if (!container.isSuccess() && container.rsc() != ResponseStatusCodes.CONFLICT) {
                throw StepException.transientFailure("CREATE <container> " + aePath + "/" + naming.containerName()
                        + ": " + container);
            }
        } catch (IOException e) {
            throw StepException.transientFailure("the CSE at " + client.settings().pointOfAccess()
                    + " cannot be reached: " + e.getMessage(), e);
        }
    }

    private void adoptExisting(String aePath, String aeId, List<String> labels, CseResponse createAnswer)
            throws IOException, StepException {
        CseResponse existing = client.retrieve(aePath, aeId);
        if (existing.rsc() == ResponseStatusCodes.NOT_FOUND) {
            throw StepException.permanentFailure("the AE-ID " + aeId + " is registered in the CSE, but not as "
                    + aePath + " (CREATE answered " + createAnswer + ")");
        }
        if (existing.rsc() == ResponseStatusCodes.ORIGINATOR_HAS_NO_PRIVILEGE) {
            throw StepException.permanentFailure("the resource " + aePath + " exists and belongs to another"
                    + " originator than " + aeId);
        }
        if (!existing.isSuccess()) {
            throw StepException.transientFailure("RETRIEVE " + aePath + " as " + aeId + ": " + existing);
        }
        JsonNode ae = existing.resource("m2m:ae");
        String aei = ae.path("aei").asText("");
        String api = ae.path("api").asText("");
        if (!aei.equals(aeId) || !api.equals(naming.appId())) {
            throw StepException.permanentFailure("the resource " + aePath + " is not this node's AE (aei " + aei
                    + ", App-ID " + api + "; expected " + aeId + ", " + naming.appId() + ")");
        }
        List<String> current = new ArrayList<>();
        ae.path("lbl").forEach(label -> current.add(label.asText()));
        if (!current.equals(labels)) {
            ObjectNode update = client.mapper().createObjectNode();
            update.set("lbl", array(labels));
            CseResponse updated = client.update(aePath, aeId, object("m2m:ae", update));
            if (!updated.isSuccess()) {
                throw StepException.transientFailure("UPDATE " + aePath + " labels: " + updated);
            }
        }
    }

    private ObjectNode ae(IeeeAddress device, List<String> labels) {
        ObjectNode ae = client.mapper().createObjectNode()
                .put("rn", naming.resourceName(device))
                .put("api", naming.appId())
                .put("rr", false);
        ae.set("srv", array(List.of(client.settings().releaseVersion())));
        ae.set("lbl", array(labels));
        return object("m2m:ae", ae);
    }

    private ObjectNode object(String shortName, ObjectNode resource) {
        ObjectNode wrapper = client.mapper().createObjectNode();
        wrapper.set(shortName, resource);
        return wrapper;
    }

    private ArrayNode array(List<String> values) {
        ArrayNode array = client.mapper().createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
