package io.enrolgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The containers of {@link ContainerisedEnrolmentIT} on one network, and whatever else the test starts beside them:
 * each container's log goes to {@code <alias>.log} in the logs directory, and {@link #close()} stops everything,
 * the last started first.
 */
final class ContainerDeployment implements AutoCloseable {
    private final RunningParts running = new RunningParts("[it-containers]");
    private final Path logs;
    private final Path work;
    private Network network;

    /** @param work this test's private temporary directory: properties files and secrets to copy into containers */
    ContainerDeployment(Path logs, Path work) {
        this.logs = logs;
        this.work = work;
    }

    /**
     * Creates the network; returns the address at which the containers reach this host (its gateway address).
     * Testcontainers' own way (exposeHostPorts) needs its sshd image from Docker Hub, which machines without a
     * registry lack.
     */
    String startNetwork() {
        network = keep(Network.newNetwork());
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec()
                .getIpam().getConfig().get(0).getGateway();
    }

    /** Stops {@code part} with the rest, in reverse order of start. */
    <T extends AutoCloseable> T keep(T part) {
        return running.keep(part);
    }

    /** A container of the image {@code enrolgate/<image>:it} on the network, known there as {@code alias}. */
    GenericContainer<?> container(String image, String alias) {
        return new GenericContainer<>(DockerImageName.parse("enrolgate/" + image + ":" + ContainerImages.TAG))
                .withNetwork(network)
                .withNetworkAliases(alias);
    }

    /** PostgreSQL with the password of each database's role ({@code postgres}, registry, mef, provisioning). */
    GenericContainer<?> postgres(Map<String, String> secrets) throws IOException {
        GenericContainer<?> postgres = container("postgresql", "postgres")
                .withCopyFileToContainer(file(write(work.resolve("pg-postgres"), secrets.get("postgres"))),
                        "/run/secrets/enrolgate/db/postgres/password")
                .withExposedPorts(5432)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        for (String database : List.of("registry", "mef", "provisioning")) {
            postgres.withCopyFileToContainer(file(write(work.resolve("pg-" + database), secrets.get(database))),
                    "/run/secrets/enrolgate/db/" + database + "/password");
        }
        return postgres;
    }

    /** Mosquitto as deploy/mosquitto configures it, without TLS, with the users of {@code dynamicSecurity}. */
    GenericContainer<?> broker(String dynamicSecurity) throws IOException {
        Path users = write(work.resolve("dynamic-security.json"), dynamicSecurity);
        Path brokerConf = write(work.resolve("mosquitto.conf"), String.join("\n",
                "# deploy/mosquitto/mosquitto.conf without TLS (a plain listener for the test), same plugin and roles",
                "per_listener_settings false", "allow_anonymous false",
                "plugin /usr/local/lib/enrolgate/mosquitto_dynamic_security.so",
                "plugin_opt_config_file /etc/enrolgate/mosquitto/secrets/dynamic-security.json", "set_tcp_nodelay true", "listener 1883", "persistence false",
                "log_dest stdout", "log_type error", "log_type warning", "log_type notice", "log_type information"));
        return container("mosquitto", "broker")
                .withCopyFileToContainer(file(brokerConf), "/etc/enrolgate/mosquitto/mosquitto.conf")
                .withCopyFileToContainer(file(users), "/etc/enrolgate/mosquitto/secrets/dynamic-security.json")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort());
    }

    /** A Java service's container: its properties file, secrets as ENROLGATE_* variables, ready on /health/ready. */
    GenericContainer<?> service(String image, String alias, int adminPort, Map<String, String> properties,
            Map<String, String> environment) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path config = write(work.resolve(alias + ".properties"), text.toString());
        String inside = "/etc/enrolgate/" + image + ".properties";
        return container(image, alias)
                .withCopyFileToContainer(file(config), inside)
                .withEnv(environment)
                .withEnv("ENROLGATE_LOG_LEVEL", System.getProperty("enrolgate.it.log-level", "DEBUG"))
                .withCommand("serve", image, "--config", inside)
                .waitingFor(Wait.forHttp("/health/ready").forPort(adminPort).withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Starts {@code container} (waiting as it says) with its log going to {@code <alias>.log}. */
    void start(GenericContainer<?> container) {
        String alias = container.getNetworkAliases().get(container.getNetworkAliases().size() - 1);
        container.withLogConsumer(frame -> {
            try {
                Files.writeString(logs.resolve(alias + ".log"), frame.getUtf8String(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a lost log line
            }
        });
        container.start();
        running.keep(container::stop);
        System.out.printf(Locale.ROOT, "[it-containers] %s up (%s)%n", alias, container.getDockerImageName());
    }

    static MountableFile file(Path path) {
        // Readable by the images' user (uid 10001); the files live in this test's private temporary directory.
        return MountableFile.forHostPath(path, 0444);
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Stops everything, the last started first; never throws. */
    @Override
    public void close() {
        running.close();
    }
}
