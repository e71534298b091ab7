package dev.provisioning.scim.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filter of a root search per resource type, and where a root page falls in each type (pure). */
class RootSearchUnitTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            displayName eq "x"                              | displayName eq "x"           | displayName eq "x"
            userName eq "x"                                 | userName eq "x"              | NONE
            members eq "1"                                  | NONE                         | members eq "1"
            userName eq "x" or displayName eq "y"           | userName eq "x" or displayName eq "y" | displayName eq "y"
            userName eq "x" and displayName eq "y"          | userName eq "x" and displayName eq "y" | NONE
            not (userName eq "x")                           | not (userName eq "x")        | ALL
            not (userName eq "x") and displayName eq "y"    | not (userName eq "x") and displayName eq "y" | displayName eq "y"
            userName pr or not (members pr)                 | ALL                          | not (members pr)
            emails[type eq "work"].value eq "a@b.c"         | emails[type eq "work" and value eq "a@b.c"] | NONE
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "D" | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "D" | NONE
            -                                               | ALL                          | ALL
            """)
    void filterPerType(String filter, String users, String groups) {
        assertThat(describe(RootSearch.forType(filter, ScimSchemas.USER_TYPE))).isEqualTo(users);
        assertThat(describe(RootSearch.forType(filter, ScimSchemas.GROUP_TYPE))).isEqualTo(groups);
    }

    private static String describe(RootSearch.TypeFilter filter) {
        if (filter instanceof RootSearch.TypeFilter.Applies applies) {
            return applies.filter();
        }
        return filter instanceof RootSearch.TypeFilter.MatchesAll ? "ALL" : "NONE";
    }

    @ParameterizedTest(name = "page {0}+{1} after {2} (returned {3}) -> {4}+{5}")
    @CsvSource(textBlock = """
            1, 10, 3, 3, 1, 7
            1, 2,  3, 2, 1, 0
            3, 2,  3, 1, 1, 1
            5, 2,  3, 0, 2, 2
            9, 2,  3, 0, 6, 2
            1, 0,  3, 0, 1, 0
            """)
    void window(int startIndex, int count, long before, int returned, int start, int size) {
        assertThat(RootSearch.next(startIndex, count, before, returned)).isEqualTo(new RootSearch.ListWindow(start, size));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            favouriteColour eq "x"                | invalidFilter
            displayName eq "x" or nickname2 pr    | invalidFilter
            userName eq                            | invalidFilter
            """)
    void aFilterNoTypeUnderstandsIsRefused(String filter, String scimType) {
        ScimException error = catchThrowableOfType(ScimException.class, () -> RootSearch.check(
                ListRequest.of(filter, null, null, null, null, null, 100, 200),
                List.of(ScimSchemas.USER_TYPE, ScimSchemas.GROUP_TYPE)));
        assertThat(error.scimType().wire()).isEqualTo(scimType);
    }
}
