package io.enrolgate.common.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Routes each delivery to the handler of the subscription whose filter it matches. This is what Paho
 * 1.2.5 cannot do for shared subscriptions (see {@link TopicFilter}), so every delivery goes through the
 * client callback and this table. When several filters match, the first registered wins: a delivery is
 * handled, and acknowledged, exactly once.
 */
public final class SubscriptionDispatcher {
    private final List<Map.Entry<String, MessageHandler>> routes = new CopyOnWriteArrayList<>();

    /** Adds a route; the filter may be a shared subscription. Replaces an earlier route of the same filter. */
    public void register(String filter, MessageHandler handler) {
        TopicFilter.validate(filter);
        routes.removeIf(route -> route.getKey().equals(filter));
        routes.add(Map.entry(filter, handler));
    }

    public void unregister(String filter) {
        routes.removeIf(route -> route.getKey().equals(filter));
    }

    /** The filters registered, in order: what to subscribe again after a session was lost. */
    public List<String> filters() {
        return routes.stream().map(Map.Entry::getKey).toList();
    }

    /** The first route whose filter matches {@code topic}. */
    public Optional<Map.Entry<String, MessageHandler>> route(String topic) {
        return routes.stream().filter(route -> TopicFilter.matches(route.getKey(), topic)).findFirst();
    }
}
