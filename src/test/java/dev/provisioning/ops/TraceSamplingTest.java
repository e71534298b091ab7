package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** product.md §8.2: spans are recorded only when something exports them; trace ids exist either way. */
class TraceSamplingTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";

    @Test
    void exportsOnlyWhenATracesEndpointOrAnExporterBeanIsThere() {
        assertThat(TraceSampling.exporting(Optional.empty(), false)).isFalse();
        assertThat(TraceSampling.exporting(Optional.of(" "), false)).isFalse();
        assertThat(TraceSampling.exporting(Optional.of("http://collector:4317"), false)).isTrue();
        assertThat(TraceSampling.exporting(Optional.empty(), true)).isTrue();
    }

    @Test
    void withoutAnExporterNothingIsRecordedEvenWhenTheCallerSampled() {
        TraceSampling sampling = new TraceSampling(false, "parentbased_always_on", Optional.empty());
        assertThat(sampling.recording()).isFalse();
        assertThat(decision(sampling, Context.root())).isEqualTo(SamplingDecision.DROP);
        assertThat(decision(sampling, parent(TraceFlags.getSampled()))).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void withAnExporterTheConfiguredSamplerDecides() {
        TraceSampling sampling = new TraceSampling(true, "parentbased_always_on", Optional.empty());
        assertThat(sampling.recording()).isTrue();
        assertThat(decision(sampling, Context.root())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decision(sampling, parent(TraceFlags.getSampled()))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decision(sampling, parent(TraceFlags.getDefault()))).isEqualTo(SamplingDecision.DROP);

        assertThat(decision(new TraceSampling(true, "always_off", Optional.empty()), Context.root()))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decision(new TraceSampling(true, "TraceIdRatio", Optional.of("0")), Context.root()))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decision(new TraceSampling(true, "traceidratio", Optional.of("1.0")), Context.root()))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decision(new TraceSampling(true, "parentbased_always_off", Optional.empty()), Context.root()))
                .isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void anUnknownSamplerNameIsAStartError() {
        assertThatThrownBy(() -> TraceSampling.configured("sometimes", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quarkus.otel.traces.sampler: unknown sampler 'sometimes'");
    }

    @Test
    void anUnrecordedSpanStillCarriesTheCallersTraceIdAndANewSpanId() {
        TraceSampling sampling = new TraceSampling(false, "parentbased_always_on", Optional.empty());
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(sampling).build()) {
            Span span = provider.get("test").spanBuilder("GET /scim/v2/Users").setParent(parent(TraceFlags.getSampled()))
                    .startSpan();
            assertThat(span.isRecording()).isFalse();
            assertThat(span.getSpanContext().getTraceId()).isEqualTo(TRACE);
            assertThat(span.getSpanContext().getSpanId()).isNotEqualTo(PARENT_SPAN).hasSize(16);
            assertThat(span.getSpanContext().isValid()).isTrue();
            span.end();

            Span root = provider.get("test").spanBuilder("GET /scim/v2/Users").setNoParent().startSpan();
            assertThat(root.getSpanContext().isValid()).isTrue();
            assertThat(root.getSpanContext().getTraceId()).isNotEqualTo(TRACE).hasSize(32);
            root.end();
        }
    }

    private static SamplingDecision decision(Sampler sampler, Context parent) {
        return sampler.shouldSample(parent, TRACE, "GET", SpanKind.SERVER, Attributes.empty(), List.of()).getDecision();
    }

    private static Context parent(TraceFlags flags) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, PARENT_SPAN, flags,
                TraceState.getDefault())));
    }
}
