package io.enrolgate.provisioning.testing;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.provisioning.app.ProvisioningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios against one {@link TestWorld} per test class (starting ACME and the MEF once), each scenario with the
 * provisioning replicas it starts, which are stopped after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorldScenarios {
    /** Static: JUnit fills an instance field only after {@code @BeforeAll} has run. */
    @TempDir
    protected static Path directory;
    protected TestWorld world;
    /** The replicas the current scenario started and that are still to be stopped. */
    protected final List<ProvisioningService> running = new ArrayList<>();

    @BeforeAll
    void startWorld() throws Exception {
        world = new TestWorld(directory);
    }

    @AfterAll
    void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @AfterEach
    void stopProvisioning() throws Exception {
        for (ProvisioningService service : running) {
            service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        running.clear();
        afterScenario();
    }

    /** What a scenario leaves behind that the next must not see; nothing by default. */
    protected void afterScenario() throws Exception {
    }

    protected ProvisioningService start(String instance, DatabaseConfig work, Map<String, String> overrides)
            throws Exception {
        ProvisioningService service = world.startProvisioning(world.config(instance, work, overrides));
        running.add(service);
        return service;
    }

    /** GET of {@code path} on 127.0.0.1:{@code port} (health and metrics). */
    protected static HttpResponse<String> httpGet(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An H2 file database of its own under the class's directory. */
    protected DatabaseConfig h2(String name) {
        return DatabaseConfig.of("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath(), "enrolgate", "");
    }
}
