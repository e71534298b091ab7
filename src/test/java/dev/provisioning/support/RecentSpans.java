package dev.provisioning.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tests' span exporter (a CDI {@link SpanExporter}, which Quarkus' OpenTelemetry uses besides
 * OTLP): keeps the last spans in memory, so that a test can see what a request traced.
 */
@Singleton
public class RecentSpans implements SpanExporter {
    private static final int KEEP = 5_000;
    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        for (SpanData span : batch) {
            if (spans.size() >= KEEP) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The spans of a trace, waiting up to 10 s until {@code complete} holds for them. */
    public List<SpanData> ofTrace(String traceId, Predicate<List<SpanData>> complete) {
        return Eventually.await(Duration.ofSeconds(10), () -> spansOf(traceId), complete);
    }

    private synchronized List<SpanData> spansOf(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
