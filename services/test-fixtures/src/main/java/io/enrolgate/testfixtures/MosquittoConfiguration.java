package io.enrolgate.testfixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the test broker's generated {@code mosquitto.conf} says: its listeners (plain, and TLS when asked), who may
 * log in (anonymous, {@link #user users} with an {@link #acl ACL}, or the {@link #dynamicSecurity dynamic-security}
 * plugin) and how much it logs. {@link #start()} writes it and starts a {@link MosquittoProcess} on it.
 */
public final class MosquittoConfiguration {
    private static final Duration PASSWORD_HASH_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> users = new LinkedHashMap<>();
    private String acl;
    private String dynamicSecurity;
    private Path tlsCertificate;
    private Path tlsKey;
    private Path clientCaFile;
    private boolean verbose;
    private final List<String> extraLines = new ArrayList<>();

    MosquittoConfiguration() {
    }

    /** Requires clients to log in; call once per user. Anonymous clients are then refused. */
    public MosquittoConfiguration user(String name, String password) {
        if (name.contains(":") || name.isBlank()) {
            throw new IllegalArgumentException("mosquitto user name '" + name + "' must be non-blank without ':'");
        }
        users.put(name, password);
        return this;
    }

    /**
     * The ACL file's text (Mosquitto syntax: {@code user NAME} then {@code topic read|write|readwrite FILTER}
     * lines; {@code pattern} lines with {@code %u}/{@code %c}).
     */
    public MosquittoConfiguration acl(String text) {
        acl = text;
        return this;
    }

    /**
     * Users, password hashes and roles from the dynamic-security plugin's JSON (as {@code enrolgate broker
     * dynamic-security} writes it) instead of {@link #user} and {@link #acl}: the plugin also checks
     * SUBSCRIBE, which the acl_file does not. The plugin is {@code mosquitto_dynamic_security.so} of the
     * Debian package unless {@code ENROLGATE_MOSQUITTO_DYNSEC} names it.
     */
    public MosquittoConfiguration dynamicSecurity(String json) {
        dynamicSecurity = json;
        return this;
    }

    /**
     * A second listener, TLS 1.2+ on 127.0.0.1 and a port of its own ({@link MosquittoProcess#tlsServerUri()}),
     * with the broker's PEM certificate (its subject alternative names must hold IP 127.0.0.1) and key.
     */
    public MosquittoConfiguration tlsListener(Path certificateFile, Path keyFile) {
        tlsCertificate = certificateFile;
        tlsKey = keyFile;
        return this;
    }

    /**
     * On the TLS listener, clients must present a certificate signed by a CA of this PEM file, and their user
     * name is its subject's CN ({@code require_certificate true}, {@code use_identity_as_username true}).
     */
    public MosquittoConfiguration requireClientCertificates(Path caFile) {
        clientCaFile = caFile;
        return this;
    }

    /** Logs every packet (log_type all): for debugging a test, and for tests that read the broker log. */
    public MosquittoConfiguration verbose() {
        verbose = true;
        return this;
    }

    /** A raw configuration line, for options this builder does not name. */
    public MosquittoConfiguration configLine(String line) {
        extraLines.add(line);
        return this;
    }

    /** Writes the configuration into a temporary directory and starts the broker on it. */
    public MosquittoProcess start() {
        if (clientCaFile != null && tlsCertificate == null) {
            throw new IllegalStateException("requireClientCertificates(...) needs tlsListener(...)");
        }
        if (dynamicSecurity != null && (!users.isEmpty() || acl != null)) {
            throw new IllegalStateException("dynamicSecurity(...) holds the users and roles: do not also call"
                    + " user(...) or acl(...)");
        }
        return MosquittoProcess.start(this);
    }

    boolean hasTlsListener() {
        return tlsCertificate != null;
    }

    /** Writes {@code mosquitto.conf} and the files it names into {@code directory}; returns the configuration file. */
    Path write(Path directory, int port, int tlsPort) throws IOException {
        List<String> lines = new ArrayList<>();
        if (isRoot()) {
            lines.add("user root");
        }
        // As deploy/mosquitto/mosquitto.conf: no Nagle delay on small request/response packets (a global option).
        lines.add("set_tcp_nodelay true");
        lines.add("listener " + port + " 127.0.0.1");
        lines.add("persistence true");
        lines.add("persistence_location " + directory + "/");
        // stderr is unbuffered; the broker's file log is flushed only at exit.
        lines.add("log_dest stderr");
        // One type per line: Mosquitto reads only the first word of a log_type line.
        (verbose ? List.of("all") : List.of("error", "warning", "notice", "information"))
                .forEach(type -> lines.add("log_type " + type));
        lines.add("connection_messages true");
        lines.add("log_timestamp_format %Y-%m-%dT%H:%M:%S");
        // Load tests queue thousands of QoS 1 messages for a session that is briefly away.
        lines.add("max_queued_messages 100000");
        if (dynamicSecurity != null) {
            Path file = directory.resolve("dynamic-security.json");
            Files.writeString(file, dynamicSecurity, StandardCharsets.UTF_8);
            lines.add("allow_anonymous false");
            lines.add("plugin " + dynamicSecurityPlugin());
            lines.add("plugin_opt_config_file " + file);
        } else if (users.isEmpty()) {
            lines.add("allow_anonymous true");
        } else {
            lines.add("allow_anonymous false");
            lines.add("password_file " + writePasswordFile(directory));
        }
        if (acl != null) {
            Path aclFile = directory.resolve("acl");
            Files.writeString(aclFile, acl.endsWith("\n") ? acl : acl + "\n", StandardCharsets.UTF_8);
            lines.add("acl_file " + aclFile);
        }
        if (tlsCertificate != null) {
            // A listener's options follow its listener line; the global ones above apply to it as well.
            lines.add("listener " + tlsPort + " 127.0.0.1");
            lines.add("certfile " + tlsCertificate);
            lines.add("keyfile " + tlsKey);
            lines.add("tls_version tlsv1.2");
            if (clientCaFile != null) {
                lines.add("cafile " + clientCaFile);
                lines.add("require_certificate true");
                lines.add("use_identity_as_username true");
            }
        }
        lines.addAll(extraLines);
        Path configFile = directory.resolve("mosquitto.conf");
        Files.write(configFile, lines, StandardCharsets.UTF_8);
        return configFile;
    }

    private static Path dynamicSecurityPlugin() {
        String named = System.getenv("ENROLGATE_MOSQUITTO_DYNSEC");
        List<Path> candidates = named != null ? List.of(Path.of(named)) : List.of(
                Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so"),
                Path.of("/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so"),
                Path.of("/usr/lib/mosquitto_dynamic_security.so"));
        return candidates.stream().filter(Files::isReadable).findFirst().orElseThrow(() -> new IllegalStateException(
                "Mosquitto's dynamic-security plugin is not at " + candidates + ": " + MosquittoProcess.INSTALL_HINT
                        + " (or set ENROLGATE_MOSQUITTO_DYNSEC to mosquitto_dynamic_security.so)"));
    }

    /** Hashes the passwords with the broker's own mosquitto_passwd, next to the broker binary's package. */
    private Path writePasswordFile(Path directory) throws IOException {
        Path file = directory.resolve("passwords");
        Files.writeString(file, "", StandardCharsets.UTF_8);
        Path tool = Path.of(System.getenv().getOrDefault("ENROLGATE_MOSQUITTO_PASSWD", "/usr/bin/mosquitto_passwd"));
        for (Map.Entry<String, String> user : users.entrySet()) {
            CompletedCommand hashed = CompletedCommand.run("mosquitto_passwd", new ProcessBuilder(tool.toString(), "-b",
                    file.toString(), user.getKey(), user.getValue()), null, PASSWORD_HASH_TIMEOUT);
            if (!hashed.succeeded()) {
                throw new IllegalStateException("mosquitto_passwd failed for user " + user.getKey() + ": "
                        + hashed.describe());
            }
        }
        return file;
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
