package io.enrolgate.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Dockerfiles of deploy/images: the base image is the build argument BASE_IMAGE (no registry is
 * assumed), the process runs as a non-root user, a HEALTHCHECK exists; a Java service's image runs
 * {@code java -jar /opt/enrolgate/enrolgate.jar serve <service> --config /etc/enrolgate/<service>.properties}
 * and checks /health/ready on the admin port of its configuration, which it EXPOSEs.
 *
 * <p>The four Java services share one Dockerfile, {@value #JAVA_SERVICE_DOCKERFILE}: a common stage, a stage per
 * service, and a last stage {@code FROM ${SERVICE}} that the build argument SERVICE points at one of them. So a
 * Dockerfile is checked as the image that a build with given build arguments makes: the chain of stages from the
 * last one back to the one FROM an image, the later stages' instructions overriding the earlier ones' (USER,
 * HEALTHCHECK, CMD, ENTRYPOINT, which resets a CMD of an earlier stage) as Docker does.
 */
final class DockerfileChecks {
    static final List<String> JAVA_SERVICES = List.of("key-forge", "provisioning", "mef", "serial-bridge");
    static final List<String> OTHER_IMAGES = List.of("mosquitto", "postgresql");
    /** Relative to the repository root (the build context). */
    static final String JAVA_SERVICE_DOCKERFILE = "deploy/images/service/Dockerfile";

    record Instruction(String keyword, String arguments) {
    }

    /** A build stage: {@code FROM <from> [AS <name>]} and what follows up to the next FROM. */
    record Stage(String from, Optional<String> name, List<Instruction> instructions) {
    }

    /** The global part before the first FROM (its ARGs are the ones FROM may use) and the stages. */
    record Stages(List<Instruction> global, List<Stage> stages) {
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
            instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
        }
        return instructions;
    }

    static Stages stages(String text) {
        List<Instruction> global = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : parse(text)) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = new ArrayList<>(List.of(instruction.arguments().split("\\s+")));
                words.removeIf(w -> w.startsWith("--")); // --platform=...
                Optional<String> name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
                        ? Optional.of(words.get(2).toLowerCase(Locale.ROOT)) : Optional.empty();
                stages.add(new Stage(words.isEmpty() ? "" : words.get(0), name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                global.add(instruction);
            } else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Stages(global, stages);
    }

    /**
     * The stages the image built with {@code buildArguments} is made of, the one FROM an image first: from the last
     * stage (the default target) back along FROMs that name an earlier stage. A FROM's global build arguments are
     * replaced by {@code buildArguments}, else by their defaults; one with neither stays as written (so that
     * {@code FROM ${BASE_IMAGE}} can be recognised). A FROM that a build argument turns into the name of no stage
     * is a violation.
     */
    static List<Stage> chain(String image, Stages stages, Map<String, String> buildArguments, List<String> violations) {
        List<Stage> chain = new ArrayList<>();
        int index = stages.stages().size() - 1;
        while (index >= 0) {
            Stage stage = stages.stages().get(index);
            chain.add(0, stage);
            String from = substitute(stage.from(), stages.global(), buildArguments);
            int earlier = -1;
            for (int i = index - 1; i >= 0; i--) {
                if (stages.stages().get(i).name().filter(from.toLowerCase(Locale.ROOT)::equals).isPresent()) {
                    earlier = i;
                    break;
                }
            }
            if (earlier < 0 && !from.equals(stage.from())) {
                violations.add(image + ": FROM " + stage.from() + " is " + (from.isEmpty() ? "empty" : from)
                        + " here, which names no stage before it");
            }
            index = earlier;
        }
        return chain;
    }

    private static String substitute(String from, List<Instruction> global, Map<String, String> buildArguments) {
        String result = from;
        for (Instruction instruction : global) {
            if (!instruction.keyword().equals("ARG")) {
                continue;
            }
            String[] declaration = instruction.arguments().split("=", 2);
            String name = declaration[0].strip();
            String value = buildArguments.containsKey(name) ? buildArguments.get(name)
                    : declaration.length > 1 ? declaration[1].strip() : null;
            if (value != null) {
                result = result.replace("${" + name + "}", value).replace("$" + name, value);
            }
        }
        return result;
    }

    /**
     * {@code image} is the image's name; {@code buildArguments} those of its build (SERVICE for the Java services);
     * {@code properties} its example configuration (Java services), else null.
     */
    static List<String> check(String image, String dockerfile, Map<String, String> buildArguments,
            Map<String, String> properties) {
        List<String> violations = new ArrayList<>();
        Stages stages = stages(dockerfile);
        if (stages.stages().isEmpty()) {
            violations.add(image + ": no FROM");
            return violations;
        }
        boolean argBeforeFrom = stages.global().stream()
                .anyMatch(i -> i.keyword().equals("ARG") && i.arguments().split("=")[0].strip().equals("BASE_IMAGE"));
        // Every stage, the image's or not (one could serve a COPY --from), starts from the base image or an
        // earlier stage.
        for (int index = 0; index < stages.stages().size(); index++) {
            Stage stage = stages.stages().get(index);
            String from = substitute(stage.from(), stages.global(), buildArguments).toLowerCase(Locale.ROOT);
            boolean earlierStage = stages.stages().subList(0, index).stream()
                    .anyMatch(s -> s.name().filter(from::equals).isPresent());
            if (!earlierStage && !stage.from().equals("${BASE_IMAGE}") && !stage.from().equals("$BASE_IMAGE")) {
                violations.add(image + ": FROM " + stage.from() + ": the base image must be the build argument BASE_IMAGE");
            }
        }
        List<Stage> chain = chain(image, stages, buildArguments, violations);
        String user = null;
        String healthcheck = null;
        String entrypoint = null;
        String cmd = null;
        List<String> exposed = new ArrayList<>();
        for (Stage stage : chain) {
            boolean cmdInThisStage = false;
            for (Instruction instruction : stage.instructions()) {
                switch (instruction.keyword()) {
                    case "USER" -> user = instruction.arguments();
                    case "HEALTHCHECK" -> healthcheck = instruction.arguments();
                    case "ENTRYPOINT" -> {
                        entrypoint = instruction.arguments();
                        if (!cmdInThisStage) {
                            cmd = null; // Docker: an ENTRYPOINT resets the CMD an earlier stage (or image) set
                        }
                    }
                    case "CMD" -> {
                        cmd = instruction.arguments();
                        cmdInThisStage = true;
                    }
                    case "EXPOSE" -> exposed.addAll(List.of(instruction.arguments().split("\\s+")));
                    case "ADD" -> {
                        if (instruction.arguments().contains("://")) {
                            violations.add(image + ": ADD of a URL: nothing is downloaded from outside Debian's packages");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (!argBeforeFrom) {
            violations.add(image + ": no ARG BASE_IMAGE before FROM");
        }
        if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            violations.add(image + ": the image must end as a non-root USER (found " + user + ")");
        }
        if (healthcheck == null || healthcheck.equals("NONE")) {
            violations.add(image + ": no HEALTHCHECK");
        }
        if (properties == null) {
            return violations;
        }
        String port = properties.getOrDefault("admin.port", properties.get("http.port"));
        String url = "http://127.0.0.1:" + port + "/health/ready";
        if (healthcheck != null && !healthcheck.contains("\"" + url + "\"")) {
            violations.add(image + ": HEALTHCHECK must ask " + url + " (the admin port of its configuration)");
        }
        if (!exposed.contains(port)) {
            violations.add(image + ": EXPOSE lacks the admin port " + port);
        }
        if (entrypoint == null || !entrypoint.startsWith("[\"java\"") || !entrypoint.contains("\"-jar\", \"/opt/enrolgate/enrolgate.jar\"]")) {
            violations.add(image + ": ENTRYPOINT must be java ... -jar /opt/enrolgate/enrolgate.jar (found " + entrypoint + ")");
        }
        String expectedCmd = "[\"serve\", \"" + image + "\", \"--config\", \"/etc/enrolgate/" + image + ".properties\"]";
        if (!expectedCmd.equals(cmd)) {
            violations.add(image + ": CMD must be " + expectedCmd + " (found " + cmd + ")");
        }
        return violations;
    }
}
