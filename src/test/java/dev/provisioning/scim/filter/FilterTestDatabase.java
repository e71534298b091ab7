package dev.provisioning.scim.filter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedded PostgreSQL with V1__schema.sql applied, and a tiny adapter that runs the translator's
 * {@code $n} SQL through JDBC ({@code ?} placeholders, binds repeated per occurrence), as the Vert.x
 * client would run it natively.
 */
final class FilterTestDatabase implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    private final EmbeddedPostgres postgres;
    final Connection connection;

    FilterTestDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        connection = postgres.getPostgresDatabase().getConnection();
        String schema = Files.readString(Path.of("src/main/resources/db/migration/V1__schema.sql"));
        try (Statement statement = connection.createStatement()) {
            statement.execute(schema);
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs {@code sql} (with $1, $2, … placeholders; $1 is {@code binds.get(0)}) and returns the first column. */
    List<String> query(String sql, List<Object> binds) throws SQLException {
        List<Object> ordered = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (matcher.find()) {
            ordered.add(binds.get(Integer.parseInt(matcher.group(1)) - 1));
            matcher.appendReplacement(jdbc, "?");
        }
        matcher.appendTail(jdbc);
        try (PreparedStatement statement = connection.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < ordered.size(); i++) {
                statement.setObject(i + 1, ordered.get(i));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
        postgres.close();
    }
}
