package dev.provisioning.scim.query;

import dev.provisioning.scim.filter.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Filters translated once per shape: a filter's shape is its text with the contents of its string
 * literals left out ({@code emails[type eq ""].value eq ""}), and two filters of one shape translate to
 * the same SQL whenever every string literal reaches the SQL only as a bind of its own text. Entra's
 * lookups are a handful of shapes with a new email each time, so after the first lookup of a shape
 * its SQL is reused and only the binds are built: no parse, validation or translation per request.
 *
 * <p>Whether a shape qualifies is proven, not assumed: its template is made by translating the shape
 * with distinct probe strings in place of the literals, and is kept only when every bind of that
 * translation is one of the probe strings, every literal is bound, and the template filled with the
 * request's own literals is exactly what the full translation of the request answered (so a literal
 * that decides the SQL's form, such as a non-UUID {@code id}, a date-time, a boolean or number in
 * quotes, or {@code meta.resourceType}, makes the shape uncacheable and every such request is
 * translated in full). A template holds SQL text and bind positions only, never a value: requests of
 * different tenants share the SQL and nothing else. Filters with escapes or control characters in a
 * literal, and long filters, are never cached. At most {@link #MAX_SHAPES} shapes are kept; when full,
 * the cache starts over (a bound, not a policy: the shapes in use come back at their next request).
 */
final class FilterTemplates {
    static final int MAX_SHAPES = 256;
    static final int MAX_SHAPE_LENGTH = 1024;
    private static final String PROBE = "scim-filter-probe-";
    /** A shape whose SQL depends on its literals' values: always translated in full. */
    private static final Template UNCACHEABLE = new Template(null, null, false);

    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /** The SQL of a shape, and for each of its binds the index of the literal it binds. */
    private record Template(String sql, int[] literalOfBind, boolean emailIndexed) {
        SqlFragment fill(List<String> literals) {
            List<Object> binds = new ArrayList<>(literalOfBind.length);
            for (int literal : literalOfBind) {
                binds.add(literals.get(literal));
            }
            return new SqlFragment(sql, binds, emailIndexed);
        }
    }

    /** A filter's text cut at its string literals: the shape, and the literals' contents in order. */
    record Shape(String key, List<String> literals) {
    }

    /**
     * The translation of {@code filterText}: from the template of its shape when there is one, else
     * by {@code translate} (parse, validate, translate), remembering the shape's template when it
     * qualifies. {@code scope} names what else the translation depends on (resource type, first bind).
     */
    SqlFragment translate(String scope, String filterText, Function<String, SqlFragment> translate) {
        Shape shape = shape(filterText);
        if (shape == null) {
            return translate.apply(filterText);
        }
        String key = scope + '\n' + shape.key();
        Template template = templates.get(key);
        if (template != null) {
            return template == UNCACHEABLE ? translate.apply(filterText) : template.fill(shape.literals());
        }
        SqlFragment actual = translate.apply(filterText);   // a filter that fails is never remembered
        if (templates.size() >= MAX_SHAPES) {
            templates.clear();
        }
        templates.put(key, templateOf(filterText, shape, actual, translate));
        return actual;
    }

    int size() {
        return templates.size();
    }

    private static Template templateOf(String filterText, Shape shape, SqlFragment actual, Function<String, SqlFragment> translate) {
        List<String> probes = new ArrayList<>(shape.literals().size());
        for (int i = 0; i < shape.literals().size(); i++) {
            probes.add(PROBE + i + "-");
        }
        SqlFragment probed;
        try {
            probed = translate.apply(withLiterals(filterText, probes));
        } catch (RuntimeException e) {
            return UNCACHEABLE;
        }
        int[] literalOfBind = new int[probed.binds().size()];
        boolean[] bound = new boolean[probes.size()];
        for (int i = 0; i < literalOfBind.length; i++) {
            int literal = probed.binds().get(i) instanceof String text ? probes.indexOf(text) : -1;
            if (literal < 0) {
                return UNCACHEABLE;
            }
            literalOfBind[i] = literal;
            bound[literal] = true;
        }
        for (boolean b : bound) {
            if (!b) {
                return UNCACHEABLE;
            }
        }
        Template template = new Template(probed.sql(), literalOfBind, probed.emailIndexed());
        return template.fill(shape.literals()).equals(actual) ? template : UNCACHEABLE;
    }

    /** The shape of a filter, or null when it is not to be cached (escapes, control characters, too long, unterminated). */
    static Shape shape(String filterText) {
        if (filterText.length() > MAX_SHAPE_LENGTH) {
            return null;
        }
        StringBuilder key = new StringBuilder(filterText.length());
        List<String> literals = new ArrayList<>(2);
        int i = 0;
        while (i < filterText.length()) {
            char c = filterText.charAt(i);
            key.append(c);
            i++;
            if (c != '"') {
                continue;
            }
            int end = i;
            while (end < filterText.length() && filterText.charAt(end) != '"') {
                char d = filterText.charAt(end);
                if (d == '\\' || d < 0x20) {
                    return null;
                }
                end++;
            }
            if (end == filterText.length()) {
                return null;
            }
            literals.add(filterText.substring(i, end));
            key.append('"');
            i = end + 1;
        }
        return new Shape(key.toString(), literals);
    }

    /** The filter text with its literals' contents replaced, in order (no escaping needed: see {@link #shape}). */
    private static String withLiterals(String filterText, List<String> values) {
        StringBuilder out = new StringBuilder(filterText.length() + 32);
        int literal = 0;
        int i = 0;
        while (i < filterText.length()) {
            char c = filterText.charAt(i++);
            out.append(c);
            if (c == '"') {
                int end = filterText.indexOf('"', i);
                out.append(values.get(literal++)).append('"');
                i = end + 1;
            }
        }
        return out.toString();
    }
}
