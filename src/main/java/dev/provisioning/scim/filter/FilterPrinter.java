package dev.provisioning.scim.filter;

import java.math.BigDecimal;

/**
 * Prints a {@link Filter} as canonical filter text that {@link FilterParser#parse} turns back into
 * an equal AST: lower-case operators, JSON-escaped strings, parentheses only where the left-to-right
 * precedence of {@code and} over {@code or} needs them.
 */
public final class FilterPrinter {

    private FilterPrinter() {
    }

    public static String print(Filter filter) {
        StringBuilder out = new StringBuilder();
        print(filter, out);
        return out.toString();
    }

    private static void print(Filter filter, StringBuilder out) {
        if (filter instanceof Filter.Or or) {
            print(or.left(), out);
            out.append(" or ");
            printGrouped(or.right(), or.right() instanceof Filter.Or, out);
        } else if (filter instanceof Filter.And and) {
            printGrouped(and.left(), and.left() instanceof Filter.Or, out);
            out.append(" and ");
            printGrouped(and.right(), and.right() instanceof Filter.Or || and.right() instanceof Filter.And, out);
        } else if (filter instanceof Filter.Not not) {
            out.append("not (");
            print(not.inner(), out);
            out.append(')');
        } else if (filter instanceof Filter.Present present) {
            out.append(present.path()).append(" pr");
        } else if (filter instanceof Filter.Compare compare) {
            out.append(compare.path()).append(' ').append(compare.op().token()).append(' ');
            printValue(compare.value(), out);
        } else if (filter instanceof Filter.ValuePath valuePath) {
            out.append(valuePath.path()).append('[');
            print(valuePath.filter(), out);
            out.append(']');
        } else {
            throw new IllegalArgumentException("unknown filter " + filter);
        }
    }

    private static void printGrouped(Filter filter, boolean group, StringBuilder out) {
        if (group) {
            out.append('(');
        }
        print(filter, out);
        if (group) {
            out.append(')');
        }
    }

    static void printValue(CompValue value, StringBuilder out) {
        if (value instanceof CompValue.StringValue string) {
            quote(string.value(), out);
        } else if (value instanceof CompValue.NumberValue number) {
            out.append(toJsonNumber(number.value()));
        } else if (value instanceof CompValue.BooleanValue bool) {
            out.append(bool.value());
        } else {
            out.append("null");
        }
    }

    private static String toJsonNumber(BigDecimal value) {
        // BigDecimal.toString uses "1E+3", which is a JSON number too
        return value.toString();
    }

    /** Appends {@code value} as a JSON string literal. */
    public static void quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
