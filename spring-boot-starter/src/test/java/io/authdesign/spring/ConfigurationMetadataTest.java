package io.authdesign.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDEs complete every key of the reference server's configuration under {@code authdesign.}. */
class ConfigurationMetadataTest {

    @Test
    void everyKeyOfTheReferenceConfigurationThenDescribed() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> described = new ArrayList<>();
        metadata.get("properties").forEach(property -> {
            described.add(property.get("name").asText());
            assertThat(property.get("description").asText()).isNotBlank();
        });
        assertThat(described).containsExactlyInAnyOrderElementsOf(keys("authdesign", ServerConfig.class));
    }

    /** The record's keys; nested records (storage, signing, ...) by their own keys, lists of records whole. */
    private static List<String> keys(String prefix, Class<?> type) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + component.getName();
            if (component.getType().isRecord()) {
                keys.addAll(keys(key, component.getType()));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }
}
