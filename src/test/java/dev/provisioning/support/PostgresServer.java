package dev.provisioning.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL server of the process-level tests ({@code *IT}): the embedded one of the test
 * classpath, on a fixed port and data folder, so that it can be stopped and started again under
 * the services that use it (a database restart, an outage). Each test takes a fresh database with
 * {@link #createDatabase()}.
 *
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.start()) {
 *     PostgresServer.Database db = postgres.createDatabase();
 *     try (ServiceProcess service = ServiceProcess.builder("a").database(db).start().awaitReady()) { ... }
 *     postgres.stop();     // connections refused from now on
 *     postgres.restart();  // same port, same data
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    /** One database of the server, and the settings a service needs to use it. */
    public record Database(String name, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://localhost:" + port + "/" + name;
        }

        public String username() {
            return "postgres";
        }

        public String password() {
            return "postgres";
        }

        /** The environment of a service that uses this database. */
        public Map<String, String> environment() {
            return Map.of(
                    "QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(),
                    "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(),
                    "QUARKUS_DATASOURCE_USERNAME", username(),
                    "QUARKUS_DATASOURCE_PASSWORD", password());
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), username(), password());
        }

        /** The rows of a query, each as a list of its columns' text. */
        public List<List<String>> query(String sql) {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                List<List<String>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rows.getString(i));
                    }
                    result.add(row);
                }
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }
    }

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            PostgresServer server = new PostgresServer(Files.createTempDirectory("it-postgres"), ServiceProcess.freePort());
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database. */
    public Database createDatabase() {
        String name = "it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database(name, port);
    }

    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown: connections are cut); its data stays. */
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }

    /** Starts the server (again) on the same port with the same data. */
    public void restart() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
