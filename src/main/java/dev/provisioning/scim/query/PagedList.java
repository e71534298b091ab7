package dev.provisioning.scim.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A SCIM list request answered in PostgreSQL, the same for every resource type: filter and sort
 * translated to SQL, index paging ({@code startIndex}/{@code count}) or RFC 9865 keyset cursor
 * paging on the stable order (creation time, id). {@code totalResults} costs nothing extra when the
 * first page is not full (Entra's 0-or-1 lookups) and one count otherwise; a cursor walk counts
 * only on its first page.
 */
public final class PagedList {

    /** One page of rows from a repository bound to the caller's scope ($1 and $2 are taken). */
    @FunctionalInterface
    public interface Search<R> {
        Uni<List<R>> page(SqlFragment filter, String orderBy, SqlFragment keyset, int offset, int limit);
    }

    /** Where the rows come from, and the two values of a row that a cursor records. */
    public record Source<R>(Search<R> search, Function<SqlFragment, Uni<Long>> count,
            Function<R, OffsetDateTime> created, Function<R, UUID> id) {
    }

    private PagedList() {
    }

    /**
     * @param alias the table alias the resource type's SQL uses ({@code u}, {@code t})
     * @param render renders a page of rows, projected
     */
    public static <R> Uni<ObjectNode> answer(ListRequest request, ResourceTypeDefinition type, String alias,
            Source<R> source, Function<List<R>, Uni<List<ObjectNode>>> render) {
        String stableOrder = alias + ".created_at, " + alias + ".id";
        SqlFragment filter = request.filter() == null ? null : SqlFilters.where(request.filter(), type, 3);
        if (request.cursorPaging()) {
            if (request.sortBy() != null) {
                throw ScimException.invalidValue("Cursor paging follows the stable creation order; it cannot be combined with sortBy");
            }
            boolean firstPage = request.cursor().isEmpty();
            SqlFragment keyset = null;
            if (!firstPage) {
                Cursor after = Cursor.decode(request.cursor());
                int next = 3 + (filter == null ? 0 : filter.binds().size());
                keyset = new SqlFragment("(" + stableOrder + ") > ($" + next + ", $" + (next + 1) + ")",
                        List.of(after.created(), after.id()));
            }
            int size = request.count();
            return source.search().page(filter, stableOrder, keyset, 0, size + 1).flatMap(rows -> {
                List<R> page = rows.size() > size ? rows.subList(0, size) : rows;
                R last = page.isEmpty() ? null : page.get(page.size() - 1);
                String nextCursor = rows.size() > size && last != null
                        ? new Cursor(source.created().apply(last), source.id().apply(last)).encode() : null;
                Uni<Long> total = !firstPage ? Uni.createFrom().nullItem()
                        : nextCursor == null ? Uni.createFrom().item((long) page.size()) : source.count().apply(filter);
                return total.flatMap(count -> render.apply(page)
                        .map(resources -> ListResponses.of(count, 1, resources, nextCursor, true)));
            });
        }
        String orderBy = request.sortBy() == null ? stableOrder
                : SqlFilters.orderBy(request.sortBy(), type, request.descending()) + ", " + stableOrder;
        int startIndex = request.startIndex();
        int count = request.count();
        if (count == 0) {
            return source.count().apply(filter).map(total -> ListResponses.of(total, startIndex, List.of(), null, false));
        }
        return source.search().page(filter, orderBy, null, startIndex - 1, count).flatMap(rows -> {
            Uni<Long> total = startIndex == 1 && rows.size() < count
                    ? Uni.createFrom().item((long) rows.size()) : source.count().apply(filter);
            return total.flatMap(t -> render.apply(rows)
                    .map(resources -> ListResponses.of(t, startIndex, resources, null, false)));
        });
    }
}
