package dev.provisioning.scim.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Filters translated once per shape: the same SQL and binds as the full translation, bounded, no value shared. */
class FilterTemplatesTest {
    private static final String ENTRA = "emails[type eq \"work\"].value eq \"%s\"";

    private final FilterTemplates templates = new FilterTemplates();
    private final List<String> translated = new ArrayList<>();

    private SqlFragment where(String filter) {
        return where(filter, ScimSchemas.USER_TYPE);
    }

    private SqlFragment where(String filter, ResourceTypeDefinition type) {
        Function<String, SqlFragment> full = text -> {
            translated.add(text);
            return SqlFilters.translate(text, type, 3);
        };
        return templates.translate(type.name() + " 3", filter, full);
    }

    @Test
    void entrasLookupIsTranslatedOnceThenFilledFromItsTemplate() {
        SqlFragment first = where(ENTRA.formatted("ada@example.com"));
        translated.clear();

        SqlFragment second = where(ENTRA.formatted("Grace.Hopper@Example.org"));

        assertThat(translated).isEmpty();
        assertThat(second).isEqualTo(SqlFilters.translate(ENTRA.formatted("Grace.Hopper@Example.org"), ScimSchemas.USER_TYPE, 3));
        assertThat(second.sql()).isEqualTo(first.sql());
        assertThat(second.binds()).containsExactly("work", "Grace.Hopper@Example.org", "Grace.Hopper@Example.org");
        assertThat(templates.size()).isEqualTo(1);
    }

