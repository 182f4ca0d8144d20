package io.enrolgate.k8s;

import io.enrolgate.k8s.DynamicSecurityRoles.Acl;
import io.enrolgate.k8s.DynamicSecurityRoles.Check;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What deploy/mosquitto/dynamic-security-roles.json must grant (DESIGN.md §3.3 and the trust model), as
 * violations. A gateway's user is its IEEE address; it gets exactly its own request and status (publish) and
 * response (subscribe, receive) topics, and may subscribe nothing else: no other gateway's topics, no
 * {@code $share/} filter (joining key-forge's or provisioning's group would let it swallow their messages).
 * key-forge takes every request from its share, writes responses, keys and events; provisioning takes keys
 * from its share and writes events; events reads events and gateway status. Only key-forge publishes keys
 * and only provisioning receives them; nothing is granted by default.
 */
final class RoleChecks {
    static final List<String> SAMPLE_GATEWAYS = List.of("00124b0001020304", "00124b00aaaaaaaa", "ffffffffffffffff");
    static final String DEVICE = "000d6f000a0b0c0d";
    static final String KEY_FORGE_SHARE = "$share/key-forge/enrolgate/v1/gw/+/eg/request";
    static final String PROVISIONING_SHARE = "$share/provisioning/enrolgate/v1/keys/+";
    /** Filters a client must not be able to subscribe unless it is the named service. */
    private static final List<String> SHARED_FILTERS = List.of(KEY_FORGE_SHARE, PROVISIONING_SHARE,
            "$share/key-forge/enrolgate/v1/gw/#", "$share/provisioning/enrolgate/v1/keys/#", "$share/key-forge/#",
            "$share/provisioning/#", "$share/other/enrolgate/v1/gw/+/eg/request", "$share/other/enrolgate/v1/keys/+");

    private RoleChecks() {
    }

    static String request(String gateway) {
        return "enrolgate/v1/gw/" + gateway + "/eg/request";
    }

    static String response(String gateway) {
        return "enrolgate/v1/gw/" + gateway + "/eg/response";
    }

    static String status(String gateway) {
        return "enrolgate/v1/gw/" + gateway + "/status";
    }

    static String keys(String device) {
        return "enrolgate/v1/keys/" + device;
    }

    static String events(String device) {
        return "enrolgate/v1/events/" + device;
    }

    static List<String> check(DynamicSecurityRoles roles) {
        List<String> violations = new ArrayList<>(roles.violations());
        checkGateways(roles, violations);
        // ---- key-forge -------------------------------------------------------------------------------
        String keyForge = "key-forge";
        expect(violations, roles, keyForge, Check.SUBSCRIBE, KEY_FORGE_SHARE, true);
        for (String gateway : SAMPLE_GATEWAYS) {
            expect(violations, roles, keyForge, Check.RECEIVE, request(gateway), true);
            expect(violations, roles, keyForge, Check.PUBLISH, response(gateway), true);
            expect(violations, roles, keyForge, Check.PUBLISH, request(gateway), false);
            expect(violations, roles, keyForge, Check.PUBLISH, status(gateway), false);
        }
        expect(violations, roles, keyForge, Check.PUBLISH, keys(DEVICE), true);
        expect(violations, roles, keyForge, Check.PUBLISH, events(DEVICE), true);
        expect(violations, roles, keyForge, Check.RECEIVE, keys(DEVICE), false);
        // ---- provisioning ----------------------------------------------------------------------------
        String provisioning = "provisioning";
        expect(violations, roles, provisioning, Check.SUBSCRIBE, PROVISIONING_SHARE, true);
        expect(violations, roles, provisioning, Check.RECEIVE, keys(DEVICE), true);
        expect(violations, roles, provisioning, Check.PUBLISH, events(DEVICE), true);
        expect(violations, roles, provisioning, Check.PUBLISH, keys(DEVICE), false);
        expect(violations, roles, provisioning, Check.RECEIVE, request(SAMPLE_GATEWAYS.get(0)), false);
        // ---- readers of events -----------------------------------------------------------------------
        String events = "events";
        expect(violations, roles, events, Check.SUBSCRIBE, "enrolgate/v1/events/#", true);
        expect(violations, roles, events, Check.RECEIVE, events(DEVICE), true);
        expect(violations, roles, events, Check.RECEIVE, status(SAMPLE_GATEWAYS.get(0)), true);
        expect(violations, roles, events, Check.PUBLISH, events(DEVICE), false);
        expect(violations, roles, events, Check.SUBSCRIBE, "enrolgate/v1/#", false);
        // ---- everyone: keys, requests, responses, shares ---------------------------------------------
        Set<String> everyone = new LinkedHashSet<>(roles.serviceUsers());
        everyone.addAll(SAMPLE_GATEWAYS);
        for (String user : everyone) {
            onlyFor(violations, roles, user, provisioning, Check.RECEIVE, keys(DEVICE), "read sealed keys");
            onlyFor(violations, roles, user, keyForge, Check.PUBLISH, keys(DEVICE), "publish keys");
            onlyFor(violations, roles, user, keyForge, Check.RECEIVE, request(SAMPLE_GATEWAYS.get(0)), "read EG requests");
            onlyFor(violations, roles, user, keyForge, Check.PUBLISH, response(SAMPLE_GATEWAYS.get(0)),
                    "answer a gateway's requests");
            for (String filter : SHARED_FILTERS) {
                String owner = filter.equals(KEY_FORGE_SHARE) ? keyForge : filter.equals(PROVISIONING_SHARE) ? provisioning : null;
                onlyFor(violations, roles, user, owner, Check.SUBSCRIBE, filter, "subscribe " + filter);
            }
        }
        // ---- anyone else (no client of the template, not a gateway): the defaults ---------------------
        for (Check check : Check.values()) {
            if (roles.allowed("someone-else", check, events(DEVICE))) {
                violations.add("defaultACLAccess grants " + check + " to users without a role");
            }
        }
        return violations;
    }

