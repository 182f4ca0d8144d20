package io.enrolgate.k8s;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Mosquitto 2.0 {@code acl_file}, parsed, and its decisions: which user may publish (write) or receive
 * (read) a topic, and which filters it may subscribe. Semantics as Mosquitto's: {@code topic} lines
 * belong to the latest {@code user} (before any, to anonymous clients); {@code pattern} lines apply to
 * every client, with {@code %u} (user name) and {@code %c} (client id) substituted, never when the
 * substituted value holds {@code + # /}; {@code deny} wins; anything not granted is denied; a shared
 * subscription {@code $share/<group>/<filter>} is checked as {@code <filter>}.
 */
final class MosquittoAcl {
    enum Access { READ, WRITE }

    /** One line: {@code user} is null for a pattern, "" for the anonymous section. */
    record Rule(String user, String access, String topic, int line) {
        boolean grants(Access wanted) {
            return access.equals("readwrite") || access.equals(wanted == Access.READ ? "read" : "write");
        }
    }

    /** A rule as it applies to one client: (access, filter) with patterns substituted. */
    record Grant(String access, String filter) {
        @Override
        public String toString() {
            return access + " " + filter;
        }
    }

    private final List<Rule> rules;

    private MosquittoAcl(List<Rule> rules) {
        this.rules = rules;
    }

    static MosquittoAcl parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String user = "";
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 3);
            switch (words[0]) {
                case "user" -> {
                    if (words.length < 2) {
                        throw new IllegalArgumentException("acl line " + number + ": user without a name");
                    }
                    user = line.substring(4).strip();
                }
                case "topic", "pattern" -> {
                    String access;
                    String topic;
                    if (words.length == 3 && Set.of("read", "write", "readwrite", "deny").contains(words[1])) {
                        access = words[1];
                        topic = words[2].strip();
                    } else if (words.length >= 2) {
                        access = "readwrite";
                        topic = line.substring(words[0].length()).strip();
                    } else {
                        throw new IllegalArgumentException("acl line " + number + ": " + words[0] + " without a topic");
                    }
                    rules.add(new Rule(words[0].equals("pattern") ? null : user, access, topic, number));
                }
                default -> throw new IllegalArgumentException("acl line " + number + ": unknown keyword '" + words[0] + "'");
            }
        }
        return new MosquittoAcl(rules);
    }

    List<Rule> rules() {
        return rules;
    }

    /** The users that have a section. */
    Set<String> users() {
        Set<String> users = new LinkedHashSet<>();
        rules.stream().filter(r -> r.user() != null && !r.user().isEmpty()).forEach(r -> users.add(r.user()));
        return users;
    }

    /** Every (access, filter) that applies to this client, patterns substituted; a null user is anonymous. */
    Set<Grant> grants(String user, String clientId) {
        Set<Grant> grants = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (rule.user() == null) {
                substitute(rule.topic(), user, clientId).ifPresent(topic -> grants.add(new Grant(rule.access(), topic)));
            } else if (rule.user().equals(user == null ? "" : user)) {
                grants.add(new Grant(rule.access(), rule.topic()));
            }
        }
        return grants;
    }

    /** May this client publish to / receive messages of this (wildcard-free) topic? */
    boolean allowed(String user, String clientId, Access access, String topic) {
        Set<Grant> grants = grants(user, clientId);
        boolean denied = grants.stream().anyMatch(g -> g.access().equals("deny") && topicMatches(g.filter(), topic));
        return !denied && grants.stream().anyMatch(g -> new Rule(null, g.access(), g.filter(), 0).grants(access)
                && topicMatches(g.filter(), topic));
    }

    /** May this client subscribe this filter (a $share/group/ prefix is stripped, as Mosquitto 2.0 does)? */
    boolean maySubscribe(String user, String clientId, String filter) {
        String checked = filter;
        if (filter.startsWith("$share/")) {
            String[] parts = filter.split("/", 3);
            checked = parts.length == 3 ? parts[2] : "";
        }
        String subscription = checked;
        return grants(user, clientId).stream()
                .anyMatch(g -> (g.access().equals("read") || g.access().equals("readwrite")) && covers(g.filter(), subscription));
    }

    private static java.util.Optional<String> substitute(String topic, String user, String clientId) {
        String result = topic;
        if (result.contains("%u")) {
            if (user == null || user.isEmpty() || user.matches(".*[+#/].*")) {
                return java.util.Optional.empty();
            }
            result = result.replace("%u", user);
        }
        if (result.contains("%c")) {
            if (clientId == null || clientId.isEmpty() || clientId.matches(".*[+#/].*")) {
                return java.util.Optional.empty();
            }
            result = result.replace("%c", clientId);
        }
        return java.util.Optional.of(result);
    }

    /** MQTT topic matching of a concrete topic against a filter ({@code +} one level, {@code #} the rest). */
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

    /** Whether every topic a subscription filter can match is matched by the ACL filter. */
    static boolean covers(String acl, String subscription) {
        String[] a = acl.split("/", -1);
        String[] s = subscription.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                return true;
            }
            if (i >= s.length || s[i].equals("#")) {
                return false;
            }
            if (a[i].equals("+")) {
                continue;
            }
            if (!a[i].equals(s[i])) {
                return false;
            }
        }
        return a.length == s.length;
    }
}
