package dev.provisioning.console;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The {@code console_sessions} table. A session is found by the SHA-256 of its cookie's secret,
 * which is the credential itself (like an API key's digest); it names no organization.
 */
@ApplicationScoped
public class ConsoleSessionRepository implements PanacheRepositoryBase<ConsoleSessionEntity, UUID> {

    public Uni<ConsoleSessionEntity> create(ConsoleSessionEntity session) {
        return persist(session).call(this::flush);
    }

    /** The live session with this digest, or null (unknown, signed out or expired). */
    public Uni<ConsoleSessionEntity> findLive(byte[] tokenHash, OffsetDateTime now) {
        return find("tokenHash = ?1 and expiresAt > ?2", tokenHash, now).firstResult();
    }

    public Uni<Long> deleteByDigest(byte[] tokenHash) {
        return delete("tokenHash", tokenHash);
    }

    /** Housekeeping: sessions past their end (served by console_sessions_expiry). */
    public Uni<Long> deleteExpired(OffsetDateTime now) {
        return delete("expiresAt <= ?1", now);
    }
}
