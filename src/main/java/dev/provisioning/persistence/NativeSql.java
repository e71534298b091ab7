package dev.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs the repositories' native SQL on the request's Hibernate Reactive session (the one Panache
 * holds for the current Vert.x context), so that entity operations, set-based statements and the
 * filter engine's generated SQL share one connection and one transaction.
 *
 * <p>Statements are written in PostgreSQL's own notation, {@code $1 … $n}, as the filter translator
 * produces them. Hibernate parses native SQL for JPA ordinal parameters ({@code ?1 … ?n}) and renders
 * them back as {@code $n} for the Vert.x client, so each statement text is rewritten once (the
 * rewrite is cached per text: statements have few shapes) — {@code $n} outside string literals and
 * quoted identifiers becomes {@code ?n} followed by a space, which keeps a cast such as
 * {@code $3::text} parseable. Bind values are passed exactly as the callers built them.
 */
public final class NativeSql {
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, String> ORDINAL = new ConcurrentHashMap<>();

    private NativeSql() {
    }

    /** The rows of a query, each as its columns (also when there is only one). */
    public static Uni<List<Object[]>> rows(String sql, List<?> binds) {
        return Panache.getSession().chain(session -> query(session, sql, binds).getResultList()).map(NativeSql::asRows);
    }

    /** The first row of a query, or null when there is none. */
    public static Uni<Object[]> row(String sql, List<?> binds) {
        return rows(sql, binds).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** An insert, update or delete; answers the number of rows it changed. */
    public static Uni<Integer> execute(String sql, List<?> binds) {
        return Panache.getSession().chain(session -> query(session, sql, binds).executeUpdate());
    }

    private static Mutiny.Query<Object> query(Mutiny.Session session, String sql, List<?> binds) {
        Mutiny.Query<Object> query = session.createNativeQuery(ordinal(sql));
        for (int i = 0; i < binds.size(); i++) {
            query.setParameter(i + 1, binds.get(i));
        }
        return query;
    }

    private static List<Object[]> asRows(List<Object> results) {
        List<Object[]> rows = new ArrayList<>(results.size());
        for (Object result : results) {
            rows.add(result instanceof Object[] columns ? columns : new Object[] {result});
        }
        return rows;
    }

    /** {@code $n} → {@code ?n } outside literals, comments and quoted identifiers. */
    static String ordinal(String sql) {
        String cached = ORDINAL.get(sql);
        if (cached != null) {
            return cached;
        }
        String rewritten = rewrite(sql);
        if (ORDINAL.size() >= CACHE_LIMIT) {
            ORDINAL.clear();
        }
        ORDINAL.put(sql, rewritten);
        return rewritten;
    }

    private static String rewrite(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                out.append('?').append(sql, i + 1, end).append(' ');
                i = end - 1;
            } else if (c == '?') {
                throw new IllegalArgumentException("Native SQL must not use '?' (a JSON operator or a JDBC marker); use $n binds: " + sql);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
