package io.enrolgate.common.mqtt;

/**
 * MQTT v5 topic filter matching (§4.7), including shared subscriptions ({@code $share/group/filter},
 * §4.8.2). Paho 1.2.5 matches deliveries to per-subscription listeners by comparing the topic with the
 * filter as subscribed, which never matches a {@code $share/...} filter, so the service routes every
 * delivery itself with {@link #matches}.
 */
public final class TopicFilter {
    private static final String SHARE_PREFIX = "$share/";

    private TopicFilter() {
    }

    /** The filter that topics are matched against: without the {@code $share/group/} of a shared subscription. */
    public static String matchingPart(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        if (groupEnd < 0 || groupEnd == SHARE_PREFIX.length() || groupEnd == filter.length() - 1) {
            throw new IllegalArgumentException("shared subscription '" + filter
                    + "': expected $share/{group}/{filter}");
        }
        return filter.substring(groupEnd + 1);
    }

    /**
     * Checks a filter's syntax: {@code #} only as the last level, wildcards alone in their level, and a
     * well-formed share name.
     */
    public static void validate(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("a topic filter must not be empty");
        }
        String[] levels = matchingPart(filter).split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': '#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + filter + "': '+' must be a whole level");
            }
        }
    }

    /** Whether {@code topic} (a concrete topic name) matches {@code filter} (shared or not). */
    public static boolean matches(String filter, String topic) {
        String plain = matchingPart(filter);
        // Wildcards at the first level never match topics starting with '$' (§4.7.2).
        if (topic.startsWith("$") && (plain.startsWith("+") || plain.startsWith("#"))) {
            return false;
        }
        String[] filterLevels = plain.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            String level = filterLevels[i];
            if (level.equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }

    /** The {@code index}-th level (0-based) of a topic, e.g. the gateway IEEE of {@code enrolgate/v1/gw/{gw}/...}. */
    public static String level(String topic, int index) {
        String[] levels = topic.split("/", -1);
        if (index < 0 || index >= levels.length) {
            throw new IllegalArgumentException("topic '" + topic + "' has no level " + index);
        }
        return levels[index];
    }
}
