package dev.provisioning.console;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** TEMPORARY: replaced by the database store once the persistence pattern is settled (coordination README). */
@ApplicationScoped
class InMemoryConsoleStore implements ConsoleStore {
    private record Ticket(Grant grant, OffsetDateTime expiresAt) {
    }

    private final Map<ByteBuffer, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, StoredSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> saveTicket(byte[] tokenHash, Grant grant, OffsetDateTime expiresAt) {
        tickets.put(ByteBuffer.wrap(tokenHash), new Ticket(grant, expiresAt));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Grant> redeemTicket(byte[] tokenHash, OffsetDateTime now) {
        Ticket ticket = tickets.remove(ByteBuffer.wrap(tokenHash));
        return Uni.createFrom().item(ticket == null || !ticket.expiresAt().isAfter(now) ? null : ticket.grant());
    }

    @Override
    public Uni<Void> saveSession(byte[] tokenHash, StoredSession session) {
        sessions.put(ByteBuffer.wrap(tokenHash), session);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<StoredSession> findSession(byte[] tokenHash, OffsetDateTime now) {
        StoredSession session = sessions.get(ByteBuffer.wrap(tokenHash));
        return Uni.createFrom().item(session == null || !session.expiresAt().isAfter(now) ? null : session);
    }

    @Override
    public Uni<Void> deleteSession(byte[] tokenHash) {
        sessions.remove(ByteBuffer.wrap(tokenHash));
        return Uni.createFrom().voidItem();
    }
}
