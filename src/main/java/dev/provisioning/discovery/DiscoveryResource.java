package dev.provisioning.discovery;

import dev.provisioning.bulk.BulkLimits;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.SchemaDocuments;
import dev.provisioning.security.CurrentCaller;
import dev.provisioning.web.ScimResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/** Discovery (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes, /Schemas; and 501 for /Me, which is not offered. */
@Path("/scim/v2")
public class DiscoveryResource {
    private final CurrentCaller current;
    private final ScimConfig config;

    public DiscoveryResource(CurrentCaller current, ScimConfig config) {
        this.current = current;
        this.config = config;
    }

    @GET
    @Path("ServiceProviderConfig")
    public Response serviceProviderConfig() {
        return ScimResponses.json(200, SchemaDocuments.serviceProviderConfig(base(), config.maxResults(), true, true,
                BulkLimits.of(config).advertised()));
    }

    @GET
    @Path("ResourceTypes")
    public Response resourceTypes() {
        return ScimResponses.json(200, SchemaDocuments.resourceTypesList(base()));
    }

    @GET
    @Path("ResourceTypes/{id}")
    public Response resourceType(@RestPath String id) {
        return ScimResponses.json(200, SchemaDocuments.resourceTypeById(id, base())
                .orElseThrow(() -> ScimException.notFound("Resource type " + id + " not found")));
    }

    @GET
    @Path("Schemas")
    public Response schemas() {
        return ScimResponses.json(200, SchemaDocuments.schemasList(base()));
    }

    @GET
    @Path("Schemas/{id}")
    public Response schema(@RestPath String id) {
        return ScimResponses.json(200, SchemaDocuments.schemaById(id, base())
                .orElseThrow(() -> ScimException.notFound("Schema " + id + " not found")));
    }

    @GET
    @Path("Me")
    public Response me() {
        current.get();
        throw ScimException.notImplemented("/Me is not supported: API keys act for a provider, not a user");
    }

    private String base() {
        return current.get().baseUrl();
    }

}
