package dev.provisioning.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures are a database outage (503) and which a cut connection (a read may run again). */
class DatabaseFailuresTest {

    private static PgException state(String sqlState) {
        return new PgException("message", "FATAL", sqlState, "detail");
    }

    @Test
    void outagesAreUnavailableWhereverTheyAreWrapped() {
        assertThat(DatabaseFailures.isUnavailable(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseFailures.isUnavailable(state("57P01"))).as("admin shutdown").isTrue();
        assertThat(DatabaseFailures.isUnavailable(state("57P03"))).as("starting up").isTrue();
        assertThat(DatabaseFailures.isUnavailable(state("08006"))).as("connection failure").isTrue();
        assertThat(DatabaseFailures.isUnavailable(state("53300"))).as("too many connections").isTrue();
        assertThat(DatabaseFailures.isUnavailable(new DatabaseFailures.DatabaseTimeoutException("slow"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new NoStackTraceThrowable("Timeout"))).as("no pooled connection in time").isTrue();
        assertThat(DatabaseFailures.isUnavailable(new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")))
                .isTrue();
    }

    @Test
    void faultsOfTheRequestOrTheServiceAreNot() {
        assertThat(DatabaseFailures.isUnavailable(state("23505"))).as("unique violation").isFalse();
        assertThat(DatabaseFailures.isUnavailable(state("42601"))).as("syntax error").isFalse();
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void onlyADeadConnectionLetsAReadRunAgain() {
        assertThat(DatabaseFailures.isConnectionLost(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseFailures.isConnectionLost(state("57P01"))).isTrue();
        assertThat(DatabaseFailures.isConnectionLost(new CompletionException(new java.net.SocketException("Connection reset"))))
                .as("a terminated backend seen as a reset socket (ConnectionsCutIT)").isTrue();
        assertThat(DatabaseFailures.isConnectionLost(new java.io.IOException("recvAddress(..) failed: Connection reset by peer")))
                .as("the same through Netty's native transport").isTrue();
        assertThat(DatabaseFailures.isConnectionLost(new java.io.IOException("disk full"))).isFalse();
        assertThat(DatabaseFailures.isConnectionLost(new CompletionException(new ConnectException("refused"))))
                .as("no connection at all: nothing to run again on").isFalse();
        assertThat(DatabaseFailures.isConnectionLost(new DatabaseFailures.DatabaseTimeoutException("slow")))
                .as("a statement that timed out may still run").isFalse();
    }

    @Test
    void onlyPlainSelectsAreRepeatable() {
        assertThat(ResilientConnection.isRepeatableRead("  select u.id from users u where u.organization_id = $1")).isTrue();
        assertThat(ResilientConnection.isRepeatableRead("SELECT 1")).isTrue();
        assertThat(ResilientConnection.isRepeatableRead("select id from users where id = $1 for no key update")).isFalse();
        assertThat(ResilientConnection.isRepeatableRead("select 1 from pg_notify($1, $2)")).isFalse();
        assertThat(ResilientConnection.isRepeatableRead("insert into users (id) values ($1)")).isFalse();
        assertThat(ResilientConnection.isRepeatableRead("update api_keys set last_used_at = $2 where id = $1")).isFalse();
        assertThat(ResilientConnection.isRepeatableRead("with x as (delete from t returning id) select * from x")).isFalse();
    }
}
