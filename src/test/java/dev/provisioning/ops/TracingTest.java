package dev.provisioning.ops;

import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.RecentSpans;
import dev.provisioning.support.TenantTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * product.md §8.2: a W3C {@code traceparent} is honoured (the request's spans continue the caller's
 * trace), with a span for the HTTP request and one per SQL statement under it.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class TracingTest extends TenantTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @Inject
    RecentSpans spans;

    @Test
    void scimRequestContinuesTheCallersTraceWithHttpAndSqlSpans() {
        scim(tenant.token()).header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                .queryParam("filter", "userName eq \"traced@example.com\"")
                .get("/scim/v2/Users").then().statusCode(200);

        List<SpanData> trace = spans.ofTrace(TRACE_ID, found -> found.stream().anyMatch(span -> span.getKind() == SpanKind.SERVER)
                && found.stream().anyMatch(TracingTest::isSql));
        SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(server.getName()).isEqualTo("GET /scim/v2/Users");
        List<SpanData> sql = trace.stream().filter(TracingTest::isSql).toList();
        assertThat(sql).as("SQL spans of the request").isNotEmpty()
                .allSatisfy(span -> assertThat(span.getParentSpanId()).isNotEqualTo(CALLER_SPAN));
        assertThat(trace).extracting(SpanData::getName).as("no span names a filter value").noneMatch(name -> name.contains("@"));
    }

    private static boolean isSql(SpanData span) {
        return span.getKind() == SpanKind.CLIENT && span.getAttributes().asMap().keySet().stream()
                .anyMatch(key -> key.getKey().startsWith("db."));
    }
}
