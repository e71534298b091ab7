package dev.provisioning.console;

import dev.provisioning.admin.AdminAccess;
import dev.provisioning.admin.AdminCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;


/**
 * Signing in and out of the console (product.md §10): sessions from an OpenID Connect sign-in or
 * from a one-time ticket, looked up by the cookie's secret, ended by signing out.
 */
@ApplicationScoped
public class ConsoleSessions {
    /** The roles that mean anything to the console; other groups of an ID token are not kept. */
    private static final Set<String> ROLES = Set.of(AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN);

    private final ConsoleStore store;
    private final ConsoleConfig config;

    public ConsoleSessions(ConsoleStore store, ConsoleConfig config) {
        this.store = store;
        this.config = config;
    }

    /** A new session: the cookie secret to hand to the browser. */
    public record Started(String cookieSecret, ConsoleSession session) {
    }

    /**
     * The first-run sign-in link's secret, for a platform admin: valid {@link ConsoleConfig#ticketLifetime()},
     * usable once.
     */
    public Uni<String> createPlatformAdminTicket(String subject) {
        String secret = ConsoleSecrets.newSecret();
        var grant = new ConsoleStore.Grant(Set.of(AdminAccess.PLATFORM_ADMIN), null, subject);
        return store.saveTicket(ConsoleSecrets.hash(secret), grant, now().plus(config.ticketLifetime())).replaceWith(secret);
    }

    /** A session for the ticket's grant, or null when the ticket is unknown, used or expired. */
    public Uni<Started> signInWithTicket(String ticket) {
        if (!ConsoleSecrets.wellFormed(ticket)) {
            return Uni.createFrom().nullItem();
        }
        return store.redeemTicket(ConsoleSecrets.hash(ticket), now())
                .flatMap(grant -> grant == null ? Uni.createFrom().nullItem() : start(grant));
    }

    /**
     * A session for an ID token's {@code groups} and {@code org} claims, or null when they give no
     * console role (the same rules as the admin API: platform-admin, or org-admin of its organization).
     */
    public Uni<Started> signInWithIdToken(String subject, Set<String> groups, Object orgClaim) {
        AdminCaller caller = AdminCaller.fromClaims(groups, orgClaim);
        if (!caller.hasAdminRole()) {
            return Uni.createFrom().nullItem();
        }
        Set<String> roles = new TreeSet<>(caller.groups());
        roles.retainAll(ROLES);
        return start(new ConsoleStore.Grant(roles, caller.ownOrganization(), subject));
    }

    /** The session of a cookie secret, or null when there is none (unknown, expired or signed out). */
    public Uni<ConsoleSession> find(String cookieSecret) {
        if (!ConsoleSecrets.wellFormed(cookieSecret)) {
            return Uni.createFrom().nullItem();
        }
        return store.findSession(ConsoleSecrets.hash(cookieSecret), now())
                .map(stored -> stored == null ? null : ConsoleSession.of(stored));
    }

    public Uni<Void> signOut(String cookieSecret) {
        if (!ConsoleSecrets.wellFormed(cookieSecret)) {
            return Uni.createFrom().voidItem();
        }
        return store.deleteSession(ConsoleSecrets.hash(cookieSecret));
    }

    public long sessionSeconds() {
        return config.sessionLifetime().toSeconds();
    }

    private Uni<Started> start(ConsoleStore.Grant grant) {
        String secret = ConsoleSecrets.newSecret();
        var stored = new ConsoleStore.StoredSession(grant, ConsoleSecrets.newSecret(), now().plus(config.sessionLifetime()));
        return store.saveSession(ConsoleSecrets.hash(secret), stored).replaceWith(new Started(secret, ConsoleSession.of(stored)));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

}
