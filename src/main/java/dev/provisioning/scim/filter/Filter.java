package dev.provisioning.scim.filter;

import dev.provisioning.scim.schema.AttributePath;

/**
 * The parsed form of a SCIM filter (RFC 7644 §3.4.2.2). Attribute paths inside a
 * {@link ValuePath} are relative to one element of the multi-valued attribute.
 *
 * <p>Entra's {@code emails[type eq "work"].value eq "x"} (a value path followed by a
 * sub-attribute comparison) is parsed as {@code ValuePath(emails, And(type eq "work", value eq "x"))}:
 * both conditions must hold on the same element.
 */
public sealed interface Filter {

    record And(Filter left, Filter right) implements Filter {
    }

    record Or(Filter left, Filter right) implements Filter {
    }

    record Not(Filter inner) implements Filter {
    }

    /** {@code attr pr}: the attribute has a non-empty value. */
    record Present(AttributePath path) implements Filter {
    }

    /** {@code attr op value}. */
    record Compare(AttributePath path, CompareOp op, CompValue value) implements Filter {
    }

    /** {@code attr[filter]}: some element of the multi-valued attribute {@code path} matches {@code filter}. */
    record ValuePath(AttributePath path, Filter filter) implements Filter {
    }
}