    /** Each filter twice with other literals: the cached answer is the full translation's, whatever the shape. */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', textBlock = """
            emails[type eq "work"].value eq "a@b.c"                      | emails[type eq "work"].value eq "x@y.z"
            emails[type eq "work"].value eq "a@b.c"                      | emails[type eq "home"].value eq "a@b.c"
            emails[type eq "work"].value eq "work"                       | emails[type eq "work"].value eq "home"
            emails[type eq "work" and value eq "a@b.c"]                  | emails[type eq "work" and value eq "Q@R.S"]
            emails.value eq "a@b.c"                                      | emails.value eq " B@c.d "
            userName eq "ada"                                            | userName eq "grace"
            userName sw "a" and not (displayName co "x")                 | userName sw "b" and not (displayName co "y")
            externalId eq "123"                                          | externalId eq "456"
            id eq "6a1f1b0e-1111-4222-8333-944444444444"                 | id eq "not-a-uuid"
            id eq "not-a-uuid"                                           | id eq "6a1f1b0e-1111-4222-8333-944444444444"
            meta.resourceType eq "User"                                  | meta.resourceType eq "Group"
            meta.resourceType eq "Group"                                 | meta.resourceType eq "User"
            active eq "true"                                             | active eq "false"
            meta.created gt "2026-01-01T00:00:00Z"                       | meta.created gt "2027-06-01T00:00:00Z"
            name.familyName eq "Lovelace" or name.givenName eq "Ada"      | name.familyName eq "Hopper" or name.givenName eq "Grace"
            userName pr                                                  | userName pr
            """)
    void cachedTranslationsAreTheFullTranslations(String filter, String sameShape) {
        assertThat(where(filter)).isEqualTo(SqlFilters.translate(filter, ScimSchemas.USER_TYPE, 3));
        assertThat(where(sameShape)).isEqualTo(SqlFilters.translate(sameShape, ScimSchemas.USER_TYPE, 3));
        assertThat(where(filter)).isEqualTo(SqlFilters.translate(filter, ScimSchemas.USER_TYPE, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            emails[type eq "work"].value eq "a@b.c"                      | true
            emails[type eq "work" and value eq "a@b.c"]                  | true
            emails.value eq "a@b.c"                                      | true
            emails[type eq "work"].value eq "a@b.c" and userName eq "x"  | true
            userName eq "x" and (emails.value eq "a@b.c")                | true
            emails[type eq "work"].value eq "a@b.c" or userName eq "x"   | false
            not (emails.value eq "a@b.c")                                | false
            emails.value ne "a@b.c"                                      | false
            emails[type eq "work"]                                       | false
            userName eq "x"                                              | false
            """)
    void theEmailIndexIsMarkedWhenItIsAConjunctOfTheWholeFilter(String filter, boolean emailIndexed) {
        assertThat(where(filter).emailIndexed()).isEqualTo(emailIndexed);
        assertThat(where(filter).emailIndexed()).isEqualTo(emailIndexed);
        assertThat(where(filter.replace("a@b.c", "other@b.c")).emailIndexed()).isEqualTo(emailIndexed);
    }

    @Test
    void shapesWhoseSqlDependsOnTheLiteralAreAlwaysTranslatedInFull() {
        where("id eq \"6a1f1b0e-1111-4222-8333-944444444444\"");
        where("meta.resourceType eq \"User\"");
        translated.clear();

        where("id eq \"6a1f1b0e-1111-4222-8333-955555555555\"");
        where("meta.resourceType eq \"User\"");

        assertThat(translated).containsExactly("id eq \"6a1f1b0e-1111-4222-8333-955555555555\"", "meta.resourceType eq \"User\"");
    }

    @Test
    void groupsAndUsersDoNotShareTemplates() {
        where("displayName eq \"Sales\"", ScimSchemas.GROUP_TYPE);
        SqlFragment user = where("displayName eq \"Ada\"", ScimSchemas.USER_TYPE);

        assertThat(user).isEqualTo(SqlFilters.translate("displayName eq \"Ada\"", ScimSchemas.USER_TYPE, 3));
        assertThat(templates.size()).isEqualTo(2);
    }

    @Test
    void aTemplateHoldsNoValueOfTheRequestThatMadeIt() {
        SqlFragment tenantA = where(ENTRA.formatted("secret-a@tenant-a.example"));
        SqlFragment tenantB = where(ENTRA.formatted("b@tenant-b.example"));

        assertThat(tenantA.binds()).containsExactly("work", "secret-a@tenant-a.example", "secret-a@tenant-a.example");
        assertThat(tenantB.binds()).containsExactly("work", "b@tenant-b.example", "b@tenant-b.example");
        assertThat(tenantB.sql()).doesNotContain("tenant-a").doesNotContain("tenant-b");
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < FilterTemplates.MAX_SHAPES * 3; i++) {
            where("userName eq \"u\"" + " or userName eq \"v\"".repeat(i % 7) + " ".repeat(i / 7 + 1));
            assertThat(templates.size()).isLessThanOrEqualTo(FilterTemplates.MAX_SHAPES);
        }
        assertThat(templates.size()).isPositive();
    }

    @Test
    void escapesAndFailuresAreNeverCached() {
        String escaped = "userName eq \"a\\\"b\"";
        where(escaped);
        where(escaped);
        Throwable first = catchThrowable(() -> where("userName eq \"a\" and"));
        Throwable second = catchThrowable(() -> where("userName eq \"a\" and"));

        assertThat(translated).containsExactly(escaped, escaped, "userName eq \"a\" and", "userName eq \"a\" and");
        assertThat(first).isInstanceOf(ScimException.class);
        assertThat(second).isInstanceOf(ScimException.class).hasMessage(first.getMessage());
        assertThat(templates.size()).isZero();
    }

    @Test
    void shapeCutsAtLiterals() {
        FilterTemplates.Shape shape = FilterTemplates.shape(ENTRA.formatted("a@b.c"));

        assertThat(shape.key()).isEqualTo("emails[type eq \"\"].value eq \"\"");
        assertThat(shape.literals()).containsExactly("work", "a@b.c");
        assertThat(FilterTemplates.shape("userName eq \"unterminated")).isNull();
        assertThat(FilterTemplates.shape("userName eq \"x\"" + " ".repeat(FilterTemplates.MAX_SHAPE_LENGTH))).isNull();
    }
}
