package io.enrolgate.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mosquitto.conf, read as Mosquitto reads it: global options, and listeners each with the options that
 * follow its {@code listener} line. {@link #violations} lists what Enrolgate's broker must not do.
 */
final class MosquittoConf {
    record Listener(String port, Map<String, String> options) {
    }

    final Map<String, String> global = new LinkedHashMap<>();
    final List<Listener> listeners = new ArrayList<>();

    /** Options that belong to the listener above them (the rest are global). */
    private static final List<String> LISTENER_OPTIONS = List.of("protocol", "certfile", "keyfile", "cafile", "capath",
            "tls_version", "require_certificate", "ciphers", "psk_hint", "use_identity_as_username", "socket_domain",
            "bind_interface", "max_connections", "mount_point", "http_dir", "websockets_log_level", "crlfile", "dhparamfile");

    static MosquittoConf parse(String text) {
        MosquittoConf conf = new MosquittoConf();
        Listener current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 2);
            String value = words.length > 1 ? words[1].strip() : "";
            if (words[0].equals("listener")) {
                current = new Listener(value.split("\\s+")[0], new LinkedHashMap<>());
                conf.listeners.add(current);
            } else if (current != null && LISTENER_OPTIONS.contains(words[0])) {
                current.options().put(words[0], value);
            } else {
                conf.global.put(words[0], value);
            }
        }
        return conf;
    }

    List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (!"false".equals(global.get("allow_anonymous"))) {
            violations.add("allow_anonymous must be false");
        }
        if (!"false".equals(global.getOrDefault("per_listener_settings", "false"))) {
            violations.add("per_listener_settings must be false (one set of users and roles for every listener)");
        }
        if (!global.getOrDefault("plugin", "").endsWith("/mosquitto_dynamic_security.so")
                || !global.containsKey("plugin_opt_config_file")) {
            violations.add("no dynamic-security plugin (plugin .../mosquitto_dynamic_security.so and"
                    + " plugin_opt_config_file): users and roles must be the plugin's, which checks SUBSCRIBE");
        }
        for (String file : List.of("password_file", "acl_file")) {
            if (global.containsKey(file)) {
                violations.add(file + " is set: the dynamic-security plugin holds users and roles (acl_file does not"
                        + " check SUBSCRIBE on Mosquitto 2.0.11)");
            }
        }
        if (listeners.isEmpty()) {
            violations.add("no listener");
        }
        if (global.containsKey("port") || global.containsKey("bind_address")) {
            violations.add("the default listener (port/bind_address) is set: use listener lines with TLS");
        }
        for (Listener listener : listeners) {
            String protocol = listener.options().getOrDefault("protocol", "mqtt");
            if (!protocol.equals("mqtt")) {
                violations.add("listener " + listener.port() + ": protocol " + protocol + " (MQTT v5 over TCP expected)");
            }
            if (!listener.options().containsKey("certfile") || !listener.options().containsKey("keyfile")) {
                violations.add("listener " + listener.port() + ": no TLS (certfile and keyfile)");
            }
            String tls = listener.options().getOrDefault("tls_version", "");
            if (tls.equals("tlsv1") || tls.equals("tlsv1.1")) {
                violations.add("listener " + listener.port() + ": " + tls + " is obsolete");
            }
        }
        return violations;
    }
}
