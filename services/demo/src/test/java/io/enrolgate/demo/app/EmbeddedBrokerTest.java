package io.enrolgate.demo.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HiveMQ CE embedded beside Vert.x (one Netty for both) hands each message of a shared subscription to one member. */
class EmbeddedBrokerTest {
    @TempDir
    Path directory;

    @Test
    void sharedSubscriptionDeliversEachMessageToOneMember() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (EmbeddedBroker broker = EmbeddedBroker.start(directory, FreePorts.tcp())) {
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            MqttSession a = member(broker, "a", first);
            MqttSession b = member(broker, "b", second);
            MqttSession publisher = MqttSession.create(MqttSettings.of(broker.serverUri(), "publisher"));
            publisher.connect().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                publisher.publish("demo/x/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), new MqttProperties())
                        .get(10, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (first.size() + second.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> all = new java.util.ArrayList<>(first);
            all.addAll(second);
            assertThat(all).as("each message to exactly one member").hasSize(20).doesNotHaveDuplicates();
            a.close();
            b.close();
            publisher.close();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static MqttSession member(EmbeddedBroker broker, String name, List<String> received) throws Exception {
        MqttSession session = MqttSession.create(MqttSettings.of(broker.serverUri(), "member-" + name));
        session.subscribe("$share/g/demo/x/+", 1, message -> {
            received.add(new String(message.payload(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        });
        session.connect().get(10, TimeUnit.SECONDS);
        return session;
    }
}
