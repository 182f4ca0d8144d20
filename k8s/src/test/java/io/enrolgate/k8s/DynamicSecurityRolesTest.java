package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.k8s.DynamicSecurityRoles.Acl;
import io.enrolgate.k8s.DynamicSecurityRoles.Check;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/mosquitto/dynamic-security-roles.json: each gateway gets exactly its own topics, no share, no key. */
class DynamicSecurityRolesTest {
    private static final String GW = "00124b0001020304";

    static String templateText() throws IOException {
        return Files.readString(Repository.deploy().resolve("mosquitto/dynamic-security-roles.json"));
    }

    static DynamicSecurityRoles roles() throws IOException {
        return DynamicSecurityRoles.parse(templateText());
    }

    private static String acl(String type, String topic) {
        return "{ \"acltype\": \"" + type + "\", \"topic\": \"" + topic + "\", \"allow\": true }";
    }

    @Test
    void theRolesGrantWhatTheDesignSaysAndNothingMore() throws IOException {
        assertThat(RoleChecks.check(roles())).isEmpty();
    }

    @Test
    void aGatewayIsGrantedExactlyItsOwnTopics() throws IOException {
        assertThat(roles().acls(GW)).containsExactlyInAnyOrder(
                new Acl("publishClientSend", "enrolgate/v1/gw/" + GW + "/eg/request", true),
                new Acl("publishClientSend", "enrolgate/v1/gw/" + GW + "/status", true),
                new Acl("subscribeLiteral", "enrolgate/v1/gw/" + GW + "/eg/response", true),
                new Acl("publishClientReceive", "enrolgate/v1/gw/" + GW + "/eg/response", true));
        assertThat(roles().acls("Gateway-1")).as("not an IEEE address, not a template client: no role").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource({
        "00124b0001020304, SUBSCRIBE, $share/key-forge/enrolgate/v1/gw/+/eg/request, false",
        "00124b0001020304, SUBSCRIBE, $share/x/enrolgate/v1/gw/00124b0001020304/eg/response, false",
        "00124b0001020304, SUBSCRIBE, enrolgate/v1/gw/00124b0001020304/eg/response, true",
        "00124b0001020304, SUBSCRIBE, enrolgate/v1/gw/+/eg/response, false",
        "00124b0001020304, PUBLISH, enrolgate/v1/gw/00124b00aaaaaaaa/eg/request, false",
        "key-forge, SUBSCRIBE, $share/key-forge/enrolgate/v1/gw/+/eg/request, true",
        "key-forge, SUBSCRIBE, $share/other/enrolgate/v1/gw/+/eg/request, false",
        "key-forge, SUBSCRIBE, enrolgate/v1/gw/+/eg/request, false",
        "provisioning, SUBSCRIBE, $share/provisioning/enrolgate/v1/keys/+, true",
        "provisioning, SUBSCRIBE, $share/key-forge/enrolgate/v1/gw/+/eg/request, false",
        "events, SUBSCRIBE, enrolgate/v1/gw/+/status, true",
        "events, SUBSCRIBE, enrolgate/v1/gw/#, false",
        "events, RECEIVE, enrolgate/v1/keys/000d6f000a0b0c0d, false",
        "admin, PUBLISH, $CONTROL/dynamic-security/v1, true",
        "admin, RECEIVE, enrolgate/v1/keys/000d6f000a0b0c0d, false",
    })
    void decisions(String user, Check check, String topic, boolean allowed) throws IOException {
        assertThat(roles().allowed(user, check, topic)).isEqualTo(allowed);
    }

    @Test
    void topicMatching() {
        assertThat(DynamicSecurityRoles.topicMatches("a/+/c", "a/b/c")).isTrue();
        assertThat(DynamicSecurityRoles.topicMatches("a/+/c", "a/b/d")).isFalse();
        assertThat(DynamicSecurityRoles.topicMatches("a/#", "a")).isTrue();
        assertThat(DynamicSecurityRoles.topicMatches("a/#", "a/b/c")).isTrue();
        assertThat(DynamicSecurityRoles.topicMatches("#", "$SYS/broker")).isFalse();
        assertThat(DynamicSecurityRoles.topicMatches("+/key-forge/#", "$share/key-forge/x")).isFalse();
        assertThat(DynamicSecurityRoles.topicMatches("a/b", "a/b/c")).isFalse();
        assertThat(DynamicSecurityRoles.topicMatches("a/b/c", "a/+/c")).as("a filter read as a topic").isFalse();
    }

    // ---- broken copies of the template ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        any gateway's responses       | subscribeLiteral | enrolgate/v1/gw/{gateway}/eg/response | subscribePattern | enrolgate/v1/gw/+/eg/response | gateway 00124b0001020304 is granted
        any gateway's requests        | publishClientSend | enrolgate/v1/gw/{gateway}/eg/request | publishClientSend | enrolgate/v1/gw/+/eg/request | user 00124b0001020304 can publish enrolgate/v1/gw/00124b00aaaaaaaa/eg/request
        key-forge granted the topic part only, as for acl_file | subscribeLiteral | $share/key-forge/enrolgate/v1/gw/+/eg/request | subscribeLiteral | enrolgate/v1/gw/+/eg/request | user key-forge cannot subscribe $share/key-forge/enrolgate/v1/gw/+/eg/request
        events reading keys           | publishClientReceive | enrolgate/v1/events/# | publishClientReceive | enrolgate/v1/# | user events can read sealed keys: only provisioning may
        provisioning publishing keys  | publishClientReceive | enrolgate/v1/keys/+ | publishClientSend | enrolgate/v1/keys/+ | user provisioning can publish keys: only key-forge may
        """)
    void aBrokenAclIsCaught(String description, String type, String topic, String brokenType, String brokenTopic,
            String expected) throws IOException {
        String text = templateText();
        assertThat(text).contains(acl(type, topic));
        String broken = text.replace(acl(type, topic), acl(brokenType, brokenTopic));
        assertThat(RoleChecks.check(DynamicSecurityRoles.parse(broken))).as(description)
                .anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void aGatewayJoiningKeyForgesShareIsCaught() throws IOException {
        String own = acl("publishClientSend", "enrolgate/v1/gw/{gateway}/eg/request");
        String broken = templateText().replace(own, own + ", " + acl("subscribePattern", "$share/+/enrolgate/v1/gw/+/eg/request"));
        assertThat(RoleChecks.check(DynamicSecurityRoles.parse(broken)))
                .anySatisfy(v -> assertThat(v).contains("user 00124b0001020304 can subscribe "
                        + "$share/key-forge/enrolgate/v1/gw/+/eg/request: only key-forge may"));
    }

    @Test
    void aPermissiveDefaultIsCaught() throws IOException {
        String broken = templateText().replace("\"subscribe\": false", "\"subscribe\": true");
        assertThat(broken).isNotEqualTo(templateText());
        assertThat(RoleChecks.check(DynamicSecurityRoles.parse(broken)))
                .anySatisfy(v -> assertThat(v).contains("defaultACLAccess grants SUBSCRIBE"))
                .anySatisfy(v -> assertThat(v).contains("user 00124b0001020304 can subscribe enrolgate/v1/keys/+"));
    }

    @Test
    void aPriorityIsCaughtBecauseTheCheckReadsFileOrder() throws IOException {
        String broken = templateText().replace("\"rolename\": \"events\",", "\"rolename\": \"events\", \"priority\": 5,");
        assertThat(broken).isNotEqualTo(templateText());
        assertThat(RoleChecks.check(DynamicSecurityRoles.parse(broken)))
                .anySatisfy(v -> assertThat(v).contains("role events has a priority"));
    }
}
