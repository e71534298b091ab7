package dev.provisioning.scim.filter;

import java.util.List;

/**
 * A piece of PostgreSQL with {@code $n} placeholders and the values to bind to them, in order
 * ({@code binds.get(0)} is {@code $firstBindIndex}). Values are never part of {@code sql}. Bind types:
 * String, Boolean, BigDecimal, UUID, OffsetDateTime. A placeholder may occur more than once.
 */
public record SqlFragment(String sql, List<Object> binds) {

    public SqlFragment {
        binds = List.copyOf(binds);
    }
}
