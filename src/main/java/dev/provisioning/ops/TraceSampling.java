package dev.provisioning.ops;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.All;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The tracer's sampler (Quarkus' OpenTelemetry takes a CDI {@link Sampler} over its configured one):
 * records spans only when something exports them (product.md §8.2: the exporter is off unless an OTLP
 * endpoint is set). With no exporter every span is non-recording: it still has a trace id (the
 * caller's from {@code traceparent}, else a new one), which goes to the log lines and is propagated,
 * but no span data is built and nothing is queued, and the log's {@code sampled} field says so. (The
 * instrumentation still extracts the span's attributes before it asks the sampler: that part of tracing's
 * cost stays, bench/RESULTS.md.) With an exporter it is the sampler configured by
 * {@code quarkus.otel.traces.sampler} (default {@code parentbased_always_on}) and its {@code .arg}.
 *
 * <p>Unremovable: Quarkus looks samplers up through an {@code @All List<Sampler>}, which ArC's unused-bean
 * removal does not count as a use.
 */
@Singleton
@Unremovable
public class TraceSampling implements Sampler {
    private static final Logger LOG = Logger.getLogger(TraceSampling.class);
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    static final String SAMPLER = "quarkus.otel.traces.sampler";
    static final String SAMPLER_ARG = "quarkus.otel.traces.sampler.arg";

    private final Sampler delegate;
    private final boolean recording;

    @Inject
    TraceSampling(Config config, @All List<SpanExporter> exporters) {
        this(exporting(config.getOptionalValue(TRACES_ENDPOINT, String.class), !exporters.isEmpty()),
                config.getOptionalValue(SAMPLER, String.class).orElse("parentbased_always_on"),
                config.getOptionalValue(SAMPLER_ARG, String.class));
    }

    TraceSampling(boolean exporting, String configured, Optional<String> argument) {
        this.recording = exporting;
        this.delegate = exporting ? configured(configured, argument) : Sampler.alwaysOff();
        if (!exporting) {
            LOG.debug("No span exporter is configured: spans carry trace ids but are not recorded");
        }
    }

    /**
     * True when spans can leave the process: the OTLP traces endpoint is set, or an exporter bean exists. Only
     * the traces endpoint counts: application.properties derives it from {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}
     * and leaves it blank without it, while the generic endpoint always has Quarkus' default
     * ({@code http://localhost:4317}), which exports nothing here.
     */
    static boolean exporting(Optional<String> tracesEndpoint, boolean exporterBeans) {
        return exporterBeans || tracesEndpoint.filter(endpoint -> !endpoint.isBlank()).isPresent();
    }

    /** The standard OpenTelemetry sampler names (the values {@code quarkus.otel.traces.sampler} takes). */
    static Sampler configured(String name, Optional<String> argument) {
        double ratio = argument.filter(a -> !a.isBlank()).map(a -> Double.parseDouble(a.trim())).orElse(1.0d);
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            default -> throw new IllegalArgumentException(SAMPLER + ": unknown sampler '" + name
                    + "' (always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off,"
                    + " parentbased_traceidratio)");
        };
    }

    /** Whether spans are recorded at all (false: no exporter). */
    public boolean recording() {
        return recording;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "TraceSampling{" + delegate.getDescription() + "}";
    }
}
