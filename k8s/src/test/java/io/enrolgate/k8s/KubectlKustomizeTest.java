package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test renderer agrees with kustomize itself: where {@code kubectl} is installed, {@code kubectl
 * kustomize} renders each kustomization to the same resources (skipped elsewhere; the other tests do not
 * need kubectl).
 */
class KubectlKustomizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void theTestRendererMatchesKubectlKustomize(String kustomization) throws Exception {
        String output = kubectlKustomize(kustomization);
        assumeTrue(output != null, "kubectl is not installed: nothing to compare with");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (JsonNode document : YamlFiles.documents(output, "kubectl kustomize " + kustomization)) {
            expected.put(Kustomize.id(document), document);
        }
        Map<String, JsonNode> actual = new LinkedHashMap<>();
        List<ObjectNode> rendered = Renderings.render(kustomization);
        rendered.forEach(resource -> actual.put(Kustomize.id(resource), resource));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, JsonNode> entry : expected.entrySet()) {
            assertThat(actual.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private static String kubectlKustomize(String kustomization) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", Repository.k8s().resolve(kustomization).toString())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException notInstalled) {
            return null;
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize: " + err).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            process.destroy();
        }
    }
}
