package dev.provisioning.cluster;

import dev.provisioning.oauth.OAuthClientRegistry;
import dev.provisioning.persistence.DatabasePool;
import dev.provisioning.security.ApiKeyAuthenticator;
import dev.provisioning.security.ProviderCredentials;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells every replica at once that a credential stopped working (product.md §9: a revoked key, a deleted
 * provider or OAuth client stops working on every replica within 1 s), through PostgreSQL
 * {@code LISTEN/NOTIFY} on the channel {@value #CHANNEL}.
 *
 * <p>{@link #publish} runs {@code pg_notify} in the caller's transaction, so the notice is delivered
 * when, and only if, the change commits. Each replica listens on a dedicated connection of its own (a
 * raw Vert.x {@link PgSubscriber} with the reactive datasource's connect options and
 * {@code application_name} {@value #APPLICATION_NAME}: infrastructure, no table is read through it) and
 * forgets what a notice names. A lost listening connection reconnects every half second; as notices sent
 * meanwhile are lost, the replica then forgets every cached credential once. The caches' own expiry (API
 * keys after 4 s) and the OAuth deletion poll stay as the fallback.
 */
@ApplicationScoped
public class ChangeNotices {
    private static final Logger LOG = Logger.getLogger(ChangeNotices.class);
    static final String CHANNEL = "scim_changes";
    public static final String APPLICATION_NAME = "scim-notifications";
    static final long RECONNECT_DELAY_MS = 500;

    /** What a notice is about; the payload is {@code <kind>:<uuid>}. */
    public enum Kind {
        /** An API key was revoked or deleted. */
        KEY,
        /** Something every key of an organization carries changed (its flags, a provider of it deleted). */
        ORGANIZATION,
        /** A provider changed or was deleted: its OAuth clients and trusted Entra tenant. */
        PROVIDER,
        /** An OAuth client was deleted. */
        OAUTH_CLIENT
    }

    private final DatabasePool pool;
    private final ReplicaRepository replicas;
    private final Vertx vertx;
    private final ApiKeyAuthenticator keys;
    private final ProviderCredentials providers;
    private final OAuthClientRegistry oauthClients;
    private PgSubscriber subscriber;
    private volatile boolean subscribedOnce;
    private volatile boolean stopping;

    public ChangeNotices(DatabasePool pool, ReplicaRepository replicas, Vertx vertx, ApiKeyAuthenticator keys,
            ProviderCredentials providers, OAuthClientRegistry oauthClients) {
        this.pool = pool;
        this.replicas = replicas;
        this.vertx = vertx;
        this.keys = keys;
        this.providers = providers;
        this.oauthClients = oauthClients;
    }

    /** Sends a notice in the caller's transaction (delivered to every replica, this one included, on commit). */
    public Uni<Void> publish(Kind kind, UUID id) {
        return replicas.announce(CHANNEL, kind.name() + ":" + id);
    }

    void start(@Observes StartupEvent event) {
        listen();
    }

    private void listen() {
        if (stopping) {
            return;
        }
        if (!pool.created()) {  // Hibernate Reactive creates the pool at start; should it not have yet, wait for it
            vertx.setTimer(RECONNECT_DELAY_MS, id -> listen());
            return;
        }
        PgConnectOptions options = pool.connectOptions().addProperty("application_name", APPLICATION_NAME);
        subscriber = PgSubscriber.subscriber(vertx, options);
        // after a lost connection the subscriber reconnects (for ever, every half second) and listens again
        subscriber.reconnectPolicy(attempts -> {
            if (attempts == 0) {
                LOG.warn("Lost the connection listening for credential changes; reconnecting");
            }
            return RECONNECT_DELAY_MS;
        });
        PgChannel channel = subscriber.channel(CHANNEL);
        channel.subscribeHandler(ignored -> {
            if (subscribedOnce) {
                // notices sent while the connection was down are lost: forget everything once
                keys.evictAll();
                oauthClients.invalidateAll();
                LOG.info("Listening for credential changes again (cached credentials forgotten)");
            }
            subscribedOnce = true;
        });
        channel.handler(this::receive);
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        subscriber.connect().onFailure(failure -> {
            LOG.debugf("Could not listen for credential changes yet: %s", failure.getMessage());
            vertx.setTimer(RECONNECT_DELAY_MS, id -> connect());
        });
    }

    void receive(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        UUID id;
        Kind kind;
        try {
            kind = Kind.valueOf(payload.substring(0, colon));
            id = UUID.fromString(payload.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            LOG.debugf("Ignored notice %s", payload);
            return;
        }
        switch (kind) {
            case KEY -> keys.evictKey(id);
            case ORGANIZATION -> keys.evictOrganization(id);
            case PROVIDER -> providers.forget(id);
            case OAUTH_CLIENT -> oauthClients.invalidate(id);
        }
    }
}
