package io.enrolgate.serialbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.serialbridge.app.SerialBridgeConfig;
import io.enrolgate.serialbridge.app.SerialBridgeService;
import io.enrolgate.serialbridge.core.BridgeSettings;
import io.enrolgate.serialbridge.serial.SerialSettings;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.zigbee.IeeeAddress;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the bridge's end-to-end tests run against, all real: a Mosquitto broker, key-forge with its
 * registry, a pseudo-terminal line (socat) with the firmware's gateway simulator on one end and the
 * serial-bridge (jSerialComm) on the other, simulated devices on a ZEP medium, and a watcher that opens the
 * sealed key deliveries as provisioning would.
 */
public final class BridgeRig implements AutoCloseable {
    public static final IeeeAddress GATEWAY = UartFrames.GATEWAY;
    public static final int PAN = UartFrames.PAN;
    public static final int CHANNEL = UartFrames.CHANNEL;
    public static final Duration WAIT = Duration.ofSeconds(30);

    public final Path directory;
    public final MosquittoProcess broker;
    public final Vertx vertx;
    public final KeyForgeFixture forge;
    public final BrokerWatcher watcher;
    public final SocatPty line;
    public final int mediumPort = FirmwareSimulators.freeMediumPort();
    private final Duration gatewayDeadline;
    private GatewaySimProcess gateway;
    private SerialBridgeService bridge;
    private long nextDevice = 0x000D6F0000E60001L;

    private BridgeRig(Path directory, Duration gatewayDeadline) {
        this.directory = directory;
        this.gatewayDeadline = gatewayDeadline;
        // Built before anything runs, so that a slow first build does not eat into a test's waits.
        FirmwareSimulators.gatewaySim();
        broker = MosquittoProcess.startAnonymous();
        vertx = Vertx.vertx();
        forge = KeyForgeFixture.start(vertx, broker.serverUri());
        watcher = BrokerWatcher.start(broker.serverUri(), forge.provisioningKey());
        line = SocatPty.started(directory);
    }

    /** Broker, key-forge, line, gateway simulator and bridge, with the bridge ready. */
    public static BridgeRig start(Path directory, BridgeSettings settings, Duration gatewayDeadline) {
        BridgeRig rig = new BridgeRig(directory, gatewayDeadline);
        try {
            rig.startGateway();
            rig.startBridge(settings);
            Await.until(WAIT, rig.bridge::isReady, () -> "bridge ready: " + rig.bridge.bridge());
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    public void startGateway() {
        gateway = GatewaySimProcess.start(directory, line.gatewayEnd(), mediumPort, GATEWAY, PAN, CHANNEL, gatewayDeadline);
    }

    public GatewaySimProcess gateway() {
        return gateway;
    }

    public void startBridge(BridgeSettings settings) {
        SerialBridgeConfig config = new SerialBridgeConfig("rig", new SerialSettings(line.hostEnd().toString(), 115_200),
                Duration.ofMillis(50), Duration.ofMillis(500),
                MqttSettings.of(broker.serverUri(), "unused").withMaxReconnectDelay(Duration.ofSeconds(1)),
                Optional.empty(), settings, "127.0.0.1", 0);
        try {
            bridge = SerialBridgeService.start(vertx, config).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the bridge did not start: " + e.getMessage(), e);
        }
    }

    public SerialBridgeService bridge() {
        return bridge;
    }

    /** Fresh devices with new IEEE addresses and install codes, registered in key-forge. */
    public List<SimulatedDevice> newDevices(int count) {
        List<SimulatedDevice> devices = SimulatedDevice.make(nextDevice, count);
        nextDevice += count;
        forge.register(devices);
        return devices;
    }

    public DeviceSimProcess join(List<SimulatedDevice> devices, Duration keyTimeout) {
        return DeviceSimProcess.start(directory, devices, mediumPort, PAN, CHANNEL, keyTimeout, Duration.ofMillis(30));
    }

    /** Every device installed a network key, and it is the key key-forge sealed for provisioning. */
    public void assertEnrolled(List<SimulatedDevice> devices, List<JsonObject> reports) {
        Map<String, JsonObject> byIeee = reports.stream()
                .collect(Collectors.toMap(r -> r.getString("ieee"), Function.identity(), (a, b) -> b));
        for (SimulatedDevice device : devices) {
            JsonObject report = byIeee.get(device.ieee().toTopicHex());
            assertThat(report).as("report of %s", device.ieee()).isNotNull();
            assertThat(report.getString("outcome")).as("%s: %s", device.ieee(), report).isEqualTo("key_installed");
            Await.until(Duration.ofSeconds(10), () -> !watcher.keysOf(device.ieee()).isEmpty(),
                    () -> "key delivery of " + device.ieee());
            // A request the bridge repeated (a slow answer) makes key-forge publish the same KeyDelivery again, by
            // design, while nothing has provisioned it: the same key any number of times, never a second key.
            assertThat(watcher.keysOf(device.ieee())).as("sealed key delivered for %s", device.ieee())
                    .containsOnly(report.getString("key"));
        }
    }

    public double counter(String name, String... tags) {
        return bridge.meterRegistry().get(name).tags(tags).counter().count();
    }

    @Override
    public void close() {
        if (bridge != null) {
            try {
                bridge.stop().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("bridge did not stop cleanly: " + e);
            }
        }
        if (gateway != null) {
            gateway.close();
        }
        line.close();
        watcher.close();
        forge.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("vertx did not close: " + e);
        }
        broker.close();
    }
}
