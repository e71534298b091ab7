package dev.provisioning.persistence;

import dev.provisioning.ops.RequestRecord;
import dev.provisioning.persistence.DatabaseFailures.DatabaseTimeoutException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.spi.DatabaseMetadata;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * A pooled connection as Hibernate Reactive uses it (product.md §9, "Connections cut"):
 * <ul>
 *   <li>each statement fails after {@code scim.database.timeout} if PostgreSQL has not answered, and the
 *       connection is closed (a database that hangs never holds a request longer);</li>
 *   <li>a read that fails because its connection died (terminated, a restart, a proxy cutting it) runs once
 *       more on a new connection (kept for the rest of the session, then closed) — only outside a transaction and only a plain
 *       {@code select}, which is harmless to run twice. Writes are never replayed: they run in transactions,
 *       and a transaction whose connection died fails (503), for the client to retry. Only its start
 *       ({@code BEGIN}, before anything of it ran) moves to a new connection.</li>
 * </ul>
 */
final class ResilientConnection implements SqlConnection {
    private final Supplier<Future<SqlConnection>> newConnection;
    private final long timeoutMillis;
    private volatile SqlConnection connection;
    /** A statement on this connection timed out: it is being closed, and nothing more is sent on it or awaited from it. */
    private volatile boolean broken;

    ResilientConnection(Supplier<Future<SqlConnection>> newConnection, SqlConnection connection, long timeoutMillis) {
        this.newConnection = newConnection;
        this.connection = connection;
        this.timeoutMillis = timeoutMillis;
    }

    /** A statement that may run twice: a plain select outside a transaction. */
    static boolean isRepeatableRead(String sql) {
        String text = sql.stripLeading().toLowerCase(Locale.ROOT);
        return text.startsWith("select") && !text.contains("pg_notify") && !text.contains("nextval")
                && !text.contains(" for update") && !text.contains(" for no key update") && !text.contains(" for share");
    }

    private <T> Future<T> run(String sql, Supplier<Future<T>> statement) {
        if (broken) {
            return Future.failedFuture(timedOut());
        }
        Future<T> first = bounded(statement.get());
        if (!isRepeatableRead(sql)) {
            return first;
        }
        return first.recover(failure -> {
            if (!DatabaseFailures.isConnectionLost(failure) || connection.transaction() != null) {
                return Future.failedFuture(failure);
            }
            return replaceConnection().compose(fresh -> bounded(statement.get()));
        });
    }

    /**
     * Swaps the dead connection for a new one (each statement at most once, so a database that is really gone is
     * not asked in a loop). A new connection, not one from the pool: when every connection was cut at once, the
     * pool's idle ones may be dead too until their closing has been noticed.
     */
    private Future<SqlConnection> replaceConnection() {
        SqlConnection dead = connection;
        dead.close();
        Future<SqlConnection> opening = newConnection.get();
        // a connection that opens only after the timeout is closed at once
        return bounded(opening, () -> opening.onSuccess(SqlConnection::close)).map(fresh -> {
            connection = fresh;
            return fresh;
        });
    }

    /** The statement's outcome, or a {@link DatabaseTimeoutException} (and this connection closed) after the timeout. */
    private <T> Future<T> bounded(Future<T> statement) {
        SqlConnection running = connection;
        return bounded(statement, () -> {
            if (running == connection) {
                broken = true;
            }
            discard(running);
        });
    }

    /**
     * Closes a connection's socket. {@code close()} alone would return a pooled connection to the pool, still
     * waiting for the statement that timed out, for the next request to inherit. Vert.x offers no public way
     * to discard a pooled connection; its internal {@code Connection} does (once its socket is closed the pool
     * drops it).
     */
    static void discard(SqlConnection connection) {
        if (connection instanceof io.vertx.sqlclient.impl.SqlConnectionBase<?> base) {
            io.vertx.sqlclient.impl.Connection pooled = base.unwrap();
            io.vertx.sqlclient.impl.Connection physical = pooled.unwrap();
            if (physical != pooled && pooled instanceof io.vertx.sqlclient.impl.Connection.Holder holder) {
                physical.close(holder, Promise.promise());
            }
        }
        connection.close();
    }

    private DatabaseTimeoutException timedOut() {
        return timedOut(timeoutMillis);
    }

    static DatabaseTimeoutException timedOut(long timeoutMillis) {
        return new DatabaseTimeoutException("PostgreSQL did not answer within " + timeoutMillis + " ms");
    }

    private <T> Future<T> bounded(Future<T> statement, Runnable onTimeout) {
        return bounded(statement, onTimeout, timeoutMillis, true);
    }

