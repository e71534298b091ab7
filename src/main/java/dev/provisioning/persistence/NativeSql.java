package dev.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

/**
 * Runs the repositories' native SQL on the request's Hibernate Reactive session — the session
 * Panache holds for the current Vert.x context — so that entity operations, set-based statements and
 * the filter engine's generated SQL share one connection and one transaction.
 *
 * <p>Statements go to the session's own reactive connection as written, in PostgreSQL's notation
 * ({@code $1 … $n}, as the filter translator produces them), with the bind values as they are; the
 * Vert.x client prepares each statement text once per connection. They do not pass through
 * Hibernate's native-query machinery: measured on this service (bench/RESULTS.md, "Persistence on
 * Hibernate Reactive"), that machinery cost more CPU than the statements themselves — it
 * interprets the SQL text again at every execution, and every execution of a query without a
 * declared result mapping added an entry to the query-plan cache whose keys all hash alike, so that
 * looking one up became a walk through thousands of them. Consequences for callers:
 * <ul>
 *   <li>a native statement does not flush pending entity changes first: repositories flush after
 *       {@code persist} (they all do) before anything else reads what they wrote;</li>
 *   <li>database errors still arrive as Hibernate exceptions (the connection converts them);</li>
 *   <li>results are the Vert.x client's values, by position: uuid → UUID, timestamptz →
 *       OffsetDateTime, int8 → Long, int4 → Integer, bool → Boolean, text → String, text[] →
 *       String[], uuid[] → UUID[], bytea → byte[].</li>
 * </ul>
 */
public final class NativeSql {

    private NativeSql() {
    }

    /** The rows of a query, each as its columns. */
    public static Uni<List<Object[]>> rows(String sql, List<?> binds) {
        return connection().chain(connection -> Uni.createFrom().completionStage(() -> connection.select(sql, values(binds))))
                .map(result -> {
                    List<Object[]> rows = new ArrayList<>(result.size());
                    while (result.hasNext()) {
                        Object[] row = result.next();
                        for (int i = 0; i < row.length; i++) {
                            if (row[i] instanceof Buffer buffer) {
                                row[i] = buffer.getBytes();
                            }
                        }
                        rows.add(row);
                    }
                    return rows;
                });
    }

    /** The first row of a query, or null when there is none. */
    public static Uni<Object[]> row(String sql, List<?> binds) {
        return rows(sql, binds).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** An insert, update or delete; answers the number of rows it changed. */
    public static Uni<Integer> execute(String sql, List<?> binds) {
        return connection().chain(connection -> Uni.createFrom().completionStage(() -> connection.update(sql, values(binds))));
    }

    /**
     * The connection of the request's session. Hibernate Reactive's Mutiny session exposes it on its
     * implementation class only (the SPI {@link ReactiveConnection} is public).
     */
    private static Uni<ReactiveConnection> connection() {
        return Panache.getSession().map(NativeSql::connectionOf);
    }

    static ReactiveConnection connectionOf(Mutiny.Session session) {
        return ((MutinySessionImpl) session).getReactiveConnection();
    }

    private static Object[] values(List<?> binds) {
        Object[] values = binds.toArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof byte[] bytes) {
                values[i] = Buffer.buffer(bytes);
            }
        }
        return values;
    }
}
