package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.k8s.MosquittoAcl.Access;
import io.enrolgate.k8s.MosquittoAcl.Grant;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/mosquitto/acl, parsed line by line: each gateway user gets exactly its own topics. */
class MosquittoAclTest {
    private static final String GW = "00124b0001020304";
    private static final String OTHER = "00124b00aaaaaaaa";

    static String aclText() throws IOException {
        return Files.readString(Repository.deploy().resolve("mosquitto/acl"));
    }

    static MosquittoAcl acl() throws IOException {
        return MosquittoAcl.parse(aclText());
    }

    @Test
    void theAclGrantsWhatTheDesignSaysAndNothingMore() throws IOException {
        assertThat(AclChecks.check(acl())).isEmpty();
    }

    @Test
    void aGatewayUserIsGrantedExactlyItsOwnThreeTopics() throws IOException {
        assertThat(acl().grants(GW, "serial-bridge-" + GW)).containsExactlyInAnyOrder(
                new Grant("write", "enrolgate/v1/gw/" + GW + "/eg/request"),
                new Grant("write", "enrolgate/v1/gw/" + GW + "/status"),
                new Grant("read", "enrolgate/v1/gw/" + GW + "/eg/response"));
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource({
        "00124b0001020304, WRITE, enrolgate/v1/gw/00124b0001020304/eg/request, true",
        "00124b0001020304, WRITE, enrolgate/v1/gw/00124b0001020304/status, true",
        "00124b0001020304, READ, enrolgate/v1/gw/00124b0001020304/eg/response, true",
        "00124b0001020304, WRITE, enrolgate/v1/gw/00124b00aaaaaaaa/eg/request, false",
        "00124b0001020304, READ, enrolgate/v1/gw/00124b00aaaaaaaa/eg/response, false",
        "00124b0001020304, WRITE, enrolgate/v1/gw/00124b0001020304/eg/response, false",
        "00124b0001020304, READ, enrolgate/v1/gw/00124b0001020304/eg/request, false",
        "00124b0001020304, READ, enrolgate/v1/keys/000d6f000a0b0c0d, false",
        "00124b0001020304, READ, enrolgate/v1/events/000d6f000a0b0c0d, false",
        "key-forge, READ, enrolgate/v1/gw/00124b00aaaaaaaa/eg/request, true",
        "key-forge, WRITE, enrolgate/v1/gw/00124b00aaaaaaaa/eg/response, true",
        "key-forge, WRITE, enrolgate/v1/keys/000d6f000a0b0c0d, true",
        "key-forge, WRITE, enrolgate/v1/events/000d6f000a0b0c0d, true",
        "key-forge, READ, enrolgate/v1/keys/000d6f000a0b0c0d, false",
        "provisioning, READ, enrolgate/v1/keys/000d6f000a0b0c0d, true",
        "provisioning, WRITE, enrolgate/v1/events/000d6f000a0b0c0d, true",
        "provisioning, WRITE, enrolgate/v1/keys/000d6f000a0b0c0d, false",
        "events, READ, enrolgate/v1/events/000d6f000a0b0c0d, true",
        "events, READ, enrolgate/v1/gw/00124b0001020304/status, true",
        "events, READ, enrolgate/v1/keys/000d6f000a0b0c0d, false",
        "events, WRITE, enrolgate/v1/events/000d6f000a0b0c0d, false",
    })
    void decisions(String user, Access access, String topic, boolean allowed) throws IOException {
        assertThat(acl().allowed(user, user + "-client", access, topic)).isEqualTo(allowed);
    }

    @Test
    void sharedSubscriptionsAndWildcards() throws IOException {
        MosquittoAcl acl = acl();
        assertThat(acl.maySubscribe("key-forge", "key-forge-0", "$share/key-forge/enrolgate/v1/gw/+/eg/request")).isTrue();
        assertThat(acl.maySubscribe("provisioning", "p", "$share/provisioning/enrolgate/v1/keys/+")).isTrue();
        assertThat(acl.maySubscribe("provisioning", "p", "$share/key-forge/enrolgate/v1/gw/+/eg/request")).isFalse();
        assertThat(acl.maySubscribe(GW, "serial-bridge-" + GW, "enrolgate/v1/gw/" + GW + "/eg/response")).isTrue();
        assertThat(acl.maySubscribe(GW, "serial-bridge-" + GW, "enrolgate/v1/gw/+/eg/response")).isFalse();
        assertThat(acl.maySubscribe(GW, "serial-bridge-" + GW, "#")).isFalse();
        assertThat(acl.maySubscribe("events", "e", "enrolgate/v1/#")).isFalse();
    }

    @Test
    void aUserNameWithWildcardsGetsNoPatternTopics() throws IOException {
        assertThat(acl().grants("+", "c")).isEmpty();
        assertThat(acl().grants(GW + "/x", "c")).isEmpty();
        assertThat(acl().allowed("#", "c", Access.READ, "enrolgate/v1/gw/#/eg/response")).isFalse();
    }

    @Test
    void topicMatching() {
        assertThat(MosquittoAcl.topicMatches("a/+/c", "a/b/c")).isTrue();
        assertThat(MosquittoAcl.topicMatches("a/+/c", "a/b/d")).isFalse();
        assertThat(MosquittoAcl.topicMatches("a/#", "a")).isTrue();
        assertThat(MosquittoAcl.topicMatches("a/#", "a/b/c")).isTrue();
        assertThat(MosquittoAcl.topicMatches("#", "$SYS/broker")).isFalse();
        assertThat(MosquittoAcl.topicMatches("a/b", "a/b/c")).isFalse();
        assertThat(MosquittoAcl.covers("a/+/c", "a/+/c")).isTrue();
        assertThat(MosquittoAcl.covers("a/b/c", "a/+/c")).isFalse();
        assertThat(MosquittoAcl.covers("a/#", "a/+/c")).isTrue();
    }

    // ---- broken copies of the ACL ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        any gateway's responses         | pattern read enrolgate/v1/gw/%u/eg/response | pattern read enrolgate/v1/gw/+/eg/response | gateway 00124b0001020304 is granted
        any gateway's requests          | pattern write enrolgate/v1/gw/%u/eg/request | pattern write enrolgate/v1/gw/+/eg/request | user 00124b0001020304 can write enrolgate/v1/gw/00124b00aaaaaaaa/eg/request
        client id instead of user name  | pattern write enrolgate/v1/gw/%u/eg/request | pattern write enrolgate/v1/gw/%c/eg/request | user 00124b0001020304 cannot write enrolgate/v1/gw/00124b0001020304/eg/request
        read and write on own topics    | pattern read enrolgate/v1/gw/%u/eg/response | pattern readwrite enrolgate/v1/gw/%u/eg/response | user 00124b0001020304 can write enrolgate/v1/gw/00124b0001020304/eg/response
        events reading keys             | topic read enrolgate/v1/events/# | topic read enrolgate/v1/# | user events can read sealed keys
        key-forge without the shared requests | topic read enrolgate/v1/gw/+/eg/request | topic read enrolgate/v1/gw/+/eg/status | key-forge may not subscribe $share/key-forge/enrolgate/v1/gw/+/eg/request
        provisioning publishing keys    | topic read enrolgate/v1/keys/+ | topic readwrite enrolgate/v1/keys/+ | user provisioning can publish keys
        """)
    void aBrokenAclIsCaught(String description, String line, String replacement, String expected) throws IOException {
        String text = aclText();
        assertThat(text).contains(line);
        String broken = text.replace(line, replacement);
        assertThat(AclChecks.check(MosquittoAcl.parse(broken))).as(description)
                .anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void topicsForAnonymousClientsAreCaught() throws IOException {
        String broken = "topic read enrolgate/v1/events/#\n" + aclText();
        assertThat(AclChecks.check(MosquittoAcl.parse(broken))).anySatisfy(v -> assertThat(v).contains("anonymous clients are granted"));
    }

    @Test
    void aGatewaySectionAddingTopicsIsCaught() throws IOException {
        String broken = aclText() + "\nuser " + OTHER + "\ntopic read enrolgate/v1/gw/+/status\n";
        assertThat(AclChecks.check(MosquittoAcl.parse(broken)))
                .anySatisfy(v -> assertThat(v).contains("gateway " + OTHER + " is granted"));
        assertThat(Set.copyOf(MosquittoAcl.parse(broken).grants(OTHER, "c"))).hasSize(4);
    }
}
