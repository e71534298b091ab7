package dev.provisioning.admin;

import dev.provisioning.ops.ScimConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** Where SCIM clients reach this service: the configured public base URL, else this request's scheme and host. */
@ApplicationScoped
public class PublicBase {
    private final ScimConfig config;

    public PublicBase(ScimConfig config) {
        this.config = config;
    }

    public String of(UriInfo uri) {
        if (config.publicBaseUrl().isPresent()) {
            String configured = config.publicBaseUrl().get();
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
