package dev.provisioning.ops;

import dev.provisioning.console.ConsoleSessions;
import dev.provisioning.organization.OrganizationRepository;
import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.security.ApiKeyPrincipal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * First-run bootstrap (product.md §6): on an empty database, create an organization with SCIM
 * enabled, its default provider, a SCIM token and an admin JWT, and print how to call both APIs.
 * On by default only with the embedded database, since production secrets never go to logs.
 */
@Singleton
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final OrganizationRepository organizations;
    private final OrganizationSetup setup;
    private final ScimConfig config;
    private final boolean embedded;
    private final int port;
    private final ConsoleSessions consoleSessions;

    public Bootstrap(OrganizationRepository organizations, OrganizationSetup setup, ScimConfig config, ConsoleSessions consoleSessions,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.organizations = organizations;
        this.setup = setup;
        this.config = config;
        this.consoleSessions = consoleSessions;
        this.embedded = config.embeddedDatabase();
        this.port = port;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.bootstrap().enabled().orElse(embedded)) {
            return;
        }
        // at start-up, on the main thread: waiting here is what delays readiness until it is done
        long existing = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(organizations::count));
        String base = config.publicBaseUrl().orElse("http://localhost:" + port);
        if (existing > 0) {
            LOG.infof("Bootstrap skipped: the database already has organizations (the token was printed on the first start)."
                    + "%n  Console sign-in link (works once, for 15 minutes): %s", consoleSignInLink(base));
            return;
        }
        var created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> setup.createOrganization("Demo organization", true, false)
                        .chain(org -> setup.createApiKey(org.organizationId(), null, "Bootstrap SCIM key",
                                        List.of(ApiKeyPrincipal.MANAGE_USERS))
                                .map(key -> new Object[] {org, key}))));
        var org = (OrganizationSetup.NewOrganization) created[0];
        var key = (OrganizationSetup.NewApiKey) created[1];
        String scimBase = base + "/scim/v2";
        String adminToken = mintAdminToken();
        LOG.infof("""

                ================= SCIM provisioning service: first-run bootstrap =================
                Organization:   %s (SCIM enabled), default SCIM provider %s
                SCIM base URL:  %s
                SCIM token:     Authorization: Bearer %s
                Try it:
                  curl -s -X POST %s/Users -H 'Authorization: Bearer %s' -H 'Content-Type: application/scim+json' \\
                    -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane@example.com","emails":[{"type":"work","value":"jane@example.com","primary":true}],"active":true}'
                  curl -s -G %s/Users -H 'Authorization: Bearer %s' --data-urlencode 'filter=emails[type eq "work"].value eq "jane@example.com"'
                Admin API (platform-admin JWT, valid 30 days):
                  curl -s %s/admin/organizations -H 'Authorization: Bearer %s'
                Admin console (platform admin; this link works once, for 15 minutes):
                  %s
                The token is shown only now; it is stored as a hash.
                ==================================================================================
                """, org.organizationId(), org.defaultProviderId(), scimBase, key.token(), scimBase, key.token(),
                scimBase, key.token(), base, adminToken == null ? "<no JWT signing key configured>" : adminToken,
                consoleSignInLink(base));
    }

    /** A one-time sign-in link to the console (product.md §10), as the first-run platform admin. */
    private String consoleSignInLink(String base) throws Throwable {
        String ticket = VertxContextSupport.subscribeAndAwait(() -> consoleSessions.createPlatformAdminTicket("first-run administrator"));
        return base + "/console/sign-in?ticket=" + ticket;
    }

    private String mintAdminToken() {
        try {
            return Jwt.upn("bootstrap-admin").groups(Set.of("platform-admin")).expiresIn(Duration.ofDays(30)).sign();
        } catch (RuntimeException e) {
            LOG.warn("No admin JWT minted: configure smallrye.jwt.sign.key.location to have one printed");
            return null;
        }
    }
}
