package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
        // The broker on another ACL than deploy/mosquitto/acl.
        String otherAcl = text.replace("../mosquitto/acl:/etc/enrolgate/mosquitto/acl:ro", "./acl:/etc/enrolgate/mosquitto/acl:ro");
        assertThat(ComposeChecks.check(ComposeChecks.load(otherAcl), directory))
                .anySatisfy(v -> assertThat(v).contains("acl_file /etc/enrolgate/mosquitto/acl must be ../mosquitto/acl"));
        // The serial-bridge always on.
        String always = text.replace("    profiles: [serial-bridge]\n", "");
        assertThat(ComposeChecks.check(ComposeChecks.load(always), directory))
                .anySatisfy(v -> assertThat(v).startsWith("serial-bridge: must be the optional profile"));
    }

    // ---- the broker's configuration ---------------------------------------------------------------------

    @Test
    void mosquittoConfHasTlsUsersAndTheAcl() {
        MosquittoConf conf = MosquittoConf.parse(read(Repository.deploy().resolve("mosquitto/mosquitto.conf")));
        assertThat(conf.violations()).isEmpty();
        assertThat(conf.listeners).extracting(MosquittoConf.Listener::port).containsExactly("8883");
        assertThat(conf.global).containsEntry("acl_file", "/etc/enrolgate/mosquitto/acl");
    }

    @Test
    void aBrokenMosquittoConfIsCaught() {
        String text = read(Repository.deploy().resolve("mosquitto/mosquitto.conf"));
        assertThat(MosquittoConf.parse(text.replace("allow_anonymous false", "allow_anonymous true")).violations())
                .contains("allow_anonymous must be false");
        assertThat(MosquittoConf.parse(text + "\nlistener 1883\n").violations())
                .contains("listener 1883: no TLS (certfile and keyfile)");
        assertThat(MosquittoConf.parse(text.replace("acl_file /etc/enrolgate/mosquitto/acl", "")).violations())
                .contains("no acl_file: topics must be restricted per user");
    }

    @Test
    void theKubernetesBrokerRunsTheSameConfigurationAndAcl() {
        List<HasMetadata> base = Renderings.renderTyped("base");
        ConfigMap configMap = KustomizationInvariantsTest.find(base, ConfigMap.class, "enrolgate-broker");
        assertThat(configMap.getData().get("mosquitto.conf")).isEqualTo(read(Repository.deploy().resolve("mosquitto/mosquitto.conf")));
        assertThat(configMap.getData().get("acl")).isEqualTo(read(Repository.deploy().resolve("mosquitto/acl")));
        MosquittoConf conf = MosquittoConf.parse(configMap.getData().get("mosquitto.conf"));
        Deployment broker = KustomizationInvariantsTest.find(base, Deployment.class, "broker");
        List<VolumeMount> mounts = broker.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts();
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo(conf.global.get("acl_file"));
            assertThat(m.getSubPath()).isEqualTo("acl");
        });
        assertThat(mounts).anySatisfy(m -> assertThat(conf.global.get("password_file")).startsWith(m.getMountPath() + "/"));
        assertThat(broker.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(String.valueOf(p.getContainerPort())).isEqualTo(conf.listeners.get(0).port()));
    }

    // ---- Dockerfiles ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"key-forge", "provisioning", "mef", "serial-bridge"})
    void javaServiceImagesRunTheServiceAsNonRootOnALocalBase(String service) {
        String dockerfile = read(Repository.deploy().resolve("images/" + service + "/Dockerfile"));
        Map<String, String> config = YamlFiles.properties(Repository.deploy().resolve("compose/config/" + service + ".properties"));
        assertThat(DockerfileChecks.check(service, dockerfile, config)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mosquitto", "postgresql"})
    void brokerAndDatabaseImagesAreBuiltOnTheLocalBaseToo(String image) {
        String dockerfile = read(Repository.deploy().resolve("images/" + image + "/Dockerfile"));
        assertThat(DockerfileChecks.check(image, dockerfile, null)).isEmpty();
    }

    @Test
    void brokenDockerfilesAreCaught() {
        String dockerfile = read(Repository.deploy().resolve("images/key-forge/Dockerfile"));
        Map<String, String> config = YamlFiles.properties(Repository.deploy().resolve("compose/config/key-forge.properties"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("FROM ${BASE_IMAGE}", "FROM debian:bookworm"), config))
                .anySatisfy(v -> assertThat(v).contains("FROM debian:bookworm: the base image must be the build argument BASE_IMAGE"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("USER 10001:10001", "USER root"), config))
                .anySatisfy(v -> assertThat(v).contains("must end as a non-root USER"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("127.0.0.1:8081", "127.0.0.1:8080"), config))
                .anySatisfy(v -> assertThat(v).contains("HEALTHCHECK must ask http://127.0.0.1:8081/health/ready"));
        assertThat(DockerfileChecks.check("key-forge", dockerfile.replace("\"serve\", \"key-forge\"", "\"serve\", \"mef\""), config))
                .anySatisfy(v -> assertThat(v).contains("CMD must be [\"serve\", \"key-forge\""));
    }
}
