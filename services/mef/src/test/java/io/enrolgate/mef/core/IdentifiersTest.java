package io.enrolgate.mef.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
    @Test
    void aKeyIdentifierIsRelativeKeyIdAtFqdn() {
        KeyIdentifier id = KeyIdentifier.parse("0123456789abcdef0123456789abcdef@MEF.Example.COM");

        assertThat(id.relativeKeyId().value()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(id.mefFqdn()).isEqualTo("mef.example.com");
        assertThat(id).hasToString("0123456789abcdef0123456789abcdef@mef.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "0123456789abcdef0123456789abcdef@", "@mef.example.com",
        "0123456789abcdef0123456789abcdef@a@b", "0123456789ABCDEF0123456789ABCDEF@mef.example.com",
        "0123@mef.example.com", "0123456789abcdef0123456789abcdef@mef..example", "0123456789abcdef0123456789abcdef@-mef"})
    void malformedKeyIdentifiersAreRefused(String text) {
        assertThatThrownBy(() -> KeyIdentifier.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key identifier");
    }

    @Test
    void randomRelativeKeyIdsAreWellFormedAndDistinct() {
        RelativeKeyId a = RelativeKeyId.random();

        assertThat(a.value()).matches("[0-9a-f]{32}");
        assertThat(RelativeKeyId.random()).isNotEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAE01", "/in-cse/Cae01", "//sp.example/in-cse/Cae01", "S_app-1.x~y"})
    void oneM2mIdsAccepted(String id) {
        assertThat(new OneM2mId(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "C AE", "CAE\n", "CAé", "C\"AE"})
    void oneM2mIdsRefused(String id) {
        assertThatThrownBy(() -> new OneM2mId(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oneM2M ID");
    }

    @Test
    void onlyMefProvisionedSuidsAreAccepted() {
        assertThat(Suid.of(24)).isEqualTo(Suid.END_TO_END_DATA);
        for (int refused : new int[] {10, 14, 20, 25, 34, 42, -1}) {
            assertThatThrownBy(() -> Suid.of(refused)).hasMessageContaining("SUID " + refused)
                    .hasMessageContaining("21, 22, 23, 24");
        }
    }

    @Test
    void targetIdsAreDeduplicatedAndBounded() {
        OneM2mId a = new OneM2mId("CA");

        assertThat(TargetIds.check(List.of(a, new OneM2mId("CB"), a))).hasSize(2);
        assertThatThrownBy(() -> TargetIds.check(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> TargetIds.check(java.util.Collections.nCopies(65, a)))
                .hasMessageContaining("at most 64");
    }

    @Test
    void labelsAreTokens() {
        assertThat(Labels.check(List.of("ieee:000D6F000A0B0C0D"))).hasSize(1);
        assertThatThrownBy(() -> Labels.check(List.of("two words"))).hasMessageContaining("not a token");
        assertThatThrownBy(() -> Labels.check(java.util.Collections.nCopies(33, "x"))).hasMessageContaining("at most");
    }

    @Test
    void printableNeutralisesHostileText() {
        assertThat(Printable.of("a\r\nb\u0000c", 100)).isEqualTo("a??b?c");
        assertThat(Printable.of("x".repeat(50), 10)).isEqualTo("x".repeat(10) + "...");
    }

    @Test
    void aKeyValueIsExactly32Bytes() {
        assertThatThrownBy(() -> MefKeyValue.of(new byte[16])).hasMessageContaining("got 16 bytes");
        assertThat(MefKeyValue.of(new byte[32]).firstHalf()).hasSize(16);
    }
}
