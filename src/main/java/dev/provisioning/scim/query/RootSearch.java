package dev.provisioning.scim.query;

import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.filter.FilterParser;
import dev.provisioning.scim.filter.FilterPrinter;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import java.util.List;

/**
 * A search from the server root (RFC 7644 §3.4.2, §3.4.3) across several resource types, decided
 * here and answered by each type's own list query.
 *
 * <p><b>Filter.</b> One filter applies to every type. A comparison, {@code pr} or value path on an
 * attribute a type does not define matches no resource of that type ({@code userName eq "x"} finds no
 * Group; {@code not (userName eq "x")} finds every Group); the rest of the filter is unchanged, so
 * {@code userName eq "x" or displayName eq "y"} finds that user and the groups named y. An attribute no
 * type defines is {@code invalidFilter}, as on {@code /Users} (a typo must not look like "no match").
 *
 * <p><b>Paging.</b> The result is the concatenation, in {@link #types} order, of each type's results
 * in its stable order (creation time, id): first every matching User, then every matching Group.
 * {@code startIndex}/{@code count} index into that concatenation and {@code totalResults} is the sum,
 * so consecutive pages neither overlap nor skip. Sorting across types and cursor paging are not
 * offered at the root (400 {@code invalidValue}, naming the per-type endpoints that offer them).
 */
public final class RootSearch {

    private RootSearch() {
    }

    /** What the root filter means for one resource type. */
    public sealed interface TypeFilter {
        /** No resource of the type can match: it is not queried. */
        record MatchesNone() implements TypeFilter {
        }

        /** Every resource of the type matches (no filter, or a filter that is true for the whole type). */
        record MatchesAll() implements TypeFilter {
        }

        /** The type is queried with this filter text. */
        record Applies(String filter) implements TypeFilter {
        }
    }

    /** The request checks of the root: no {@code sortBy}, no {@code cursor}; a filter naming only known attributes. */
    public static void check(ListRequest request, List<ResourceTypeDefinition> types) {
        if (request.sortBy() != null) {
            throw ScimException.invalidValue("sortBy is not supported when searching from the root across resource types;"
                    + " sort with /Users/.search or /Groups/.search");
        }
        if (request.cursorPaging()) {
            throw ScimException.invalidValue("Cursor paging is not supported when searching from the root across resource"
                    + " types; page with startIndex and count, or use cursors on /Users or /Groups");
        }
        if (request.filter() != null) {
            requireKnownAttributes(FilterParser.parse(request.filter()), types);
        }
    }

    /** The filter of {@code request} as it applies to {@code type} (see the class comment). */
    public static TypeFilter forType(String filterText, ResourceTypeDefinition type) {
        if (filterText == null) {
            return new TypeFilter.MatchesAll();
        }
        Filter rewritten = rewrite(FilterParser.parse(filterText), type);
        if (rewritten == FALSE) {
            return new TypeFilter.MatchesNone();
        }
        if (rewritten == TRUE) {
            return new TypeFilter.MatchesAll();
        }
        return new TypeFilter.Applies(FilterPrinter.print(rewritten));
    }

    /**
     * Where the page {@code startIndex}/{@code count} of the concatenation falls in the type that
     * comes after {@code before} results of the types before it: the type's own startIndex and count.
     * {@code returnedBefore} is how many resources the earlier types already put on this page.
     */
    public static ListWindow next(int startIndex, int count, long before, int returnedBefore) {
        long start = Math.max(1, startIndex - before);
        int remaining = Math.max(0, count - returnedBefore);
        return new ListWindow((int) Math.min(Integer.MAX_VALUE, start), remaining);
    }

    /** One type's share of a root page: its own startIndex and count (0: count only). */
    public record ListWindow(int startIndex, int count) {
    }

    // ---------------------------------------------------------------- filter rewriting

    /** Stand-ins for a condition that is constant for a whole type; never printed. */
    private static final Filter FALSE = new Filter.Not(new Filter.Present(AttributePath.of("id")));
    private static final Filter TRUE = new Filter.Present(AttributePath.of("id"));

    private static Filter rewrite(Filter filter, ResourceTypeDefinition type) {
        if (filter instanceof Filter.And and) {
            Filter left = rewrite(and.left(), type);
            Filter right = rewrite(and.right(), type);
            if (left == FALSE || right == FALSE) {
                return FALSE;
            }
            return left == TRUE ? right : right == TRUE ? left : new Filter.And(left, right);
        }
        if (filter instanceof Filter.Or or) {
            Filter left = rewrite(or.left(), type);
            Filter right = rewrite(or.right(), type);
            if (left == TRUE || right == TRUE) {
                return TRUE;
            }
            return left == FALSE ? right : right == FALSE ? left : new Filter.Or(left, right);
        }
        if (filter instanceof Filter.Not not) {
            Filter inner = rewrite(not.inner(), type);
            return inner == FALSE ? TRUE : inner == TRUE ? FALSE : new Filter.Not(inner);
        }
        return defines(type, path(filter)) ? filter : FALSE;
    }

    private static void requireKnownAttributes(Filter filter, List<ResourceTypeDefinition> types) {
        if (filter instanceof Filter.And and) {
            requireKnownAttributes(and.left(), types);
            requireKnownAttributes(and.right(), types);
        } else if (filter instanceof Filter.Or or) {
            requireKnownAttributes(or.left(), types);
            requireKnownAttributes(or.right(), types);
        } else if (filter instanceof Filter.Not not) {
            requireKnownAttributes(not.inner(), types);
        } else {
            AttributePath path = path(filter);
            if (types.stream().noneMatch(type -> defines(type, path))) {
                throw ScimException.invalidFilter("Unknown attribute '" + path + "' in filter: no resource type has it");
            }
        }
    }

    private static AttributePath path(Filter atom) {
        if (atom instanceof Filter.Compare compare) {
            return compare.path();
        }
        if (atom instanceof Filter.Present present) {
            return present.path();
        }
        return ((Filter.ValuePath) atom).path();
    }

    private static boolean defines(ResourceTypeDefinition type, AttributePath path) {
        return type.resolve(path).isPresent();
    }
}