    private static void checkGateways(DynamicSecurityRoles roles, List<String> violations) {
        for (String gateway : SAMPLE_GATEWAYS) {
            Set<Acl> expected = new LinkedHashSet<>(List.of(new Acl("publishClientSend", request(gateway), true),
                    new Acl("publishClientSend", status(gateway), true),
                    new Acl("subscribeLiteral", response(gateway), true),
                    new Acl("publishClientReceive", response(gateway), true)));
            Set<Acl> actual = new LinkedHashSet<>(roles.acls(gateway));
            if (!actual.equals(expected)) {
                violations.add("gateway " + gateway + " is granted " + actual + ", expected exactly " + expected);
            }
            for (String other : SAMPLE_GATEWAYS) {
                boolean own = other.equals(gateway);
                expect(violations, roles, gateway, Check.PUBLISH, request(other), own);
                expect(violations, roles, gateway, Check.PUBLISH, status(other), own);
                expect(violations, roles, gateway, Check.SUBSCRIBE, response(other), own);
                expect(violations, roles, gateway, Check.RECEIVE, response(other), own);
                expect(violations, roles, gateway, Check.SUBSCRIBE, request(other), false);
                expect(violations, roles, gateway, Check.SUBSCRIBE, "$share/" + gateway + "/" + response(other), false);
                expect(violations, roles, gateway, Check.PUBLISH, response(other), false);
            }
            for (String filter : List.of("enrolgate/v1/gw/+/eg/response", "enrolgate/v1/gw/+/eg/request", "#",
                    "enrolgate/v1/keys/+", "enrolgate/v1/events/#")) {
                expect(violations, roles, gateway, Check.SUBSCRIBE, filter, false);
            }
            expect(violations, roles, gateway, Check.RECEIVE, keys(DEVICE), false);
            expect(violations, roles, gateway, Check.PUBLISH, events(DEVICE), false);
        }
    }

    private static void onlyFor(List<String> violations, DynamicSecurityRoles roles, String user, String owner, Check check,
            String topic, String what) {
        if (!user.equals(owner) && roles.allowed(user, check, topic)) {
            violations.add("user " + user + " can " + what + ": only " + (owner == null ? "nobody" : owner) + " may");
        }
    }

    private static void expect(List<String> violations, DynamicSecurityRoles roles, String user, Check check, String topic,
            boolean allowed) {
        if (roles.allowed(user, check, topic) != allowed) {
            violations.add("user " + user + (allowed ? " cannot " : " can ") + check.name().toLowerCase() + " " + topic);
        }
    }
}
