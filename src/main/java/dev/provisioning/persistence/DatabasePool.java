package dev.provisioning.persistence;

import dev.provisioning.ops.ScimConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates the reactive datasource's pool (Quarkus calls this instead of building it itself), so
 * that a database that is gone or does not answer costs at most {@code scim.database.timeout}
 * per step (product.md §9): connecting, waiting for a free connection, and each statement (see
 * {@link ResilientConnection}, which also runs a read again on a fresh connection when its
 * connection died under it). Everything else is Quarkus' own configuration, passed through.
 *
 * <p>This is infrastructure below Hibernate Reactive, like {@link NativeSql}: no table is reached
 * from here. It also keeps the connect options, which the notification listener
 * ({@code cluster.ChangeNotices}) needs for its own dedicated connection.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {
    private final long timeoutMillis;
    private volatile List<PgConnectOptions> connectOptions = List.of();

    public DatabasePool(ScimConfig config) {
        this.timeoutMillis = Math.max(100, config.database().timeout().toMillis());
    }

    @Override
    public io.vertx.sqlclient.Pool create(Input input) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
        PoolOptions poolOptions = input.poolOptions().setConnectionTimeout(millis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<PgConnectOptions> options = input.pgConnectOptionsList();
        options.forEach(option -> option.setConnectTimeout(millis));
        connectOptions = List.copyOf(options);
        PgPool pool = PgPool.pool(input.vertx(), options, poolOptions);
        PgConnectOptions first = options.get(0);
        return new Resilient(pool, () -> PgConnection.connect(input.vertx(), first).map(SqlConnection.class::cast), timeoutMillis);
    }

    /** Whether Quarkus has created the pool yet. */
    public boolean created() {
        return !connectOptions.isEmpty();
    }

    /** The options the pool connects with (the first database's), for a connection of its own. */
    public PgConnectOptions connectOptions() {
        if (connectOptions.isEmpty()) {
            throw new IllegalStateException("the reactive pool has not been created yet");
        }
        return new PgConnectOptions(connectOptions.get(0));
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** The pool as Quarkus and Hibernate Reactive see it: every connection it hands out is a {@link ResilientConnection}. */
    static final class Resilient implements PgPool {
        private final PgPool pool;
        private final Supplier<Future<SqlConnection>> newConnection;
        private final long timeoutMillis;

        Resilient(PgPool pool, Supplier<Future<SqlConnection>> newConnection, long timeoutMillis) {
            this.pool = pool;
            this.newConnection = newConnection;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Future<SqlConnection> getConnection() {
            // the pool's own wait is bounded by the timeout; this bounds it by what is left of the request's
            // wait for PostgreSQL too (a connection that comes only after that goes back to the pool)
            Future<SqlConnection> acquiring = pool.getConnection();
            return ResilientConnection.bounded(acquiring, () -> acquiring.onSuccess(SqlConnection::close), timeoutMillis, false)
                    .map(connection -> new ResilientConnection(newConnection, connection, timeoutMillis));
        }

        @Override
        public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
            getConnection().onComplete(handler);
        }

        @Override
        public Query<RowSet<Row>> query(String sql) {
            return pool.query(sql);
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
            return pool.preparedQuery(sql);
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
            return pool.preparedQuery(sql, options);
        }

        @Override
        public void close(Handler<AsyncResult<Void>> handler) {
            pool.close(handler);
        }

        @Override
        public Future<Void> close() {
            return pool.close();
        }

        @Override
        public PgPool connectHandler(Handler<SqlConnection> handler) {
            pool.connectHandler(handler);
            return this;
        }

        @Override
        public PgPool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
            pool.connectionProvider(provider);
            return this;
        }

        @Override
        public int size() {
            return pool.size();
        }
    }
}
