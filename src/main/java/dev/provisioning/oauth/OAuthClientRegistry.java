package dev.provisioning.oauth;

import dev.provisioning.persistence.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Which OAuth clients are live, as each replica knows it without a database round trip per request
 * (product.md §11: a deleted client's tokens stop working within one second on every replica).
 *
 * <p>A request's client is looked up once and then kept for up to {@link #ENTRY_TTL} (its provider
 * and its organization's SCIM flags change rarely; the API key cache keeps them as long). Deletions
 * travel faster: every {@link #POLL_INTERVAL} each replica asks the database which clients were
 * deleted since its last look ({@code deleted_at}, set at the database's clock, with a margin for
 * transactions that commit late) and forgets them. Entries are trusted only while the last
 * successful poll was issued less than {@link #POLL_TRUST} ago; when polls fail (a database outage)
 * each request checks its client in the database instead, so a deleted client never outlives the
 * second. A deletion on this replica, and later a PostgreSQL notification (issue 11), go through
 * {@link #invalidate}.
 */
@ApplicationScoped
public class OAuthClientRegistry {
    private static final Logger LOG = Logger.getLogger(OAuthClientRegistry.class);
    static final Duration ENTRY_TTL = Duration.ofSeconds(4);
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration POLL_TRUST = Duration.ofMillis(800);
    /** How far back each poll looks before the newest deletion it saw: a deletion may commit after a later one. */
    static final Duration COMMIT_MARGIN = Duration.ofSeconds(5);
    private static final int LIMIT = 10_000;

    private final OAuthClientRepository clients;
    private final Vertx vertx;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a lookup that started before one must not keep what it read. */
    private final AtomicLong invalidations = new AtomicLong();
    private volatile long lastPollIssued = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile OffsetDateTime watermark;
    private volatile boolean polling;
    private long timer = -1;

    /** What a live client's tokens act as. */
    public record Client(UUID clientId, UUID organizationId, UUID providerId, boolean scimEnabled, boolean multiScimEnabled) {
    }

    private record Entry(Client client, long loadedAt) {
    }

    public OAuthClientRegistry(OAuthClientRepository clients, Vertx vertx) {
        this.clients = clients;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(POLL_INTERVAL.toMillis(), id -> poll().subscribe().with(ok -> {
        }, failure -> LOG.debug("Could not poll deleted OAuth clients", failure)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The live client, or empty when it does not exist or was deleted; may read the database (on the caller's session). */
    public Uni<Optional<Client>> find(UUID clientId) {
        Entry entry = entries.get(clientId);
        long now = System.nanoTime();
        if (entry != null && now - entry.loadedAt < ENTRY_TTL.toNanos() && now - lastPollIssued < POLL_TRUST.toNanos()) {
            return Uni.createFrom().item(Optional.of(entry.client));
        }
        long generation = invalidations.get();
        return Panache.withSession(() -> clients.authority(clientId)).map(found -> {
            if (found == null) {
                entries.remove(clientId);
                return Optional.<Client>empty();
            }
            Client client = new Client(clientId, found.organizationId(), found.providerId(), found.scimEnabled(),
                    found.multiScimEnabled());
            if (generation == invalidations.get()) {
                if (entries.size() >= LIMIT) {
                    entries.clear();
                }
                entries.put(clientId, new Entry(client, System.nanoTime()));
            }
            return Optional.of(client);
        });
    }

    /** Forgets a client at once on this replica: the one place a deletion (or a notification of one) lands. */
    public void invalidate(UUID clientId) {
        invalidations.incrementAndGet();
        entries.remove(clientId);
    }

    /** Forgets every client of a provider (after the provider is deleted). */
    public void invalidateProvider(UUID providerId) {
        invalidations.incrementAndGet();
        entries.values().removeIf(entry -> entry.client.providerId().equals(providerId));
    }

    /** One look at the deletions since the last one; overlapping looks are skipped. */
    Uni<Void> poll() {
        if (polling) {
            return Uni.createFrom().voidItem();
        }
        polling = true;
        long issued = System.nanoTime();
        return VertxContexts.ensure(() -> Panache.withSession(() -> (watermark == null ? clients.databaseNow().invoke(now ->
                        watermark = now) : Uni.createFrom().item(watermark))
                        .chain(since -> clients.deletedSince(since.minus(COMMIT_MARGIN)))))
                .invoke(deleted -> {
                    for (OAuthClientRepository.Deleted gone : deleted) {
                        if (entries.containsKey(gone.clientId())) {
                            invalidate(gone.clientId());
                        }
                        if (gone.deletedAt().isAfter(watermark)) {
                            watermark = gone.deletedAt();
                        }
                    }
                    lastPollIssued = issued;
                })
                .replaceWithVoid()
                .eventually(() -> polling = false);
    }
}
