package dev.provisioning.persistence;

import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.provider.ScimCaller;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The list statements every SCIM repository runs: {@code <select> from <table> where <scope>
 * [and (<filter>)] [and <keyset>] order by … limit … offset …} and its count. The scope always binds
 * the caller's organization as $1 and provider as $2; filter and keyset binds follow in order. They run
 * as native queries on the request's session ({@link NativeSql}), with the filter engine's binds as they are.
 */
public final class ScopedQuery {

    private ScopedQuery() {
    }

    /** @param selectFrom e.g. {@code "select … from users u"}; @param scope the scope predicate */
    public static <R> Uni<List<R>> page(ScimCaller caller, String selectFrom, String scope, SqlFragment filter,
            SqlFragment keyset, String orderBy, int offset, int limit, Function<Object[], R> toRow) {
        List<Object> binds = scopeBinds(caller);
        StringBuilder sql = where(new StringBuilder(selectFrom), scope, filter, binds);
        if (keyset != null) {
            sql.append(" and ").append(keyset.sql());
            binds.addAll(keyset.binds());
        }
        sql.append(" order by ").append(orderBy).append(" limit ").append(limit);
        if (offset > 0) {
            sql.append(" offset ").append(offset);
        }
        return NativeSql.rows(sql.toString(), binds).map(rows -> {
            List<R> page = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                page.add(toRow.apply(row));
            }
            return page;
        });
    }

    /** @param from e.g. {@code "users u"} */
    public static Uni<Long> count(ScimCaller caller, String from, String scope, SqlFragment filter) {
        List<Object> binds = scopeBinds(caller);
        StringBuilder sql = where(new StringBuilder("select count(*) from ").append(from), scope, filter, binds);
        return NativeSql.row(sql.toString(), binds).map(row -> ((Number) row[0]).longValue());
    }

    private static List<Object> scopeBinds(ScimCaller caller) {
        List<Object> binds = new ArrayList<>();
        binds.add(caller.organizationId());
        binds.add(caller.providerId());
        return binds;
    }

    private static StringBuilder where(StringBuilder sql, String scope, SqlFragment filter, List<Object> binds) {
        sql.append(" where ").append(scope);
        if (filter != null) {
            sql.append(" and (").append(filter.sql()).append(')');
            binds.addAll(filter.binds());
        }
        return sql;
    }
}
