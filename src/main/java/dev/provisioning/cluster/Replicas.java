package dev.provisioning.cluster;

import dev.provisioning.oauth.AccessTokens;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.persistence.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * How many replicas of the service run on this database (product.md §9: the per-provider rate limit is
 * the deployment's): each replica records a heartbeat in {@code scim_replicas} every
 * {@code scim.database.heartbeat-interval} and, in the same statement, counts the replicas seen within
 * three intervals. Requests read {@link #live()} from memory: no database round trip per request.
 * During a database outage the last count stays; a replica killed without a goodbye stops counting
 * three intervals after its last heartbeat.
 */
@ApplicationScoped
public class Replicas {
    private static final Logger LOG = Logger.getLogger(Replicas.class);
    /** Rows of replicas silent this long are deleted (by any replica, once a minute or so). */
    static final Duration GONE_AFTER = Duration.ofMinutes(10);

    private final ReplicaRepository replicas;
    private final AccessTokens tokens;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Duration interval;
    private final UUID id = UUID.randomUUID();
    private final AtomicInteger beats = new AtomicInteger();
    private volatile int live = 1;
    private volatile boolean beating;
    private boolean warnedOwnKey;
    private long timer = -1;

    public Replicas(ReplicaRepository replicas, AccessTokens tokens, Vertx vertx, MeterRegistry registry, ScimConfig config) {
        this.replicas = replicas;
        this.tokens = tokens;
        this.vertx = vertx;
        this.registry = registry;
        this.interval = config.database().heartbeatInterval().compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : config.database().heartbeatInterval();
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("scim.replicas.live", this, Replicas::live)
                .description("Replicas of the service seen alive in the database; each enforces its share of the rate limit")
                .strongReference(true)
                .register(registry);
        beat();
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> beat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        try {
            VertxContexts.ensure(() -> Panache.withTransaction(() -> replicas.leave(id))).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debug("Could not remove this replica's heartbeat; it expires by itself", e);
        }
    }

    /** The replicas alive, this one included (at least 1). */
    public int live() {
        return live;
    }

    private void beat() {
        if (beating) {
            return;  // the previous heartbeat still waits for the database
        }
        beating = true;
        boolean sweep = beats.getAndIncrement() % 60 == 0;
        VertxContexts.ensure(() -> Panache.withTransaction(() -> replicas.beat(id, interval.multipliedBy(3))
                        .call(count -> sweep ? replicas.removeSilent(GONE_AFTER) : io.smallrye.mutiny.Uni.createFrom().voidItem())))
                .subscribe().with(count -> {
                    beating = false;
                    if (count != live) {
                        LOG.infof("%d replica(s) of the service are running; each enforces 1/%d of the rate limit", count, count);
                        live = Math.max(1, count);
                    }
                    if (count > 1 && tokens.ownKey() && !warnedOwnKey) {
                        warnedOwnKey = true;  // once per process: the heartbeat runs on one event-loop context
                        LOG.warnf("%d replicas are running. %s", count, AccessTokens.OWN_KEY);
                    }
                }, failure -> {
                    beating = false;
                    LOG.debugf("Heartbeat failed: %s", failure.getMessage());
                });
    }
}
