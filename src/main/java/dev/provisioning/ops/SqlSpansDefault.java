package dev.provisioning.ops;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * SQL statement spans only when spans leave the process: unless {@code quarkus.otel.instrument.vertx-sql-client}
 * is set explicitly, it follows the OTLP traces endpoint (set: on, the Quarkus default; blank, as
 * application.properties leaves it without {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}: off). Without an
 * exporter every span is non-recording ({@link TraceSampling}), yet the SQL client's instrumentation still
 * extracted each statement's attributes before asking the sampler: about 4 % of a lookup's CPU, for nothing
 * (bench/RESULTS.md). The HTTP server span stays: its trace id is what every log line carries (product.md §8.2).
 *
 * <p>A configuration interceptor rather than a property expression, because "is the endpoint blank" cannot be
 * written as one; registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public class SqlSpansDefault implements ConfigSourceInterceptor {
    static final String SQL_SPANS = "quarkus.otel.instrument.vertx-sql-client";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SQL_SPANS.equals(name) || value != null && !value.isDefault()) {
            return value;
        }
        ConfigValue endpoint = context.proceed(TRACES_ENDPOINT);
        boolean exporting = endpoint != null && endpoint.getValue() != null && !endpoint.getValue().isBlank();
        ConfigValue.ConfigValueBuilder derived = value != null ? value.from() : ConfigValue.builder().withName(name);
        return derived.withValue(Boolean.toString(exporting)).withRawValue(Boolean.toString(exporting))
                .withConfigSourceName(SqlSpansDefault.class.getSimpleName()).build();
    }
}
