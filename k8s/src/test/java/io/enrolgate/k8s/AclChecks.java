package io.enrolgate.k8s;

import io.enrolgate.k8s.MosquittoAcl.Access;
import io.enrolgate.k8s.MosquittoAcl.Grant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What deploy/mosquitto/acl must grant (DESIGN.md §3.3 and the trust model), as violations. A gateway's
 * user is its IEEE address; it gets exactly its own request (write), status (write) and response (read)
 * topics, nothing else. key-forge reads every request (shared), writes responses, keys and events;
 * provisioning reads keys (shared) and writes events; the events user reads events and gateway status.
 * Nobody else touches keys; anonymous clients get nothing.
 */
final class AclChecks {
    static final List<String> SAMPLE_GATEWAYS = List.of("00124b0001020304", "00124b00aaaaaaaa", "ffffffffffffffff");
    static final String DEVICE = "000d6f000a0b0c0d";

    private AclChecks() {
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

    static List<String> check(MosquittoAcl acl) {
        List<String> violations = new ArrayList<>();
        // ---- gateways: exactly their own three topics ---------------------------------------------------
        for (String gateway : SAMPLE_GATEWAYS) {
            String clientId = "serial-bridge-" + gateway;
            Set<Grant> expected = new LinkedHashSet<>(List.of(new Grant("write", request(gateway)),
                    new Grant("write", status(gateway)), new Grant("read", response(gateway))));
            Set<Grant> actual = acl.grants(gateway, clientId);
            if (!actual.equals(expected)) {
                violations.add("gateway " + gateway + " is granted " + actual + ", expected exactly " + expected);
            }
            for (String other : SAMPLE_GATEWAYS) {
                boolean own = other.equals(gateway);
                expect(violations, acl, gateway, clientId, Access.WRITE, request(other), own);
                expect(violations, acl, gateway, clientId, Access.WRITE, status(other), own);
                expect(violations, acl, gateway, clientId, Access.READ, response(other), own);
                expect(violations, acl, gateway, clientId, Access.READ, request(other), false);
                expect(violations, acl, gateway, clientId, Access.WRITE, response(other), false);
            }
            expect(violations, acl, gateway, clientId, Access.READ, keys(DEVICE), false);
            expect(violations, acl, gateway, clientId, Access.READ, events(DEVICE), false);
            expect(violations, acl, gateway, clientId, Access.WRITE, events(DEVICE), false);
            if (acl.maySubscribe(gateway, clientId, "enrolgate/v1/gw/+/eg/response")) {
                violations.add("gateway " + gateway + " may subscribe every gateway's responses");
            }
        }
        // ---- key-forge -------------------------------------------------------------------------------
        String keyForge = "key-forge";
        if (!acl.maySubscribe(keyForge, "key-forge-0", "$share/key-forge/enrolgate/v1/gw/+/eg/request")) {
            violations.add("key-forge may not subscribe $share/key-forge/enrolgate/v1/gw/+/eg/request");
        }
        for (String gateway : SAMPLE_GATEWAYS) {
            expect(violations, acl, keyForge, "key-forge-0", Access.READ, request(gateway), true);
            expect(violations, acl, keyForge, "key-forge-0", Access.WRITE, response(gateway), true);
            expect(violations, acl, keyForge, "key-forge-0", Access.WRITE, request(gateway), false);
            expect(violations, acl, keyForge, "key-forge-0", Access.WRITE, status(gateway), false);
        }
        expect(violations, acl, keyForge, "key-forge-0", Access.WRITE, keys(DEVICE), true);
        expect(violations, acl, keyForge, "key-forge-0", Access.WRITE, events(DEVICE), true);
        expect(violations, acl, keyForge, "key-forge-0", Access.READ, keys(DEVICE), false);
        // ---- provisioning ----------------------------------------------------------------------------
        String provisioning = "provisioning";
        if (!acl.maySubscribe(provisioning, "provisioning-0", "$share/provisioning/enrolgate/v1/keys/+")) {
            violations.add("provisioning may not subscribe $share/provisioning/enrolgate/v1/keys/+");
        }
        expect(violations, acl, provisioning, "provisioning-0", Access.READ, keys(DEVICE), true);
        expect(violations, acl, provisioning, "provisioning-0", Access.WRITE, events(DEVICE), true);
        expect(violations, acl, provisioning, "provisioning-0", Access.WRITE, keys(DEVICE), false);
        expect(violations, acl, provisioning, "provisioning-0", Access.READ, request(SAMPLE_GATEWAYS.get(0)), false);
        expect(violations, acl, provisioning, "provisioning-0", Access.READ, response(SAMPLE_GATEWAYS.get(0)), false);
        // ---- users of events -------------------------------------------------------------------------
        String events = "events";
        if (!acl.maySubscribe(events, "dashboard", "enrolgate/v1/events/#")) {
            violations.add("events may not subscribe enrolgate/v1/events/#");
        }
        expect(violations, acl, events, "dashboard", Access.READ, events(DEVICE), true);
        expect(violations, acl, events, "dashboard", Access.READ, status(SAMPLE_GATEWAYS.get(0)), true);
        expect(violations, acl, events, "dashboard", Access.WRITE, events(DEVICE), false);
        expect(violations, acl, events, "dashboard", Access.READ, request(SAMPLE_GATEWAYS.get(0)), false);
        expect(violations, acl, events, "dashboard", Access.READ, response(SAMPLE_GATEWAYS.get(0)), false);
        // ---- keys: key-forge writes, provisioning reads, nobody else ---------------------------------
        Set<String> everyone = new LinkedHashSet<>(acl.users());
        everyone.addAll(SAMPLE_GATEWAYS);
        for (String user : everyone) {
            String clientId = user + "-client";
            if (!user.equals(provisioning) && acl.allowed(user, clientId, Access.READ, keys(DEVICE))) {
                violations.add("user " + user + " can read sealed keys (" + keys(DEVICE) + "): only provisioning may");
            }
            if (!user.equals(keyForge) && acl.allowed(user, clientId, Access.WRITE, keys(DEVICE))) {
                violations.add("user " + user + " can publish keys (" + keys(DEVICE) + "): only key-forge may");
            }
            if (!user.equals(keyForge) && acl.allowed(user, clientId, Access.READ, request(SAMPLE_GATEWAYS.get(0)))) {
                violations.add("user " + user + " can read EG requests: only key-forge may");
            }
            if (!user.equals(keyForge) && acl.allowed(user, clientId, Access.WRITE, response(SAMPLE_GATEWAYS.get(0)))) {
                violations.add("user " + user + " can answer a gateway's requests: only key-forge may");
            }
        }
        // ---- anonymous clients: nothing --------------------------------------------------------------
        Set<Grant> anonymous = acl.grants(null, "anonymous");
        if (!anonymous.isEmpty()) {
            violations.add("anonymous clients are granted " + anonymous);
        }
        return violations;
    }

    private static void expect(List<String> violations, MosquittoAcl acl, String user, String clientId, Access access,
            String topic, boolean allowed) {
        if (acl.allowed(user, clientId, access, topic) != allowed) {
            violations.add("user " + user + " " + (allowed ? "cannot " : "can ") + (access == Access.READ ? "read " : "write ")
                    + topic);
        }
    }
}
