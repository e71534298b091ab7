package dev.provisioning.persistence;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.hibernate.JDBCException;

/**
 * Which failures mean "PostgreSQL is not there" (product.md §9) rather than a fault of the request
 * or of the service: they become 503 with {@code Retry-After}, never 500.
 */
public final class DatabaseFailures {

    /** What Vert.x answers for a statement sent on a connection it already knows is closed. */
    private static final String NOT_ACTIVE = "Connection is not active now";

    private DatabaseFailures() {
    }

    /** The database cannot be reached, refuses connections, went away mid-request, or did not answer in time. */
    public static boolean isUnavailable(Throwable failure) {
        if (isConnectionLost(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketException || t instanceof TimeoutException || t instanceof DatabaseTimeoutException
                    || unavailableState(sqlState(t))) {
                return true;
            }
            String name = t.getClass().getName();
            // Netty's connect timeout, and the Vert.x pool's "no connection in time" (a bare "Timeout")
            if (name.equals("io.netty.channel.ConnectTimeoutException") || name.endsWith("NoStackTraceTimeoutException")
                    || (t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection a statement ran on died under it (terminated, the server restarted, a proxy cut it):
     * the statement may be run again on another connection if, and only if, running it twice is harmless.
     */
    public static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (t instanceof ClosedConnectionException || (state != null && (state.startsWith("08") || state.startsWith("57P")))
                    || (t.getMessage() != null && t.getMessage().startsWith(NOT_ACTIVE)) || isReset(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The socket of an open connection failed under a statement ("Connection reset", a broken pipe): a backend
     * terminated while the statement was on the wire is sometimes seen this way instead of as its 57P01 message.
     * Not a refused connect: then there was no connection to lose.
     */
    private static boolean isReset(Throwable t) {
        if (t instanceof ConnectException) {
            return false;
        }
        String message = t.getMessage();
        return t instanceof SocketException || (t instanceof java.io.IOException && message != null
                && (message.contains("Connection reset") || message.contains("Broken pipe")));
    }

    private static boolean unavailableState(String state) {
        // 08: connection exception; 57P01-57P03: shutting down, crashed, starting up; 53300: too many connections
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }

    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        return null;
    }

    /** A statement, or the wait for a connection, took longer than {@code scim.database.timeout}. */
    public static final class DatabaseTimeoutException extends RuntimeException {
        public DatabaseTimeoutException(String message) {
            super(message, null, false, false);
        }
    }
}
