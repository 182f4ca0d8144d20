package io.enrolgate.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose/compose.yaml's invariants, as violations: every service has a health check, runs as a
 * non-root user with a read-only root file system, no capabilities and no privilege escalation; health
 * checks ask the admin port that the service's mounted configuration names, on /health/ready; every file a
 * configuration names (*-file) is mounted; key-forge runs 2 replicas; the broker runs deploy/mosquitto's
 * configuration and generated users and roles; the serial-bridge is an optional profile with the gateway's device; what a service builds
 * exists, and a Java service's image is built from the one Java-service Dockerfile with build arguments that make
 * an image which passes {@link DockerfileChecks} for the service it runs.
 */
final class ComposeChecks {
    static final List<String> SERVICES = List.of("broker", "postgres", "mef", "key-forge", "provisioning", "serial-bridge");

    private ComposeChecks() {
    }

    /** compose.yaml as plain maps and lists (YAML merge keys resolved). */
    static Map<String, Object> load(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("compose.yaml is not a mapping");
        }
        return cast(loaded);
    }

    static List<String> check(Map<String, Object> compose, Path composeDirectory) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        for (String expected : SERVICES) {
            if (!services.containsKey(expected)) {
                violations.add("no service " + expected);
            }
        }
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            checkService(entry.getKey(), map(entry.getValue()), services, composeDirectory, violations);
        }
        Map<String, Object> keyForge = map(services.get("key-forge"));
        Object replicas = map(keyForge.get("deploy")).get("replicas");
        if (!Integer.valueOf(2).equals(replicas)) {
            violations.add("key-forge: deploy.replicas is " + replicas + ", expected 2");
        }
        checkBroker(map(services.get("broker")), composeDirectory, violations);
        Map<String, Object> bridge = map(services.get("serial-bridge"));
        if (!list(bridge.get("profiles")).contains("serial-bridge")) {
            violations.add("serial-bridge: must be the optional profile serial-bridge (only on a host with a gateway)");
        }
        if (list(bridge.get("devices")).stream().noneMatch(d -> String.valueOf(d).endsWith(":" + Invariants.SERIAL_PORT_IN_POD))) {
            violations.add("serial-bridge: no device mapped to " + Invariants.SERIAL_PORT_IN_POD);
        }
        return violations;
    }

    private static void checkService(String name, Map<String, Object> service, Map<String, Object> services,
            Path directory, List<String> violations) {
        Map<String, Object> healthcheck = map(service.get("healthcheck"));
        List<Object> test = list(healthcheck.get("test"));
        if (test.isEmpty() || "NONE".equals(test.get(0)) || Boolean.TRUE.equals(healthcheck.get("disable"))) {
            violations.add(name + ": no healthcheck");
        }
        String user = String.valueOf(service.get("user"));
        if (service.get("user") == null || user.equals("0") || user.equals("root") || user.startsWith("0:")
                || user.startsWith("root:")) {
            violations.add(name + ": must run as a non-root user (user: " + service.get("user") + ")");
        }
        if (!Boolean.TRUE.equals(service.get("read_only"))) {
            violations.add(name + ": read_only must be true");
        }
        if (!list(service.get("cap_drop")).contains("ALL")) {
            violations.add(name + ": cap_drop must include ALL");
        }
        if (!list(service.get("security_opt")).contains("no-new-privileges:true")) {
            violations.add(name + ": security_opt must include no-new-privileges:true");
        }
        if (Boolean.TRUE.equals(service.get("privileged")) || "host".equals(service.get("network_mode"))
                || "host".equals(service.get("pid")) || service.containsKey("cap_add")) {
            violations.add(name + ": privileged, host network/pid or added capabilities");
        }
        for (Map.Entry<String, Object> dependency : map(service.get("depends_on")).entrySet()) {
            Map<String, Object> other = map(services.get(dependency.getKey()));
            if (other.isEmpty()) {
                violations.add(name + ": depends on " + dependency.getKey() + ", which is not a service");
            } else if (!"service_healthy".equals(map(dependency.getValue()).get("condition"))) {
                violations.add(name + ": should wait for " + dependency.getKey() + " to be healthy (condition: service_healthy)");
            }
        }
        Map<String, String> mounts = mounts(service);
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            String source = mount.getValue();
            if ((source.startsWith("./") || source.startsWith("../")) && !source.startsWith("./secrets/")
                    && !Files.exists(directory.resolve(source).normalize())) {
                violations.add(name + ": mounts " + source + ", which does not exist");
            }
        }
        Map<String, Object> build = map(service.get("build"));
        Optional<String> dockerfile = Optional.empty();
        if (!build.isEmpty()) {
            Path file = directory.resolve(String.valueOf(build.getOrDefault("context", ".")))
                    .resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"))).normalize();
            try {
                dockerfile = Optional.of(Files.readString(file));
            } catch (java.io.IOException e) {
                violations.add(name + ": builds " + build.get("dockerfile") + ", which cannot be read (" + file + ")");
            }
        }
        List<Object> command = list(service.get("command"));
        if (command.size() == 4 && "serve".equals(command.get(0)) && "--config".equals(command.get(2))) {
            String configPath = String.valueOf(command.get(3));
            String source = mounts.get(configPath);
            if (source == null) {
                violations.add(name + ": its configuration " + configPath + " is not mounted");
                return;
            }
            Map<String, String> properties = YamlFiles.properties(directory.resolve(source).normalize());
            String served = String.valueOf(command.get(1));
            if (!DockerfileChecks.JAVA_SERVICE_DOCKERFILE.equals(build.get("dockerfile"))) {
                violations.add(name + ": runs serve " + served + ", so its image must be built from "
                        + DockerfileChecks.JAVA_SERVICE_DOCKERFILE + " (build.dockerfile: " + build.get("dockerfile") + ")");
            }
            if (dockerfile.isPresent()) {
                // The image its build arguments make must run what the service runs, with the same admin port.
                // BASE_IMAGE stays as written: what is checked is that the image is built FROM it.
                Map<String, String> arguments = new LinkedHashMap<>();
                map(build.get("args")).forEach((key, value) -> arguments.put(key, String.valueOf(value)));
                arguments.remove("BASE_IMAGE");
                for (String violation : DockerfileChecks.check(served, dockerfile.get(), arguments, properties)) {
                    violations.add(name + ": the image its build makes (build.args " + arguments + "): " + violation);
                }
            }
            String port = properties.getOrDefault("admin.port", properties.get("http.port"));
            String url = "http://127.0.0.1:" + port + "/health/ready";
            if (port == null || test.stream().noneMatch(word -> String.valueOf(word).equals(url))) {
                violations.add(name + ": the healthcheck must ask " + url + " (the admin port of " + source + "), not " + test);
            }
            for (Map.Entry<String, String> property : properties.entrySet()) {
                if (property.getKey().endsWith("-file") && !mounts.containsKey(property.getValue())) {
                    violations.add(name + ": " + property.getKey() + " = " + property.getValue() + " is not mounted");
                }
            }
            if (name.equals("serial-bridge") && !Invariants.SERIAL_PORT_IN_POD.equals(properties.get("serial.port"))) {
                violations.add(name + ": serial.port must be " + Invariants.SERIAL_PORT_IN_POD);
            }
        }
    }

    private static void checkBroker(Map<String, Object> broker, Path directory, List<String> violations) {
        Map<String, String> mounts = mounts(broker);
        Optional<String> confSource = mounts.entrySet().stream()
                .filter(e -> e.getKey().endsWith("/mosquitto.conf")).map(Map.Entry::getValue).findFirst();
        if (confSource.isEmpty() || !confSource.get().equals("../mosquitto/mosquitto.conf")) {
            violations.add("broker: must run deploy/mosquitto/mosquitto.conf (mount ../mosquitto/mosquitto.conf)");
            return;
        }
        MosquittoConf conf;
        try {
            conf = MosquittoConf.parse(Files.readString(directory.resolve(confSource.get()).normalize()));
        } catch (java.io.IOException e) {
            violations.add("broker: cannot read " + confSource.get());
            return;
        }
        String users = conf.global.get("plugin_opt_config_file");
        if (!"./secrets/mosquitto/dynamic-security.json".equals(mounts.get(users))) {
            violations.add("broker: plugin_opt_config_file " + users + " must be generate-secrets.sh's"
                    + " ./secrets/mosquitto/dynamic-security.json");
        }
        for (MosquittoConf.Listener listener : conf.listeners) {
            for (String file : List.of("certfile", "keyfile", "cafile")) {
                String path = listener.options().get(file);
                if (path != null && !mounts.containsKey(path)) {
                    violations.add("broker: " + file + " " + path + " is not mounted");
                }
            }
            if (list(broker.get("ports")).stream().noneMatch(p -> String.valueOf(p).endsWith(":" + listener.port()))) {
                violations.add("broker: listener " + listener.port() + " is not published");
            }
        }
    }

    /** Bind mounts and volumes: target path → source. */
    static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> longSyntax) {
                mounts.put(String.valueOf(longSyntax.get("target")), String.valueOf(longSyntax.get("source")));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length >= 2) {
                    mounts.put(parts[1], parts[0]);
                }
            }
        }
        return mounts;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? cast(value) : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> ? cast(value) : List.of();
    }
}
