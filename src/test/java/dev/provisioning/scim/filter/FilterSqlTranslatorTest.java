package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape of the SQL: bind numbering, values only as binds, the Entra lookups' exact predicates. */
class FilterSqlTranslatorTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    static Stream<Arguments> exactSql() {
        return Stream.of(
                Arguments.of(SqlMapping.USERS, "userName eq \"Bob\"", "lower(u.user_name) = lower($3::text)", List.of("Bob")),
                Arguments.of(SqlMapping.USERS, "externalId eq \"x\"", "u.external_id = $3::text", List.of("x")),
                Arguments.of(SqlMapping.USERS, "id eq \"2819c223-7f76-453a-919d-413861904646\"", "u.id = $3::uuid",
                        List.of(UUID.fromString("2819c223-7f76-453a-919d-413861904646"))),
                Arguments.of(SqlMapping.USERS, "id eq \"not-a-uuid\"", "false", List.of()),
                Arguments.of(SqlMapping.USERS, "id eq \"2819C223-7F76-453A-919D-413861904646\"", "false", List.of()),
                Arguments.of(SqlMapping.USERS, "id ne \"not-a-uuid\"", "(not false)", List.of()),
                Arguments.of(SqlMapping.USERS, "active eq true", "u.active = $3::boolean", List.of(true)),
                Arguments.of(SqlMapping.USERS, "meta.created gt \"2026-01-01T00:00:00Z\"", "u.created_at > $3::timestamptz",
                        List.of(OffsetDateTime.parse("2026-01-01T00:00:00Z"))),
                Arguments.of(SqlMapping.USERS, "meta.resourceType eq \"User\"", "true", List.of()),
                Arguments.of(SqlMapping.USERS, "not (title eq \"a\")",
                        "(not coalesce((case when jsonb_typeof(u.scim->'title') = 'string' then u.scim->'title' #>> '{}' end) = $3::text, false))"
                                .replace("= $3::text", "= $3::text").replace("(case", "lower((case").replace("end) = $3::text", "end)) = lower($3::text)"),
                        List.of("a")),
                Arguments.of(SqlMapping.GROUPS, "displayName eq \"Sales\"", "lower(t.name) = lower($3::text)", List.of("Sales")),
                Arguments.of(SqlMapping.GROUPS, "members eq \"nope\"",
                        "exists (select 1 from team_members m1 join users mu1 on mu1.id = m1.user_id where m1.team_id = t.id and false)",
                        List.of()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("exactSql")
    void translatesEntraLookupsToIndexablePredicates(SqlMapping mapping, String filter, String sql, List<Object> binds) {
        SqlFragment fragment = new FilterSqlTranslator(mapping, 3).translate(FilterParser.parse(filter));
        assertThat(fragment.sql()).isEqualTo(sql);
        assertThat(fragment.binds()).isEqualTo(binds);
    }

    @Test
    void emailLookupsAreAndedWithTheGinIndexPredicate() {
        SqlFragment fragment = FilterSqlTranslator.translate(
                FilterParser.parse("emails[type eq \"work\"].value eq \"Jane@X.com\""), SqlMapping.USERS, 2);
        assertThat(fragment.sql()).contains("lower(btrim((case when jsonb_typeof(e1->'value') = 'string'")
                .endsWith(" and scim_email_values(u.scim) @> ARRAY[lower(btrim($4::text))])");
        assertThat(fragment.binds()).containsExactly("work", "Jane@X.com", "Jane@X.com");
        // not implied by the match (or, ne, co, other attributes): no accelerator
        for (String text : List.of("emails[type eq \"work\" or value eq \"a\"]", "emails.value ne \"a\"", "emails co \"a\"",
                "emails[not (value eq \"a\")]", "phoneNumbers.value eq \"a\"")) {
            assertThat(FilterSqlTranslator.translate(FilterParser.parse(text), SqlMapping.USERS, 1).sql())
                    .as(text).doesNotContain("scim_email_values");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "userName eq \"Robert'); drop table users; --\" or displayName co \"%_\\\\\"",
        "emails[type eq \"wo'rk\" and value sw \"$1\"] and title gt \"'\"",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x' or '1'='1\"",
        "externalId eq \"é'\" and not (name.familyName ew \"\\u0000\")"})
    void valuesAreOnlyEverBindParameters(String filter) {
        SqlFragment fragment = FilterSqlTranslator.translate(FilterParser.parse(filter), SqlMapping.USERS, 5);
        for (Object bind : fragment.binds()) {
            assertThat(fragment.sql()).doesNotContain("'" + bind).doesNotContain(bind + "'");
        }
        // placeholders are $5..$n, each bind used
        Matcher matcher = PLACEHOLDER.matcher(fragment.sql());
        java.util.Set<Integer> used = new java.util.TreeSet<>();
        while (matcher.find()) {
            used.add(Integer.parseInt(matcher.group(1)));
        }
        assertThat(used).isNotEmpty();
        assertThat(used.iterator().next()).isEqualTo(5);
        assertThat(used).hasSize(fragment.binds().size());
        assertThat(fragment.binds()).allMatch(b -> b instanceof String || b instanceof Boolean || b instanceof BigDecimal
                || b instanceof UUID || b instanceof OffsetDateTime);
    }

    @Test
    void everyTranslationStartsNumberingAtTheFirstBindIndex() {
        FilterSqlTranslator translator = new FilterSqlTranslator(SqlMapping.USERS, 2);
        assertThat(translator.translate(FilterParser.parse("userName eq \"a\"")).sql()).contains("$2");
        assertThat(translator.translate(FilterParser.parse("userName eq \"b\"")).sql()).contains("$2").doesNotContain("$3");
        assertThatThrownBy(() -> new FilterSqlTranslator(SqlMapping.USERS, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of(SqlMapping.USERS, "userName", "lower(u.user_name)"),
                Arguments.of(SqlMapping.USERS, "USERNAME", "lower(u.user_name)"),
                Arguments.of(SqlMapping.USERS, "urn:ietf:params:scim:schemas:core:2.0:User:userName", "lower(u.user_name)"),
                Arguments.of(SqlMapping.USERS, "displayName", "lower(u.scim->>'displayName')"),
                Arguments.of(SqlMapping.USERS, "name.familyName", "lower(u.scim->'name'->>'familyName')"),
                Arguments.of(SqlMapping.USERS, "name.givenName", "lower(u.scim->'name'->>'givenName')"),
                Arguments.of(SqlMapping.USERS, "externalId", "u.external_id"),
                Arguments.of(SqlMapping.USERS, "id", "u.id"),
                Arguments.of(SqlMapping.USERS, "meta.created", "u.created_at"),
                Arguments.of(SqlMapping.USERS, "meta.lastModified", "u.last_modified"),
                Arguments.of(SqlMapping.GROUPS, "displayName", "lower(t.name)"),
                Arguments.of(SqlMapping.GROUPS, "externalId", "t.external_id"),
                Arguments.of(SqlMapping.GROUPS, "id", "t.id"),
                Arguments.of(SqlMapping.GROUPS, "meta.created", "t.created_at"),
                Arguments.of(SqlMapping.GROUPS, "meta.lastModified", "t.last_modified"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sorts")
    void sortsBySupportedAttributes(SqlMapping mapping, String sortBy, String sql) {
        SqlFragment fragment = new FilterSqlTranslator(mapping, 1).sortExpression(FilterParser.parseAttributePath(sortBy));
        assertThat(fragment.sql()).isEqualTo(sql);
        assertThat(fragment.binds()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"title", "emails.type", "members", "foo", "meta.location", "active"})
    void rejectsUnsupportedSorts(String sortBy) {
        SqlMapping mapping = sortBy.equals("members") ? SqlMapping.GROUPS : SqlMapping.USERS;
        assertThatThrownBy(() -> new FilterSqlTranslator(mapping, 1).sortExpression(FilterParser.parseAttributePath(sortBy)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimType.INVALID_VALUE);
                    assertThat(e.detail()).contains("sortBy").contains("is not supported");
                });
    }

    @Test
    void unknownAttributesAreInvalidFilters() {
        assertThatThrownBy(() -> FilterSqlTranslator.translate(FilterParser.parse("foo eq \"x\""), SqlMapping.USERS, 1))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimType.INVALID_FILTER);
                    assertThat(e.detail()).isEqualTo("Unknown attribute 'foo' in filter");
                });
        assertThatThrownBy(() -> FilterSqlTranslator.translate(FilterParser.parse("userName eq \"x\""), SqlMapping.GROUPS, 1))
                .isInstanceOf(ScimException.class).hasMessageContaining("Unknown attribute 'userName'");
    }
}
