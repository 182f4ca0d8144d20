package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class Json6902Test {
    private static JsonNode yaml(String text) {
        return YamlFiles.documents(text, "test").get(0);
    }

    @Test
    void addReplaceAndRemoveFollowRfc6902() {
        JsonNode document = yaml("{a: {b: [1, 2]}, c: x, \"d/e\": {f: 1}}");
        Json6902.apply(document, yaml("""
                - {op: add, path: /a/b/-, value: 3}
                - {op: add, path: /a/b/0, value: 0}
                - {op: replace, path: /c, value: y}
                - {op: replace, path: /d~1e/f, value: 2}
                - {op: remove, path: /a/b/1}
                - {op: add, path: /g, value: {h: true}}
                """), "test");
        assertThat(document).isEqualTo(yaml("{a: {b: [0, 2, 3]}, c: y, \"d/e\": {f: 2}, g: {h: true}}"));
    }

    @Test
    void replacingOrRemovingWhatDoesNotExistFails() {
        assertThatThrownBy(() -> Json6902.apply(yaml("{a: 1}"), yaml("[{op: replace, path: /b, value: 2}]"), "p"))
                .hasMessageContaining("cannot replace /b: it does not exist");
        assertThatThrownBy(() -> Json6902.apply(yaml("{a: 1}"), yaml("[{op: remove, path: /b/c}]"), "p"))
                .hasMessageContaining("path /b/c does not exist");
        assertThatThrownBy(() -> Json6902.apply(yaml("{a: [1]}"), yaml("[{op: replace, path: /a/3, value: 2}]"), "p"))
                .hasMessageContaining("'3' is not an index below 1");
        assertThatThrownBy(() -> Json6902.apply(yaml("{a: 1}"), yaml("[{op: move, from: /a, path: /b}]"), "p"))
                .hasMessageContaining("unsupported patch operation 'move'");
    }
}
