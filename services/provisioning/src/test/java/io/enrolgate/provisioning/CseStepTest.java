package io.enrolgate.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.provisioning.testing.TestWorld.Issued;
import io.enrolgate.provisioning.testing.WorldScenarios;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.CapturingAppender;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The CSE step against real parts: provisioning configured without a CSE, and the node's AE under two keys of one
 * device worked out of order or at once.
 */
class CseStepTest extends WorldScenarios {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicLong NEXT_DEVICE = new AtomicLong(0x000D6F0000200000L);

    private ProvisioningService start(String instance, Map<String, String> overrides) throws Exception {
        return start(instance, h2("work-" + instance), overrides);
    }

    private static IeeeAddress nextDevice() {
        return new IeeeAddress(NEXT_DEVICE.addAndGet(0x101));
    }

    @Test
    void withoutACseKeysAreProvisionedAtTheMefAndNoNodeIsRegistered() throws Exception {
        ProvisioningService service = start("no-cse", Map.of("cse.url", ""));
        Issued issued = world.issue(nextDevice());
        world.publish(issued);

        EnrolmentEvent event = world.awaitEvent(issued.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        KeyIdentifier keyId = KeyIdentifier.parse(event.getKeyIdentifier());
        assertThat(world.targetClient().retrieve(keyId).keyValue().firstHalf()).isEqualTo(issued.key().toBytes());
        assertThat(world.registry.findEnrolment(issued.enrolmentId()).orElseThrow().state())
                .isEqualTo(EnrolmentState.KEY_PROVISIONED);
        assertThat(world.cse.discoverAll()).noneMatch(uri -> uri.contains(issued.device().toTopicHex()));

        assertThat(CapturingAppender.lines()).filteredOn(line -> line.contains("provisioning no-cse: no oneM2M CSE"))
                .singleElement().asString().contains("nodes will not be registered in a CSE");
        JsonNode ready = new ObjectMapper().readTree(httpGet(service.httpPort(), "/health/ready").body());
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("notes").path("cse").asText()).isEqualTo(ProvisioningService.NO_CSE_NOTE);
        assertThat(httpGet(service.httpPort(), "/metrics").body())
                .contains("enrolgate_provisioning_completed_total{", "outcome=\"provisioned\"")
                .containsPattern("enrolgate_provisioning_steps_total\\{[^}]*outcome=\"skipped\"[^}]*step=\"cse_register\"");
    }

    @Test
    void withACseTheReadinessNotesSayWhereNodesAreRegistered() throws Exception {
        ProvisioningService service = start("with-cse", Map.of());
        JsonNode ready = new ObjectMapper().readTree(httpGet(service.httpPort(), "/health/ready").body());
        assertThat(ready.path("notes").path("cse").asText()).isEqualTo("nodes are registered in "
                + world.cse.pointOfAccess());
    }

    @Test
    void anOlderKeyWorkedAfterTheNewerOneLeavesTheNewerKeyIdentifierOnTheAe() throws Exception {
        start("order", Map.of());
        IeeeAddress device = nextDevice();
        Issued older = world.issue(device);
        Issued newer = world.issue(device);

        world.publish(newer);
        EnrolmentEvent newerEvent = world.awaitEvent(newer.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        world.publish(older);
        world.awaitEvent(older.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);

        assertThat(aeLabels(device)).containsExactly("ieee:" + device.toTopicHex(),
                "keyID:" + newerEvent.getKeyIdentifier());
    }

    @Test
    void twoKeysOfOneDeviceWorkedAtOnceLeaveTheNewerKeyIdentifierOnTheAe() throws Exception {
        start("together", Map.of("provisioning.concurrency", "8"));
        List<IeeeAddress> devices = List.of(nextDevice(), nextDevice(), nextDevice());
        List<Issued> older = new ArrayList<>();
        List<Issued> newer = new ArrayList<>();
        for (IeeeAddress device : devices) {
            older.add(world.issue(device));
            newer.add(world.issue(device));
        }
        for (int i = 0; i < devices.size(); i++) {
            world.publish(older.get(i));
            world.publish(newer.get(i));
        }

        for (int i = 0; i < devices.size(); i++) {
            world.awaitEvent(older.get(i).enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
            EnrolmentEvent newerEvent = world.awaitEvent(newer.get(i).enrolmentId(),
                    EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
            assertThat(aeLabels(devices.get(i))).containsExactly("ieee:" + devices.get(i).toTopicHex(),
                    "keyID:" + newerEvent.getKeyIdentifier());
        }
    }

    private List<String> aeLabels(IeeeAddress device) throws Exception {
        JsonNode ae = world.cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-" + device.toTopicHex()).path("m2m:ae");
        List<String> labels = new ArrayList<>();
        ae.path("lbl").forEach(label -> labels.add(label.asText()));
        return labels;
    }
}
