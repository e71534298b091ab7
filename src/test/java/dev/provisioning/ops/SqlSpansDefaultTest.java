package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SQL statement spans follow the traces endpoint unless set explicitly. The configuration is built as
 * Quarkus builds it: the extension's default {@code true} among the default values, application.properties'
 * endpoint expression (ordinal 250), environment-like values above it (300).
 */
class SqlSpansDefaultTest {

    private static SmallRyeConfig config(Map<String, String> environment) {
        Map<String, String> application = Map.of(SqlSpansDefault.TRACES_ENDPOINT, "${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:\u0020}");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptors(new SqlSpansDefault())
                .withDefaultValue(SqlSpansDefault.SQL_SPANS, "true")
                .withSources(new PropertiesConfigSource(application, "application.properties", 250))
                .withSources(new PropertiesConfigSource(new HashMap<>(environment), "environment", 300))
                .build();
    }

    private static boolean sqlSpans(SmallRyeConfig config) {
        return config.getValue(SqlSpansDefault.SQL_SPANS, Boolean.class);
    }

    @Test
    void offWithoutAnExporter() {
        assertThat(sqlSpans(config(Map.of()))).isFalse();
    }

    @Test
    void onWhenTheEndpointIsSet() {
        assertThat(sqlSpans(config(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")))).isTrue();
        assertThat(sqlSpans(config(Map.of(SqlSpansDefault.TRACES_ENDPOINT, "http://collector:4318/v1/traces")))).isTrue();
    }

    @Test
    void anExplicitSettingWinsEitherWay() {
        assertThat(sqlSpans(config(Map.of(SqlSpansDefault.SQL_SPANS, "true")))).isTrue();
        assertThat(sqlSpans(config(Map.of(SqlSpansDefault.SQL_SPANS, "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")))).isFalse();
    }

    @Test
    void otherPropertiesPassThrough() {
        SmallRyeConfig config = config(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        assertThat(config.getValue(SqlSpansDefault.TRACES_ENDPOINT, String.class)).isEqualTo("http://collector:4317");
        assertThat(config.getOptionalValue("quarkus.otel.instrument.vertx-http", String.class)).isEmpty();
    }
}
