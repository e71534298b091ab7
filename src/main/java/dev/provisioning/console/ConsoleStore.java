package dev.provisioning.console;

import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** Where the console keeps sign-in tickets and sessions: shared by every replica. Secrets only as hashes. */
interface ConsoleStore {

    /** What a signed-in administrator may do: the groups and organization of the ID token (or of the ticket). */
    record Grant(Set<String> groups, UUID organizationId, String subject) {
    }

    record StoredSession(Grant grant, String csrfToken, OffsetDateTime expiresAt) {
    }

    Uni<Void> saveTicket(byte[] tokenHash, Grant grant, OffsetDateTime expiresAt);

    /** Marks the ticket used and answers its grant, only when it exists, is unused and has not expired (atomically). */
    Uni<Grant> redeemTicket(byte[] tokenHash, OffsetDateTime now);

    Uni<Void> saveSession(byte[] tokenHash, StoredSession session);

    /** The live session, or null when unknown or expired. */
    Uni<StoredSession> findSession(byte[] tokenHash, OffsetDateTime now);

    Uni<Void> deleteSession(byte[] tokenHash);
}
