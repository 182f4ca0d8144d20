package io.enrolgate.mef;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.core.AuditRecord;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.protocol.MmefPaths;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.mef.transport.RawTlsConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Key Values never reach logs (at any level), audit records, error responses or exception messages, even
 * when the request that carries one is refused or malformed.
 */
class KeyValueRedactionTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level rootLevel;
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private TestMef mef;
    private MefKeyValue key;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
        mef = new TestMef(new InMemoryKeyRegistrationStore(), audit);
        byte[] bytes = new byte[MefKeyValue.LENGTH];
        new SecureRandom().nextBytes(bytes);
        key = MefKeyValue.of(bytes);
    }

    @AfterEach
    void stop() {
        mef.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    @Test
    void noKeyValueInLogsAuditRecordsErrorsOrExceptions() throws Exception {
        List<String> seen = new ArrayList<>();
        KeyRegistrationReceipt receipt = mef.source().register(new KeyRegistrationRequest(Suid.END_TO_END_DATA,
                List.of(TestMef.APP_A_ID), key, Optional.empty(), List.of()));
        mef.appA().retrieve(receipt.keyId());
        seen.add(failureMessage(() -> mef.appB().retrieve(receipt.keyId())));
        seen.add(failureMessage(() -> mef.appA().register(new KeyRegistrationRequest(Suid.END_TO_END_DATA,
                List.of(TestMef.APP_A_ID), key, Optional.empty(), List.of()))));
        String base64 = Base64.getEncoder().encodeToString(key.toBytes());
        // Malformed registrations that carry the key: each refusal must describe the problem without it.
        for (String body : List.of(
                "{\"suid\":24,\"targetIDs\":[\"CAppA\"],\"keyValue\":\"" + base64 + "\",\"surprise\":1}",
                "{\"suid\":13,\"targetIDs\":[\"CAppA\"],\"keyValue\":\"" + base64 + "\"}",
                "{\"suid\":24,\"targetIDs\":[],\"keyValue\":\"" + base64 + "\"}",
                "{\"suid\":24,\"targetIDs\":[\"CAppA\"],\"keyValue\":\"" + base64 + "AAAA\"}",
                "{\"suid\":24,\"targetIDs\":[\"CAppA\"],\"keyValue\":\"" + base64 + "\"",
                "{\"suid\":24,\"keyValue\":\"" + base64 + "\",\"keyValue\":\"" + base64 + "\"}")) {
            seen.add(post(body));
        }
        audit.all().stream().map(AuditRecord::toString).forEach(seen::add);
        for (ILoggingEvent event : logs.list) {
            seen.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                seen.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        seen.add(key.toString());
        seen.add(receipt.toString());

        assertThat(logs.list).as("the log capture works").isNotEmpty();
        assertThat(audit.all()).hasSizeGreaterThan(6);
        byte[] raw = key.toBytes();
        List<String> forms = List.of(HexFormat.of().formatHex(raw), HexFormat.of().withUpperCase().formatHex(raw),
                base64, Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                new String(raw, StandardCharsets.ISO_8859_1), base64.substring(0, 20));
        for (String text : seen) {
            for (String form : forms) {
                assertThat(text).doesNotContain(form);
            }
        }
    }

    @Test
    void secretsHaveRedactedStringForms() {
        PreSharedKey psk = PreSharedKey.fromHex("00112233445566778899aabbccddeeff");

        assertThat(psk.toString()).doesNotContain("0011").contains("redacted");
        assertThat(key.toString()).contains("redacted").hasSizeLessThan(60);
    }

    private String post(String body) throws Exception {
        try (RawTlsConnection connection = new RawTlsConnection(mef.port(), "provisioning", TestMef.SOURCE_PSK,
                TestMef.FQDN)) {
            connection.send("POST " + MmefPaths.KEYS + " HTTP/1.1\r\nHost: " + TestMef.FQDN
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            HttpResponse response = connection.readResponse();
            assertThat(response.status()).as(body.replace(Base64.getEncoder().encodeToString(key.toBytes()), "K"))
                    .isEqualTo(400);
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }

    private static String failureMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (MefClientException e) {
            return e.getMessage();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }
}
