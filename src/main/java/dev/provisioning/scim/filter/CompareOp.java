package dev.provisioning.scim.filter;

/** The comparison operators of RFC 7644 §3.4.2.2 (presence, {@code pr}, is {@link Filter.Present}). */
public enum CompareOp {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    /** The operator as written in a filter. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }
}
