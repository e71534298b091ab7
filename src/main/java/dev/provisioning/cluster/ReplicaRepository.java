package dev.provisioning.cluster;

import dev.provisioning.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code scim_replicas} table. Times are the database's clock ({@code now()}), the one clock all
 * replicas share. Not tenant data: no organization to name.
 */
@ApplicationScoped
public class ReplicaRepository implements PanacheRepositoryBase<ReplicaEntity, UUID> {

    /**
     * Records that this replica is alive and answers how many replicas are (this one included): those whose
     * heartbeat is younger than {@code liveWithin}. One statement, one round trip per heartbeat.
     */
    public Uni<Integer> beat(UUID replicaId, Duration liveWithin) {
        return NativeSql.row("""
                        with beat as (insert into scim_replicas (id, started_at, heartbeat_at) values ($1, now(), now())
                                      on conflict (id) do update set heartbeat_at = now() returning id)
                        select 1 + (select count(*) from scim_replicas
                                    where id <> $1 and heartbeat_at > now() - make_interval(secs => $2))::int4
                        from beat""", List.of(replicaId, liveWithin.toMillis() / 1000.0))
                .map(row -> (Integer) row[0]);
    }

    /** Removes replicas silent for longer than {@code goneAfter} (they crashed or were killed without a goodbye). */
    public Uni<Integer> removeSilent(Duration goneAfter) {
        return NativeSql.execute("delete from scim_replicas where heartbeat_at < now() - make_interval(secs => $1)",
                List.of(goneAfter.toMillis() / 1000.0));
    }

    /** This replica leaves (a graceful shutdown): the others take its share at their next heartbeat. */
    public Uni<Integer> leave(UUID replicaId) {
        return NativeSql.execute("delete from scim_replicas where id = $1", List.of(replicaId));
    }

    /**
     * Sends {@code payload} on {@code channel} to every replica listening ({@code pg_notify}) in the caller's
     * transaction: PostgreSQL delivers it when, and only if, that transaction commits.
     */
    public Uni<Void> announce(String channel, String payload) {
        return NativeSql.rows("select 1 from pg_notify($1, $2)", List.of(channel, payload)).replaceWithVoid();
    }
}
