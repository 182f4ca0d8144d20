package io.enrolgate.it;

import io.enrolgate.cli.broker.DynamicSecurityFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker's users: one per service and one per gateway, each with a fresh password, and the roles production
 * gives them. Each gateway is its own user, as real gateways are, so that the ACL can keep them apart.
 */
final class BrokerUsers {
    private final Map<String, String> passwords = new LinkedHashMap<>();

    BrokerUsers(List<String> users, SecureRandom random) {
        for (String user : users) {
            byte[] password = new byte[16];
            random.nextBytes(password);
            passwords.put(user, HexFormat.of().formatHex(password));
        }
    }

    /** The password of {@code user}. */
    String password(String user) {
        return passwords.get(user);
    }

    Set<String> names() {
        return passwords.keySet();
    }

    /** The dynamic-security file for these users. */
    String dynamicSecurity() throws IOException {
        return dynamicSecurity(passwords);
    }

    /**
     * The broker's users and roles as production has them, for these passwords (user name → password): the
     * dynamic-security file that {@code enrolgate broker dynamic-security} makes from
     * deploy/mosquitto/dynamic-security-roles.json.
     */
    static String dynamicSecurity(Map<String, String> passwords) throws IOException {
        String template = Files.readString(Repo.HOME.resolve("deploy/mosquitto/dynamic-security-roles.json"),
                StandardCharsets.UTF_8);
        return DynamicSecurityFile.fromTemplate(template, new SecureRandom()).render(passwords);
    }
}