    /**
     * {@code statement}'s outcome, or a {@link DatabaseTimeoutException} once the request it runs for has waited
     * {@code timeoutMillis} for PostgreSQL in all since it last answered ({@link RequestRecord#databaseBudgetMillis});
     * outside a request, {@code timeoutMillis} for this statement. {@code answers}: whether its success is an answer
     * of PostgreSQL (a statement's is; a connection handed out by the pool is not).
     */
    static <T> Future<T> bounded(Future<T> statement, Runnable onTimeout, long timeoutMillis, boolean answers) {
        Context context = Vertx.currentContext();
        java.util.Optional<RequestRecord> record = RequestRecord.current();
        if (context == null || statement.isComplete()) {
            if (answers && statement.succeeded()) {
                record.ifPresent(RequestRecord::databaseAnswered);
            }
            return statement;
        }
        long budget = record.map(r -> r.databaseBudgetMillis(timeoutMillis)).orElse(timeoutMillis);
        Promise<T> outcome = Promise.promise();
        long timer = context.owner().setTimer(budget, id -> {
            if (outcome.tryFail(timedOut(timeoutMillis))) {
                onTimeout.run();
            }
        });
        statement.onComplete(result -> {
            context.owner().cancelTimer(timer);
            // an error PostgreSQL sent (a constraint, a conflict) is an answer too; a dead connection is not
            if (answers && (result.succeeded() || result.cause() instanceof io.vertx.pgclient.PgException)) {
                record.ifPresent(RequestRecord::databaseAnswered);
            }
            if (result.succeeded()) {
                outcome.tryComplete(result.result());
            } else {
                outcome.tryFail(result.cause());
            }
        });
        return outcome.future();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new Statement(sql, null);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new Statement(sql, null);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new Statement(sql, options);
    }

    /** One statement text; executed on whichever connection is current when it runs. */
    private final class Statement implements PreparedQuery<RowSet<Row>> {
        private final String sql;
        private final PrepareOptions options;

        Statement(String sql, PrepareOptions options) {
            this.sql = sql;
            this.options = options;
        }

        private PreparedQuery<RowSet<Row>> prepared() {
            return options == null ? connection.preparedQuery(sql) : connection.preparedQuery(sql, options);
        }

        @Override
        public Future<RowSet<Row>> execute() {
            return run(sql, () -> prepared().execute());
        }

        @Override
        public void execute(Handler<AsyncResult<RowSet<Row>>> handler) {
            execute().onComplete(handler);
        }

        @Override
        public Future<RowSet<Row>> execute(Tuple tuple) {
            return run(sql, () -> prepared().execute(tuple));
        }

        @Override
        public void execute(Tuple tuple, Handler<AsyncResult<RowSet<Row>>> handler) {
            execute(tuple).onComplete(handler);
        }

        @Override
        public Future<RowSet<Row>> executeBatch(List<Tuple> batch) {
            return bounded(prepared().executeBatch(batch));
        }

        @Override
        public void executeBatch(List<Tuple> batch, Handler<AsyncResult<RowSet<Row>>> handler) {
            executeBatch(batch).onComplete(handler);
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return prepared().collecting(collector);
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return prepared().mapping(mapper);
        }
    }

    @Override
    public SqlConnection prepare(String sql, Handler<AsyncResult<PreparedStatement>> handler) {
        connection.prepare(sql, handler);
        return this;
    }

    @Override
    public Future<PreparedStatement> prepare(String sql) {
        return connection.prepare(sql);
    }

    @Override
    public SqlConnection prepare(String sql, PrepareOptions options, Handler<AsyncResult<PreparedStatement>> handler) {
        connection.prepare(sql, options, handler);
        return this;
    }

    @Override
    public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
        return connection.prepare(sql, options);
    }

    @Override
    public SqlConnection exceptionHandler(Handler<Throwable> handler) {
        connection.exceptionHandler(handler);
        return this;
    }

    @Override
    public SqlConnection closeHandler(Handler<Void> handler) {
        connection.closeHandler(handler);
        return this;
    }

    @Override
    public void begin(Handler<AsyncResult<Transaction>> handler) {
        begin().onComplete(handler);
    }

    /** Starting a transaction on a dead connection is retried once on a new one: nothing of it ran yet. */
    @Override
    public Future<Transaction> begin() {
        if (broken) {
            return Future.failedFuture(timedOut());
        }
        return bounded(connection.begin()).recover(failure -> DatabaseFailures.isConnectionLost(failure)
                ? replaceConnection().compose(fresh -> bounded(fresh.begin()))
                : Future.failedFuture(failure)).map(Bounded::new);
    }

    @Override
    public Transaction transaction() {
        Transaction transaction = connection.transaction();
        return transaction == null ? null : new Bounded(transaction);
    }

    /**
     * The transaction, its commit and rollback bounded like statements. On a connection whose statement timed out,
     * a rollback answers at once (PostgreSQL rolls back when the connection goes) and a commit fails.
     */
    private final class Bounded implements Transaction {
        private final Transaction transaction;

        Bounded(Transaction transaction) {
            this.transaction = transaction;
        }

        @Override
        public Future<Void> commit() {
            return broken ? Future.failedFuture(timedOut()) : bounded(transaction.commit());
        }

        @Override
        public void commit(Handler<AsyncResult<Void>> handler) {
            commit().onComplete(handler);
        }

        @Override
        public Future<Void> rollback() {
            return broken ? Future.succeededFuture() : bounded(transaction.rollback());
        }

        @Override
        public void rollback(Handler<AsyncResult<Void>> handler) {
            rollback().onComplete(handler);
        }

        @Override
        public void completion(Handler<AsyncResult<Void>> handler) {
            transaction.completion(handler);
        }

        @Override
        public Future<Void> completion() {
            return transaction.completion();
        }
    }

    @Override
    public boolean isSSL() {
        return connection.isSSL();
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        close().onComplete(handler);
    }

    @Override
    public Future<Void> close() {
        if (broken) {
            connection.close();  // already closing; nothing to wait for
            return Future.succeededFuture();
        }
        return connection.close();
    }

    @Override
    public DatabaseMetadata databaseMetadata() {
        return connection.databaseMetadata();
    }
}
