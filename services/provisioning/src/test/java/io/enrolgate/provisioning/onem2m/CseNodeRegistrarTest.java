package io.enrolgate.provisioning.onem2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.provisioning.core.StepException;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.zigbee.IeeeAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Node registration over the oneM2M HTTP binding against the real ACME CSE. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CseNodeRegistrarTest {
    private AcmeCse cse;
    private OneM2mHttpClient client;
    private CseNodeRegistrar registrar;

    @BeforeAll
    void start(@TempDir Path directory) {
        cse = AcmeCse.start(directory);
        client = new OneM2mHttpClient(new CseSettings(cse.pointOfAccess(), AcmeCse.CSE_BASE, "3", Duration.ofSeconds(10)));
        registrar = new CseNodeRegistrar(client, NodeNaming.defaults());
    }

    @AfterAll
    void stop() {
        cse.close();
    }

    private static KeyIdentifier keyId() {
        return new KeyIdentifier(RelativeKeyId.random(), "mef.example.com");
    }

    private List<String> labelsOf(String path) throws Exception {
        List<String> labels = new ArrayList<>();
        cse.retrieve(path).path("m2m:ae").path("lbl").forEach(label -> labels.add(label.asText()));
        return labels;
    }

    @Test
    void registersTheNodeOnceAndKeepsItsLabelsCurrent() throws Exception {
        IeeeAddress device = IeeeAddress.parse("000D6F000A0B0C0D");
        KeyIdentifier first = keyId();
        registrar.registerNode(device, first);
        String path = AcmeCse.CSE_BASE + "/zigbee-000d6f000a0b0c0d";
        JsonNode ae = cse.retrieve(path).path("m2m:ae");
        assertThat(ae.path("aei").asText()).isEqualTo("Czigbee-000d6f000a0b0c0d");
        assertThat(ae.path("api").asText()).isEqualTo("Nenrolgate.zigbee");
        assertThat(ae.path("rr").asBoolean(true)).isFalse();
        assertThat(labelsOf(path)).containsExactly("ieee:000d6f000a0b0c0d", "keyID:" + first);

        // A retry after a crash: nothing new.
        registrar.registerNode(device, first);
        // A re-enrolment: a new key identifier on the same AE.
        KeyIdentifier second = keyId();
        registrar.registerNode(device, second);
        assertThat(labelsOf(path)).containsExactly("ieee:000d6f000a0b0c0d", "keyID:" + second);
        assertThat(cse.discoverAll()).filteredOn(uri -> uri.startsWith(path))
                .containsExactlyInAnyOrder(path, path + "/data");
    }

    @Test
    void neverTakesOverAResourceOfAnotherOriginator() throws Exception {
        IeeeAddress device = IeeeAddress.parse("000D6F000A0B0C0E");
        // Someone else got the node's name first.
        CseResponse squatter = client.create(AcmeCse.CSE_BASE, OneM2mHttpClient.TY_AE, "CSquatter",
                client.mapper().readTree("{\"m2m:ae\":{\"rn\":\"zigbee-000d6f000a0b0c0e\",\"api\":\"Nother\","
                        + "\"rr\":false,\"srv\":[\"3\"]}}"));
        assertThat(squatter.rsc()).isEqualTo(ResponseStatusCodes.CREATED);
        assertThatThrownBy(() -> registrar.registerNode(device, keyId())).isInstanceOfSatisfying(StepException.class,
                e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("zigbee-000d6f000a0b0c0e");
                });
        assertThat(cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-000d6f000a0b0c0e").path("m2m:ae").path("aei").asText())
                .isEqualTo("CSquatter");
    }

    @Test
    void anUnreachableCseIsTransient() {
        CseNodeRegistrar nowhere = new CseNodeRegistrar(new OneM2mHttpClient(new CseSettings(
                URI.create("http://127.0.0.1:1"), AcmeCse.CSE_BASE, "3", Duration.ofSeconds(2))), NodeNaming.defaults());
        assertThatThrownBy(() -> nowhere.registerNode(IeeeAddress.parse("000D6F000A0B0C0F"), keyId()))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.getMessage()).contains("cannot be reached");
                });
    }

    @Test
    void namingRefusesIdentifiersTheCseWouldNot() {
        assertThatThrownBy(() -> new NodeNaming("zigbee-", "zigbee-", "Nenrolgate", "data"))
                .hasMessageContaining("AE-ID prefix");
        assertThatThrownBy(() -> new NodeNaming("Czigbee-", "zigbee-", "enrolgate", "data"))
                .hasMessageContaining("App-ID");
        assertThatThrownBy(() -> new NodeNaming("Czigbee-", "zig bee", "Nenrolgate", "data"))
                .hasMessageContaining("resource name");
    }
}
