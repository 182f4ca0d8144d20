package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * deploy/mosquitto/dynamic-security-roles.json, parsed, and the decisions Mosquitto 2.0.11's dynamic-security
 * plugin makes on it once {@code enrolgate broker dynamic-security} has added a gateway's role and client:
 * may a user publish (publishClientSend), receive (publishClientReceive) or subscribe (subscribeLiteral: the
 * filter exactly as written; subscribePattern: the filter, read as a topic, matches the pattern) — the first
 * ACL that matches decides, roles and ACLs in file order (the template sets no priority; {@link #violations}
 * says so if one does), else defaultACLAccess. A {@code $share/<group>/} prefix is part of the checked filter,
 * as the plugin does it (tested on the real broker by services/cli DynamicSecurityCommandTest).
 */
final class DynamicSecurityRoles {
    enum Check {
        PUBLISH("publishClientSend"), RECEIVE("publishClientReceive"), SUBSCRIBE("subscribe");

        final String defaultKey;

        Check(String defaultKey) {
            this.defaultKey = defaultKey;
        }
    }

    /** One ACL entry of a role, as it applies to one user. */
    record Acl(String type, String topic, boolean allow) {
        @Override
        public String toString() {
            return (allow ? "" : "deny ") + type + " " + topic;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "{gateway}";

    private final JsonNode root;

    private DynamicSecurityRoles(JsonNode root) {
        this.root = root;
    }

    static DynamicSecurityRoles parse(String json) {
        try {
            return new DynamicSecurityRoles(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("the roles template is not JSON: " + e.getMessage(), e);
        }
    }

    /** The template's client user names (services and operators); gateways are not among them. */
    Set<String> serviceUsers() {
        Set<String> users = new LinkedHashSet<>();
        root.path("clients").forEach(c -> users.add(c.path("username").asText()));
        return users;
    }

    /** A gateway's user name: its IEEE address, as the generator accepts it. */
    static boolean isGateway(String user) {
        return user != null && user.matches("[0-9a-f]{16}");
    }

    /** Every ACL entry of this user's roles, in the order the plugin tries them; empty for an unknown user. */
    List<Acl> acls(String user) {
        List<Acl> acls = new ArrayList<>();
        for (JsonNode role : rolesOf(user)) {
            role.path("acls").forEach(acl -> acls.add(new Acl(acl.path("acltype").asText(), acl.path("topic").asText(),
                    acl.path("allow").asBoolean(false))));
        }
        return acls;
    }

    boolean allowed(String user, Check check, String topicOrFilter) {
        for (Acl acl : acls(user)) {
            if (applies(acl, check, topicOrFilter)) {
                return acl.allow();
            }
        }
        return root.path("defaultACLAccess").path(check.defaultKey).asBoolean(false);
    }

    /** What the plugin would not run as we model it, or refuses to load. */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (String field : List.of("defaultACLAccess", "roles", "clients", "gateway")) {
            if (!root.has(field)) {
                violations.add("the roles template has no '" + field + "'");
            }
        }
        List<JsonNode> roles = new ArrayList<>();
        root.path("roles").forEach(roles::add);
        roles.add(root.path("gateway").path("role"));
        Set<String> types = Set.of("publishClientSend", "publishClientReceive", "subscribeLiteral", "subscribePattern",
                "unsubscribeLiteral", "unsubscribePattern");
        for (JsonNode role : roles) {
            if (role.has("priority")) {
                violations.add("role " + role.path("rolename").asText() + " has a priority: this check reads file order");
            }
            for (JsonNode acl : role.path("acls")) {
                if (!types.contains(acl.path("acltype").asText()) || acl.has("priority") || !acl.has("allow")) {
                    violations.add("role " + role.path("rolename").asText() + ": ACL " + acl + " needs a known acltype, "
                            + "an explicit allow and no priority");
                }
            }
        }
        return violations;
    }

    private List<JsonNode> rolesOf(String user) {
        Optional<JsonNode> client = Optional.empty();
        for (JsonNode candidate : root.path("clients")) {
            if (candidate.path("username").asText().equals(user)) {
                client = Optional.of(candidate);
            }
        }
        List<JsonNode> roles = new ArrayList<>();
        if (client.isPresent()) {
            for (JsonNode name : client.get().path("roles")) {
                root.path("roles").forEach(r -> {
                    if (r.path("rolename").asText().equals(name.path("rolename").asText())) {
                        roles.add(r);
                    }
                });
            }
        } else if (isGateway(user)) {
            // As the generator makes it: the gateway section with {gateway} replaced by the IEEE address.
            try {
                roles.add(JSON.readTree(JSON.writeValueAsString(root.path("gateway").path("role")).replace(PLACEHOLDER, user)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return roles;
    }

    private static boolean applies(Acl acl, Check check, String topicOrFilter) {
        return switch (check) {
            case PUBLISH -> acl.type().equals("publishClientSend") && topicMatches(acl.topic(), topicOrFilter);
            case RECEIVE -> acl.type().equals("publishClientReceive") && topicMatches(acl.topic(), topicOrFilter);
            case SUBSCRIBE -> acl.type().equals("subscribeLiteral") && acl.topic().equals(topicOrFilter)
                    || acl.type().equals("subscribePattern") && topicMatches(acl.topic(), topicOrFilter);
        };
    }

    /**
     * MQTT matching of a topic against a filter ({@code +} one level, {@code #} the rest; a wildcard in the
     * first level never matches a {@code $} topic). The plugin also reads a subscription filter as a topic here,
     * so a subscription's {@code +} level matches only a {@code +} or wildcard level of the pattern.
     */
    static boolean topicMatches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return !(i == 0 && topic.startsWith("$"));
            }
            if (i >= t.length) {
                return false;
            }
            if (f[i].equals("+")) {
                if (i == 0 && t[0].startsWith("$")) {
                    return false;
                }
                continue;
            }
            if (!f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
