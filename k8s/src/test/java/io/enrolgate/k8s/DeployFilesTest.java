package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/: the compose file, the broker's configuration, the Dockerfiles; and their k8s copies. */
class DeployFilesTest {
    private static Path compose() {
        return Repository.deploy().resolve("compose/compose.yaml");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- compose ----------------------------------------------------------------------------------------

    @Test
    void composeServicesAreHealthCheckedHardenedAndKeyForgeRunsTwice() {
        Map<String, Object> compose = ComposeChecks.load(read(compose()));
        assertThat(ComposeChecks.check(compose, compose().getParent())).isEmpty();
        Map<String, Object> services = ComposeChecks.map(compose.get("services"));
        assertThat(services.keySet()).containsAll(ComposeChecks.SERVICES);
        services.forEach((name, service) -> assertThat(ComposeChecks.map(ComposeChecks.map(service).get("healthcheck")))
                .as(name).containsKey("test"));
        assertThat(ComposeChecks.map(ComposeChecks.map(services.get("key-forge")).get("deploy")).get("replicas")).isEqualTo(2);
    }

    @Test
    void composeBreakagesAreCaught() {
        String text = read(compose());
        Path directory = compose().getParent();
        // One key-forge.
        String oneKeyForge = text.replace("    deploy:\n      replicas: 2\n", "    deploy:\n      replicas: 1\n");
        assertThat(oneKeyForge).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(oneKeyForge), directory))
                .contains("key-forge: deploy.replicas is 1, expected 2");
        // A healthcheck removed (the mef's).
        String noHealthcheck = text.replace("""
                    healthcheck:
                      test: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9464/health/ready"]
                """, "    healthcheck:\n      disable: true\n");
        assertThat(noHealthcheck).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(noHealthcheck), directory)).anySatisfy(v -> assertThat(v).isEqualTo("mef: no healthcheck"));
        // The health check on another port than the configuration's.
        String wrongPort = text.replace("http://127.0.0.1:8081/health/ready", "http://127.0.0.1:8080/health/ready");
        assertThat(ComposeChecks.check(ComposeChecks.load(wrongPort), directory))
                .anySatisfy(v -> assertThat(v).startsWith("key-forge: the healthcheck must ask http://127.0.0.1:8081/health/ready"));
        // Root, a writable root file system, capabilities kept (in the shared anchor: every Java service).
        String root = text.replace("""
                x-java-service: &java-service
                  restart: unless-stopped
                  user: "10001:10001"
                  read_only: true
                """, """
                x-java-service: &java-service
                  restart: unless-stopped
                  user: "0:0"
                  read_only: false
                """);
        assertThat(root).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(root), directory))
                .anySatisfy(v -> assertThat(v).startsWith("provisioning: must run as a non-root user"))
                .anySatisfy(v -> assertThat(v).isEqualTo("key-forge: read_only must be true"));
        // A secret file the configuration names but the service does not mount.
        String unmounted = text.replace("      - ./secrets/registry-kek:/run/secrets/enrolgate/registry-kek:ro\n      - ./secrets/provisioning-hpke-public",
                "      - ./secrets/provisioning-hpke-public");
        assertThat(unmounted).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(unmounted), directory))
                .anySatisfy(v -> assertThat(v).isEqualTo("key-forge: registry.kek-file = /run/secrets/enrolgate/registry-kek is not mounted"));
        // The broker without the generated users and roles.
        String noUsers = text.replace("      - ./secrets/mosquitto/dynamic-security.json:/etc/enrolgate/mosquitto/secrets/dynamic-security.json:ro\n", "");
        assertThat(noUsers).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(noUsers), directory))
                .anySatisfy(v -> assertThat(v).startsWith("broker: plugin_opt_config_file"
                        + " /etc/enrolgate/mosquitto/secrets/dynamic-security.json must be"));
        // The serial-bridge always on.
        String always = text.replace("    profiles: [serial-bridge]\n", "");
        assertThat(ComposeChecks.check(ComposeChecks.load(always), directory))
                .anySatisfy(v -> assertThat(v).startsWith("serial-bridge: must be the optional profile"));
        // key-forge built as another service's image.
        String otherImage = text.replace("        SERVICE: key-forge\n", "        SERVICE: mef\n");
        assertThat(otherImage).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(otherImage), directory))
                .anySatisfy(v -> assertThat(v).isEqualTo("key-forge: the image its build makes (build.args {SERVICE=mef}): "
                        + "key-forge: CMD must be [\"serve\", \"key-forge\", \"--config\", \"/etc/enrolgate/key-forge.properties\"]"
                        + " (found [\"serve\", \"mef\", \"--config\", \"/etc/enrolgate/mef.properties\"])"))
                .anySatisfy(v -> assertThat(v).startsWith("key-forge: the image its build makes (build.args {SERVICE=mef}): "
                        + "key-forge: HEALTHCHECK must ask http://127.0.0.1:8081/health/ready"));
        // key-forge built without SERVICE.
        String noService = text.replace("        SERVICE: key-forge\n", "");
        assertThat(ComposeChecks.check(ComposeChecks.load(noService), directory))
                .anySatisfy(v -> assertThat(v).startsWith("key-forge: the image its build makes (build.args {}): "
                        + "key-forge: FROM ${SERVICE}: the base image must be the build argument BASE_IMAGE"));
        // provisioning built from a Dockerfile of the old layout, which is gone.
        String oldLayout = text.replace("      dockerfile: deploy/images/service/Dockerfile\n      args:\n        <<: *build-args\n"
                + "        SERVICE: provisioning\n", "      dockerfile: deploy/images/provisioning/Dockerfile\n      args: *build-args\n");
        assertThat(oldLayout).isNotEqualTo(text);
        assertThat(ComposeChecks.check(ComposeChecks.load(oldLayout), directory))
                .anySatisfy(v -> assertThat(v).startsWith("provisioning: builds deploy/images/provisioning/Dockerfile, which cannot be read"))
                .anySatisfy(v -> assertThat(v).startsWith("provisioning: runs serve provisioning, so its image must be built from "
                        + "deploy/images/service/Dockerfile"));
    }

    // ---- the broker's configuration ---------------------------------------------------------------------

    @Test
    void mosquittoConfHasTlsAndTheDynamicSecurityPlugin() {
        MosquittoConf conf = MosquittoConf.parse(read(Repository.deploy().resolve("mosquitto/mosquitto.conf")));
        assertThat(conf.violations()).isEmpty();
        assertThat(conf.listeners).extracting(MosquittoConf.Listener::port).containsExactly("8883");
        assertThat(conf.global).containsEntry("plugin_opt_config_file", "/etc/enrolgate/mosquitto/secrets/dynamic-security.json")
                .doesNotContainKeys("acl_file", "password_file");
    }

    @Test
    void aBrokenMosquittoConfIsCaught() {
        String text = read(Repository.deploy().resolve("mosquitto/mosquitto.conf"));
        assertThat(MosquittoConf.parse(text.replace("allow_anonymous false", "allow_anonymous true")).violations())
                .contains("allow_anonymous must be false");
        assertThat(MosquittoConf.parse(text + "\nlistener 1883\n").violations())
                .contains("listener 1883: no TLS (certfile and keyfile)");
        String plugin = "plugin /usr/local/lib/enrolgate/mosquitto_dynamic_security.so";
        assertThat(text).contains(plugin);
        assertThat(MosquittoConf.parse(text.replace(plugin, "")).violations())
                .anySatisfy(v -> assertThat(v).startsWith("no dynamic-security plugin"));
        // Back to the acl_file, which lets a gateway join key-forge's shared subscription.
        assertThat(MosquittoConf.parse(text.replace(plugin, "acl_file /etc/enrolgate/mosquitto/acl")).violations())
                .anySatisfy(v -> assertThat(v).startsWith("no dynamic-security plugin"))
                .anySatisfy(v -> assertThat(v).startsWith("acl_file is set"));
    }

    @Test
    void theKubernetesBrokerRunsTheSameConfigurationAndTheUsersSecret() {
        List<HasMetadata> base = Renderings.renderTyped("base");
        ConfigMap configMap = KustomizationInvariantsTest.find(base, ConfigMap.class, "enrolgate-broker");
        assertThat(configMap.getData().get("mosquitto.conf")).isEqualTo(read(Repository.deploy().resolve("mosquitto/mosquitto.conf")));
        assertThat(configMap.getData()).containsOnlyKeys("mosquitto.conf");
        MosquittoConf conf = MosquittoConf.parse(configMap.getData().get("mosquitto.conf"));
        Deployment broker = KustomizationInvariantsTest.find(base, Deployment.class, "broker");
        List<VolumeMount> mounts = broker.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts();
        String users = conf.global.get("plugin_opt_config_file");
        VolumeMount usersMount = mounts.stream().filter(m -> users.equals(m.getMountPath() + "/" + Path.of(users).getFileName()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + users));
        // The file comes from the Secret that holds the generated dynamic-security.json, under that key.
        String secretName = broker.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(usersMount.getName())).findFirst().orElseThrow().getSecret().getSecretName();
        Secret secret = KustomizationInvariantsTest.find(base, Secret.class, secretName);
        assertThat(secret.getStringData()).containsOnlyKeys("dynamic-security.json");
        assertThat(broker.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(String.valueOf(p.getContainerPort())).isEqualTo(conf.listeners.get(0).port()));
    }

    // ---- Dockerfiles ------------------------------------------------------------------------------------

    private static String javaServiceDockerfile() {
        return read(Repository.deploy().resolve("images/service/Dockerfile"));
    }

    private static Map<String, String> exampleConfiguration(String service) {
        return YamlFiles.properties(Repository.deploy().resolve("compose/config/" + service + ".properties"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-forge", "provisioning", "mef", "serial-bridge"})
    void javaServiceImagesRunTheServiceAsNonRootOnALocalBase(String service) {
        assertThat(DockerfileChecks.check(service, javaServiceDockerfile(), Map.of("SERVICE", service),
                exampleConfiguration(service))).isEmpty();
    }

    @Test
    void theJavaServicesShareOneDockerfile() {
        assertThat(DockerfileChecks.JAVA_SERVICE_DOCKERFILE).isEqualTo("deploy/images/service/Dockerfile");
        for (String service : DockerfileChecks.JAVA_SERVICES) {
            assertThat(Repository.deploy().resolve("images/" + service)).as(service).doesNotExist();
        }
        assertThat(Repository.deploy().resolve("images/service/Dockerfile.dockerignore")).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mosquitto", "postgresql"})
    void brokerAndDatabaseImagesAreBuiltOnTheLocalBaseToo(String image) {
        String dockerfile = read(Repository.deploy().resolve("images/" + image + "/Dockerfile"));
        assertThat(DockerfileChecks.check(image, dockerfile, Map.of(), null)).isEmpty();
    }

    @Test
    void brokenDockerfilesAreCaught() {
        String dockerfile = javaServiceDockerfile();
        Map<String, String> keyForge = Map.of("SERVICE", "key-forge");
        Map<String, String> config = exampleConfiguration("key-forge");
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM ${BASE_IMAGE}", "FROM debian:bookworm"), keyForge, config))
                .anySatisfy(v -> assertThat(v).contains("FROM debian:bookworm: the base image must be the build argument BASE_IMAGE"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("USER 10001:10001", "USER root"), keyForge, config))
                .anySatisfy(v -> assertThat(v).contains("must end as a non-root USER"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("127.0.0.1:8081", "127.0.0.1:8080"), keyForge, config))
                .anySatisfy(v -> assertThat(v).contains("HEALTHCHECK must ask http://127.0.0.1:8081/health/ready"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("\"serve\", \"key-forge\"", "\"serve\", \"mef\""), keyForge, config))
                .anySatisfy(v -> assertThat(v).contains("CMD must be [\"serve\", \"key-forge\""));
    }

    @Test
    void brokenStagesOfTheJavaServiceDockerfileAreCaught() {
        String dockerfile = javaServiceDockerfile();
        Map<String, String> config = exampleConfiguration("key-forge");
        // Another service's stage: its admin port and command, not key-forge's.
        assertThat(DockerfileChecks.check("key-forge", dockerfile, Map.of("SERVICE", "mef"), config))
                .anySatisfy(v -> assertThat(v).contains("HEALTHCHECK must ask http://127.0.0.1:8081/health/ready"))
                .anySatisfy(v -> assertThat(v).contains("EXPOSE lacks the admin port 8081"))
                .anySatisfy(v -> assertThat(v).contains("CMD must be [\"serve\", \"key-forge\""));
        // A service without its stage.
        String noStage = dockerfile.replace("FROM java-service AS key-forge", "FROM java-service AS keyforge");
        assertThat(noStage).isNotEqualTo(dockerfile);
        assertThat(DockerfileChecks.check("key-forge", noStage, Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).contains("FROM ${SERVICE} is key-forge here, which names no stage before it"));
        // No SERVICE at all.
        assertThat(DockerfileChecks.check("key-forge", dockerfile, Map.of(), config))
                .anySatisfy(v -> assertThat(v).contains("FROM ${SERVICE}: the base image must be the build argument BASE_IMAGE"));
        // The image is not the stage SERVICE names (the last stage is serial-bridge's).
        String noSelection = dockerfile.substring(0, dockerfile.lastIndexOf("FROM ${SERVICE}"));
        assertThat(DockerfileChecks.check("key-forge", noSelection, Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).contains("CMD must be [\"serve\", \"key-forge\""));
        // A service's stage on another base than the common stage, or back to root.
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM java-service AS key-forge",
                "FROM debian:bookworm AS key-forge"), Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).contains("FROM debian:bookworm: the base image must be the build argument BASE_IMAGE"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM java-service AS key-forge\n",
                "FROM java-service AS key-forge\nUSER 0:0\n"), Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).contains("must end as a non-root USER (found 0:0)"));
        // A stage that is not the image's but could feed it (COPY --from) from another base.
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM java-service AS key-forge\n",
                "FROM debian:bookworm AS tools\nRUN true\n\nFROM java-service AS key-forge\n"), Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).isEqualTo("key-forge: FROM debian:bookworm: the base image must be the build argument BASE_IMAGE"));
        // A service's stage with an ENTRYPOINT of its own.
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM java-service AS key-forge\n",
                "FROM java-service AS key-forge\nENTRYPOINT [\"/bin/sh\"]\n"), Map.of("SERVICE", "key-forge"), config))
                .anySatisfy(v -> assertThat(v).contains("ENTRYPOINT must be java"));
        // A later stage that sets the ENTRYPOINT again: as in Docker, the CMD of the earlier stage is gone.
        String cmd = "CMD [\"serve\", \"key-forge\", \"--config\", \"/etc/enrolgate/key-forge.properties\"]\n";
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        String cmdReset = dockerfile.replace(cmd, cmd + "\nFROM key-forge AS key-forge-again\n" + entrypoint + "\n");
        assertThat(cmdReset).isNotEqualTo(dockerfile);
        assertThat(DockerfileChecks.check("key-forge", cmdReset, Map.of("SERVICE", "key-forge-again"), config))
                .containsExactly("key-forge: CMD must be [\"serve\", \"key-forge\", \"--config\", "
                        + "\"/etc/enrolgate/key-forge.properties\"] (found null)");
    }
}
