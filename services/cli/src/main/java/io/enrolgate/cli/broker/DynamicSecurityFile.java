package io.enrolgate.cli.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Makes the configuration file of Mosquitto's dynamic-security plugin from the roles template
 * ({@code deploy/mosquitto/dynamic-security-roles.json}) and the MQTT users' passwords: the template's
 * roles as they are, its clients that have a password, and for each gateway (a user named by its IEEE
 * address) a role and a client made from the template's {@code gateway} section with {@code {gateway}}
 * replaced. The plugin substitutes neither {@code %u} nor {@code %c} (Mosquitto 2.0.11), hence one role per
 * gateway. Passwords are stored as the plugin verifies them: PBKDF2-HMAC-SHA512 with a random 12-byte salt,
 * both base64 ({@link MosquittoPasswordHash}).
 */
public final class DynamicSecurityFile {
    /** A gateway's user name: its IEEE address as in topics, 16 lower-case hex digits. */
    static final Pattern GATEWAY_USER = Pattern.compile("[0-9a-f]{16}");
    private static final String PLACEHOLDER = "{gateway}";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode template;
    private final SecureRandom random;

    private DynamicSecurityFile(ObjectNode template, SecureRandom random) {
        this.template = template;
        this.random = random;
    }

    /** Parses and checks the roles template; the message of the exception says what is missing. */
    public static DynamicSecurityFile fromTemplate(String templateJson, SecureRandom random) {
        JsonNode root;
        try {
            root = JSON.readTree(templateJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the roles template is not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the roles template must be a JSON object");
        }
        for (String field : List.of("defaultACLAccess", "roles", "clients", "gateway")) {
            if (!object.hasNonNull(field)) {
                throw new IllegalArgumentException("the roles template has no '" + field + "' (expected defaultACLAccess,"
                        + " roles, clients and gateway {role, client})");
            }
        }
        if (!object.get("roles").isArray() || !object.get("clients").isArray()
                || !object.path("gateway").path("role").isObject() || !object.path("gateway").path("client").isObject()) {
            throw new IllegalArgumentException("the roles template: 'roles' and 'clients' must be arrays and 'gateway'"
                    + " must hold a 'role' and a 'client' object");
        }
        return new DynamicSecurityFile(object, random);
    }

    /** The user names of the template's clients (services and operators), in template order. */
    public List<String> serviceUsers() {
        List<String> users = new ArrayList<>();
        template.get("clients").forEach(client -> users.add(client.path("username").asText()));
        return users;
    }

    /**
     * The plugin's JSON. {@code passwords} maps user names to passwords: a template client's name, or a
     * gateway's IEEE address (16 lower-case hex digits). Template clients without a password are left out
     * (they could not log in); any other name is refused.
     */
    public String render(Map<String, String> passwords) {
        List<String> services = serviceUsers();
        Map<String, String> sorted = new TreeMap<>(passwords);
        for (Map.Entry<String, String> user : sorted.entrySet()) {
            if (!services.contains(user.getKey()) && !GATEWAY_USER.matcher(user.getKey()).matches()) {
                throw new IllegalArgumentException("unknown MQTT user '" + user.getKey() + "': expected one of "
                        + services + " or a gateway's IEEE address (16 lower-case hex digits)");
            }
            if (user.getValue() == null || user.getValue().isEmpty()) {
                throw new IllegalArgumentException("MQTT user '" + user.getKey() + "' has an empty password");
            }
        }
        ObjectNode file = JSON.createObjectNode();
        file.set("defaultACLAccess", template.get("defaultACLAccess").deepCopy());
        ArrayNode clients = file.putArray("clients");
        file.putArray("groups");
        ArrayNode roles = file.putArray("roles");
        template.get("roles").forEach(role -> roles.add(role.deepCopy()));
        for (JsonNode client : template.get("clients")) {
            String password = sorted.get(client.path("username").asText());
            if (password != null) {
                clients.add(withPassword((ObjectNode) client.deepCopy(), password));
            }
        }
        for (Map.Entry<String, String> user : sorted.entrySet()) {
            if (!services.contains(user.getKey())) {
                roles.add(forGateway(template.path("gateway").get("role"), user.getKey()));
                clients.add(withPassword((ObjectNode) forGateway(template.path("gateway").get("client"), user.getKey()),
                        user.getValue()));
            }
        }
        try {
            return JSON.writeValueAsString(file) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dynamic-security JSON", e);
        }
    }

    private ObjectNode withPassword(ObjectNode client, String password) {
        MosquittoPasswordHash hash = MosquittoPasswordHash.of(password, random);
        client.put("password", hash.hashBase64());
        client.put("salt", hash.saltBase64());
        client.put("iterations", hash.iterations());
        return client;
    }

    /** A copy of the template node with every {@code {gateway}} in its strings replaced by the IEEE address. */
    private static JsonNode forGateway(JsonNode node, String gateway) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node).replace(PLACEHOLDER, gateway));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot copy the gateway template", e);
        }
    }
}
