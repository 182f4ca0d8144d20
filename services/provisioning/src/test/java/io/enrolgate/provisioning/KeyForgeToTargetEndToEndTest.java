package io.enrolgate.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttRequester;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import io.enrolgate.keyforge.app.KeyForgeService;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.provisioning.testing.TestWorld;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.transportkey.DecodedTransportKey;
import io.enrolgate.zigbee.transportkey.TransportKeyDecoder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole trusted path, every part real: a gateway's EG Request over MQTT → key-forge forges the Transport
 * Key frame and seals the key for provisioning → provisioning registers it at the MEF and the node in the CSE →
 * the oneM2M application retrieves it from the MEF as a target (what {@code enrolgate mef fetch-key} does). The
 * key in the frame, decoded with the device's install code, is the first half of what the application gets.
 */
class KeyForgeToTargetEndToEndTest {
    @TempDir
    Path directory;

    @Test
    void theKeyTheDeviceReceivesIsTheFirstHalfOfWhatTheTargetRetrieves() throws Exception {
        try (TestWorld world = new TestWorld(directory)) {
            IeeeAddress device = IeeeAddress.parse("000D6F0011223344");
            world.registerDevice(device, List.of(TestWorld.TARGET));

            KeyForgeService keyForge = KeyForgeService.start(world.vertx, KeyForgeConfig.from(ServiceConfig.of(Map.of(
                    "instance-id", "kf-1",
                    "mqtt.server-uri", world.broker.serverUri(),
                    "database.url", world.registryDatabase().jdbcUrl(),
                    "database.user", world.registryDatabase().user(),
                    "registry.kek", world.registryKekHex(),
                    "provisioning.public-key", world.provisioningKey.publicKey().toBase64(),
                    "http.host", "127.0.0.1",
                    "http.port", "0"), Map.of()))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            ProvisioningService provisioning = world.startProvisioning(world.config("e2e",
                    DatabaseConfig.of("jdbc:h2:file:" + directory.resolve("work").toAbsolutePath(), "enrolgate", ""),
                    Map.of()));
            MqttSession gateway = MqttSession.create(MqttSettings.of(world.broker.serverUri(), "gw-" + UUID.randomUUID()));
            try {
                gateway.connect().get(30, TimeUnit.SECONDS);
                MqttRequester requester = MqttRequester.start(gateway, EnrolgateTopics.response(TestWorld.GATEWAY))
                        .get(30, TimeUnit.SECONDS);
                byte[] requestId = new byte[16];
                new SecureRandom().nextBytes(requestId);
                EgRequest request = EgRequest.newBuilder()
                        .setRequestId(ByteString.copyFrom(requestId))
                        .setGatewayIeee(TestWorld.GATEWAY.value())
                        .setGatewayShort(0x0000)
                        .setPanId(0x1A62)
                        .setDeviceIeee(device.value())
                        .setDeviceShort(0x4F2C)
                        .setCapabilityInformation(0x80)
                        .build();
                InboundMessage answer = requester.request(EnrolgateTopics.request(TestWorld.GATEWAY), request.toByteArray(),
                        requestId, RequestResponse.PROTOBUF, Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
                EgResponse response = EgResponse.parseFrom(answer.payload());
                assertThat(response.hasNwkFrame()).as("key-forge answered with a frame: %s", response).isTrue();

                // What the device installs: the network key in the frame, under its install code's link key.
                DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(response.getNwkFrame().toByteArray(),
                        TestWorld.INSTALL_CODE.linkKey());
                byte[] deviceKey = ((TransportKeyCommand.NetworkKey) decoded.command()).key().toBytes();

                Enrolment enrolment = world.registry.enrolmentsOf(device).get(0);
                EnrolmentEvent provisioned = world.awaitEvent(enrolment.id(), EnrolmentEvent.State.KEY_PROVISIONED,
                        Duration.ofSeconds(90));
                KeyIdentifier keyId = KeyIdentifier.parse(provisioned.getKeyIdentifier());

                // What the oneM2M application gets from the MEF (enrolgate mef fetch-key --first-half).
                byte[] retrieved = world.targetClient().retrieve(keyId).keyValue().firstHalf();
                assertThat(HexFormat.of().formatHex(retrieved)).isEqualTo(HexFormat.of().formatHex(deviceKey));

                // And the CSE tells it which key: the node's AE carries the key identifier.
                assertThat(world.cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-" + device.toTopicHex())
                        .path("m2m:ae").path("lbl").toString()).contains("keyID:" + keyId);
                assertThat(world.registry.findEnrolment(enrolment.id()).orElseThrow().keyIdentifier())
                        .contains(keyId.toString());
            } finally {
                gateway.close();
                provisioning.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                keyForge.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
