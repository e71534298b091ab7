package dev.provisioning.bulk;

import dev.provisioning.ops.ScimConfig;
import dev.provisioning.scim.bulk.BulkRequest;
import dev.provisioning.scim.bulk.BulkRequestParser;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.security.CurrentCaller;
import dev.provisioning.security.ProviderRateLimiter;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.web.JsonBodies;
import dev.provisioning.web.ScimResponses;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /Bulk} (RFC 7644 §3.7): thin — checks the limits advertised in
 * {@code /ServiceProviderConfig} (413 above them, §3.7.4), parses, delegates to {@link BulkProcessor}.
 * Answers 200 with a BulkResponse whatever the operations' outcomes.
 */
@WithSession
@Path("/scim/v2/Bulk")
public class BulkResource {
    private final CurrentCaller current;
    private final BulkProcessor processor;
    private final ScimConfig config;
    private final ProviderRateLimiter rateLimiter;

    public BulkResource(CurrentCaller current, BulkProcessor processor, ScimConfig config, ProviderRateLimiter rateLimiter) {
        this.current = current;
        this.processor = processor;
        this.config = config;
        this.rateLimiter = rateLimiter;
    }

    @POST
    public Uni<Response> bulk(byte[] body) {
        ScimCaller caller = current.get();
        BulkLimits limits = BulkLimits.of(config);
        if (!limits.advertised().supported()) {
            throw ScimException.notImplemented("Bulk operations are not offered here (see /ServiceProviderConfig)");
        }
        if (body != null && body.length > limits.advertised().maxPayloadSize()) {
            throw ScimException.payloadTooLarge("The bulk request has " + body.length + " bytes; at most "
                    + limits.advertised().maxPayloadSize() + " are accepted (maxPayloadSize in /ServiceProviderConfig)");
        }
        BulkRequest request = BulkRequestParser.parse(JsonBodies.parse(body), limits.advertised().maxOperations());
        // each further operation counts against the provider's rate limit, as its single request would
        rateLimiter.charge(caller.providerId(), request.operations().size() - 1);
        return processor.run(caller, request).map(response -> ScimResponses.json(200, response));
    }
}
