package dev.provisioning.scim.filter;

import java.util.List;

/**
 * A piece of PostgreSQL with {@code $n} placeholders and the values to bind to them, in order
 * ({@code binds.get(0)} is {@code $firstBindIndex}). Values are never part of {@code sql}. Bind types:
 * String, Boolean, BigDecimal, UUID, OffsetDateTime. A placeholder may occur more than once.
 *
 * <p>{@code emailIndexed}: a filter whose every match has one given email value, the condition on the
 * email index ANDed at its top level ({@link FilterSqlTranslator}): that index alone finds its few rows.
 */
public record SqlFragment(String sql, List<Object> binds, boolean emailIndexed) {

    public SqlFragment {
        binds = List.copyOf(binds);
    }

    public SqlFragment(String sql, List<Object> binds) {
        this(sql, binds, false);
    }
}
