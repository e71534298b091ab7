package dev.provisioning.console;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The {@code console_sign_in_tickets} table, found by the SHA-256 of the ticket (the credential itself). */
@ApplicationScoped
public class ConsoleSignInTicketRepository implements PanacheRepositoryBase<ConsoleSignInTicketEntity, UUID> {

    public Uni<ConsoleSignInTicketEntity> create(ConsoleSignInTicketEntity ticket) {
        return persist(ticket).call(this::flush);
    }

    /**
     * Uses the ticket with this digest, and answers it, only when it is unused and not expired. One
     * conditional update: of two replicas redeeming one ticket at once, exactly one succeeds.
     */
    public Uni<ConsoleSignInTicketEntity> redeem(byte[] tokenHash, OffsetDateTime now) {
        return update("usedAt = ?1 where tokenHash = ?2 and usedAt is null and expiresAt > ?1", now, tokenHash)
                .chain(used -> used == 0 ? Uni.createFrom().nullItem() : find("tokenHash", tokenHash).firstResult());
    }

    /** Housekeeping: tickets that can no longer be used. */
    public Uni<Long> deleteExpired(OffsetDateTime now) {
        return delete("expiresAt <= ?1", now);
    }
}
