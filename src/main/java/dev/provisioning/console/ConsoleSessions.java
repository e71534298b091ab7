package dev.provisioning.console;

import dev.provisioning.admin.AdminAccess;
import dev.provisioning.admin.AdminCaller;
import dev.provisioning.persistence.Timestamps;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Signing in and out of the console (product.md §10): sessions from an OpenID Connect sign-in or
 * from a one-time ticket, looked up by the cookie's secret, ended by signing out. Kept in the
 * database, so that every replica knows them.
 */
@ApplicationScoped
public class ConsoleSessions {
    /** The roles that mean anything to the console; other groups of an ID token are not kept. */
    private static final Set<String> ROLES = Set.of(AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN);

    private final ConsoleSessionRepository sessions;
    private final ConsoleSignInTicketRepository tickets;
    private final ConsoleConfig config;

    public ConsoleSessions(ConsoleSessionRepository sessions, ConsoleSignInTicketRepository tickets, ConsoleConfig config) {
        this.sessions = sessions;
        this.tickets = tickets;
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
        ConsoleSignInTicketEntity ticket = new ConsoleSignInTicketEntity();
        ticket.id = UUID.randomUUID();
        ticket.tokenHash = ConsoleSecrets.hash(secret);
        ticket.groups = new String[] {AdminAccess.PLATFORM_ADMIN};
        ticket.subject = subject;
        ticket.createdAt = Timestamps.now();
        ticket.expiresAt = ticket.createdAt.plus(config.ticketLifetime());
        return Panache.withTransaction(() -> tickets.deleteExpired(ticket.createdAt).chain(() -> tickets.create(ticket)))
                .replaceWith(secret);
    }

    /** A session for the ticket's grant, or null when the ticket is unknown, used or expired. */
    public Uni<Started> signInWithTicket(String ticket) {
        if (!ConsoleSecrets.wellFormed(ticket)) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withTransaction(() -> tickets.redeem(ConsoleSecrets.hash(ticket), Timestamps.now())
                .chain(redeemed -> redeemed == null ? Uni.createFrom().nullItem()
                        : start(Set.of(redeemed.groups), redeemed.organizationId, redeemed.subject)));
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
        return Panache.withTransaction(() -> start(roles, caller.ownOrganization(), subject));
    }

    /** The session of a cookie secret, or null when there is none (unknown, expired or signed out). */
    public Uni<ConsoleSession> find(String cookieSecret) {
        if (!ConsoleSecrets.wellFormed(cookieSecret)) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> sessions.findLive(ConsoleSecrets.hash(cookieSecret), Timestamps.now()))
                .map(found -> found == null ? null : ConsoleSession.of(found));
    }

    public Uni<Void> signOut(String cookieSecret) {
        if (!ConsoleSecrets.wellFormed(cookieSecret)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> sessions.deleteByDigest(ConsoleSecrets.hash(cookieSecret))).replaceWithVoid();
    }

    public long sessionSeconds() {
        return config.sessionLifetime().toSeconds();
    }

    private Uni<Started> start(Set<String> groups, UUID organizationId, String subject) {
        String secret = ConsoleSecrets.newSecret();
        ConsoleSessionEntity session = new ConsoleSessionEntity();
        session.id = UUID.randomUUID();
        session.tokenHash = ConsoleSecrets.hash(secret);
        session.groups = groups.toArray(String[]::new);
        session.organizationId = organizationId;
        session.subject = subject;
        session.csrfToken = ConsoleSecrets.newSecret();
        session.createdAt = Timestamps.now();
        session.expiresAt = session.createdAt.plus(config.sessionLifetime());
        return sessions.deleteExpired(session.createdAt)
                .chain(() -> sessions.create(session))
                .map(created -> new Started(secret, ConsoleSession.of(created)));
    }
}
