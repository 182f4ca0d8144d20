package io.enrolgate.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfiles of deploy/images: the base image is the build argument BASE_IMAGE (no registry is
 * assumed), the process runs as a non-root user, a HEALTHCHECK exists; a Java service's image runs
 * {@code java -jar /opt/enrolgate/enrolgate.jar serve <service> --config /etc/enrolgate/<service>.properties}
 * and checks /health/ready on the admin port of its configuration, which it EXPOSEs.
 */
final class DockerfileChecks {
    static final List<String> JAVA_SERVICES = List.of("key-forge", "provisioning", "mef", "serial-bridge");
    static final List<String> OTHER_IMAGES = List.of("mosquitto", "postgresql");

    record Instruction(String keyword, String arguments) {
    }

    private DockerfileChecks() {
    }

    static List<Instruction> parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String full = current.toString().strip();
            current.setLength(0);
            if (full.isEmpty()) {
                continue;
            }
            String[] parts = full.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(java.util.Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
        }
        return instructions;
    }

    /** {@code service} is the image's name; {@code properties} its example configuration (Java services). */
    static List<String> check(String service, String dockerfile, Map<String, String> properties) {
        List<String> violations = new ArrayList<>();
        List<Instruction> instructions = parse(dockerfile);
        boolean argBeforeFrom = false;
        boolean from = false;
        String user = null;
        String healthcheck = null;
        String entrypoint = null;
        String cmd = null;
        List<String> exposed = new ArrayList<>();
        for (Instruction instruction : instructions) {
            switch (instruction.keyword()) {
                case "ARG" -> {
                    if (!from && instruction.arguments().split("=")[0].strip().equals("BASE_IMAGE")) {
                        argBeforeFrom = true;
                    }
                }
                case "FROM" -> {
                    from = true;
                    String image = instruction.arguments().split("\\s+")[0];
                    if (!image.equals("${BASE_IMAGE}") && !image.equals("$BASE_IMAGE")) {
                        violations.add(service + ": FROM " + image + ": the base image must be the build argument BASE_IMAGE");
                    }
                }
                case "USER" -> user = instruction.arguments();
                case "HEALTHCHECK" -> healthcheck = instruction.arguments();
                case "ENTRYPOINT" -> entrypoint = instruction.arguments();
                case "CMD" -> cmd = instruction.arguments();
                case "EXPOSE" -> exposed.addAll(List.of(instruction.arguments().split("\\s+")));
                case "ADD" -> {
                    if (instruction.arguments().contains("://")) {
                        violations.add(service + ": ADD of a URL: nothing is downloaded from outside Debian's packages");
                    }
                }
                default -> {
                }
            }
        }
        if (!argBeforeFrom) {
            violations.add(service + ": no ARG BASE_IMAGE before FROM");
        }
        if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            violations.add(service + ": the image must end as a non-root USER (found " + user + ")");
        }
        if (healthcheck == null || healthcheck.equals("NONE")) {
            violations.add(service + ": no HEALTHCHECK");
        }
        if (properties == null) {
            return violations;
        }
        String port = properties.getOrDefault("admin.port", properties.get("http.port"));
        String url = "http://127.0.0.1:" + port + "/health/ready";
        if (healthcheck != null && !healthcheck.contains("\"" + url + "\"")) {
            violations.add(service + ": HEALTHCHECK must ask " + url + " (the admin port of its configuration)");
        }
        if (!exposed.contains(port)) {
            violations.add(service + ": EXPOSE lacks the admin port " + port);
        }
        if (entrypoint == null || !entrypoint.startsWith("[\"java\"") || !entrypoint.contains("\"-jar\", \"/opt/enrolgate/enrolgate.jar\"]")) {
            violations.add(service + ": ENTRYPOINT must be java ... -jar /opt/enrolgate/enrolgate.jar (found " + entrypoint + ")");
        }
        String expectedCmd = "[\"serve\", \"" + service + "\", \"--config\", \"/etc/enrolgate/" + service + ".properties\"]";
        if (!expectedCmd.equals(cmd)) {
            violations.add(service + ": CMD must be " + expectedCmd + " (found " + cmd + ")");
        }
        return violations;
    }
}
