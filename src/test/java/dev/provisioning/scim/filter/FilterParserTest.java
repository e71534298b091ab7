package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimType;
import dev.provisioning.scim.schema.AttributePath;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    // ---- AST builders
    static AttributePath p(String attribute) {
        return AttributePath.of(attribute);
    }

    static AttributePath p(String attribute, String sub) {
        return AttributePath.of(attribute, sub);
    }

    static AttributePath urn(String urn, String attribute, String sub) {
        return new AttributePath(urn, attribute, sub);
    }

    static CompValue s(String value) {
        return new CompValue.StringValue(value);
    }

    static CompValue n(String value) {
        return new CompValue.NumberValue(new BigDecimal(value));
    }

    static Filter cmp(AttributePath path, CompareOp op, CompValue value) {
        return new Filter.Compare(path, op, value);
    }

    static Filter eq(String attribute, String value) {
        return cmp(p(attribute), CompareOp.EQ, s(value));
    }

    static Filter and(Filter l, Filter r) {
        return new Filter.And(l, r);
    }

    static Filter or(Filter l, Filter r) {
        return new Filter.Or(l, r);
    }

    static Filter not(Filter f) {
        return new Filter.Not(f);
    }

    static Filter pr(AttributePath path) {
        return new Filter.Present(path);
    }

    static Filter vp(String attribute, Filter f) {
        return new Filter.ValuePath(p(attribute), f);
    }

    static Stream<Arguments> astCases() {
        return Stream.of(
                Arguments.of("userName eq \"bjensen\"", eq("userName", "bjensen")),
                Arguments.of("userName Eq \"x\"", eq("username", "x")),
                Arguments.of("externalId eq \"x\"", eq("externalId", "x")),
                Arguments.of("externalId eq jyoung", eq("externalId", "jyoung")),
                Arguments.of("externalId eq 5e0c7a8e-2f4b-4a0e-9a53-c2b6f1e0d7aa",
                        eq("externalId", "5e0c7a8e-2f4b-4a0e-9a53-c2b6f1e0d7aa")),
                Arguments.of("emails[type eq \"work\"].value eq \"5e0c7a8e-2f4b-4a0e-9a53-c2b6f1e0d7aa\"",
                        vp("emails", and(eq("type", "work"), eq("value", "5e0c7a8e-2f4b-4a0e-9a53-c2b6f1e0d7aa")))),
                Arguments.of("EMAILS[TYPE EQ \"work\"].VALUE EQ \"x\"",
                        vp("emails", and(eq("type", "work"), eq("value", "x")))),
                Arguments.of("emails[type eq \"work\"].value pr",
                        vp("emails", and(eq("type", "work"), pr(p("value"))))),
                Arguments.of("emails[type eq \"work\" or type eq \"home\"].value eq \"x\"",
                        vp("emails", and(or(eq("type", "work"), eq("type", "home")), eq("value", "x")))),
                Arguments.of("id eq \"x\" and manager eq \"y\"", and(eq("id", "x"), eq("manager", "y"))),
                Arguments.of("id eq \"x\" and members eq \"y\"", and(eq("id", "x"), eq("members", "y"))),
                Arguments.of("displayName eq \"Recruiters – EMEA\"", eq("displayName", "Recruiters – EMEA")),
                Arguments.of(CORE + ":userName eq \"x\"", cmp(urn(CORE, "userName", null), CompareOp.EQ, s("x"))),
                Arguments.of(ENTERPRISE + ":manager.value eq \"x\"",
                        cmp(urn(ENTERPRISE, "manager", "value"), CompareOp.EQ, s("x"))),
                Arguments.of(ENTERPRISE + ":department eq \"x\"",
                        cmp(urn(ENTERPRISE, "department", null), CompareOp.EQ, s("x"))),
                Arguments.of("meta.lastModified gt \"2026-01-01T00:00:00Z\"",
                        cmp(p("meta", "lastModified"), CompareOp.GT, s("2026-01-01T00:00:00Z"))),
                Arguments.of("not (userName eq \"x\")", not(eq("userName", "x"))),
                Arguments.of("not(userName eq \"x\")", not(eq("userName", "x"))),
                Arguments.of("a eq \"1\" or b eq \"2\" and c eq \"3\"", or(eq("a", "1"), and(eq("b", "2"), eq("c", "3")))),
                Arguments.of("a eq \"1\" and b eq \"2\" or c eq \"3\"", or(and(eq("a", "1"), eq("b", "2")), eq("c", "3"))),
                Arguments.of("(a eq \"1\" or b eq \"2\") and c eq \"3\"", and(or(eq("a", "1"), eq("b", "2")), eq("c", "3"))),
                Arguments.of("a eq \"1\" or b eq \"2\" or c eq \"3\"", or(or(eq("a", "1"), eq("b", "2")), eq("c", "3"))),
                Arguments.of("a eq \"1\" and b eq \"2\" and c eq \"3\"", and(and(eq("a", "1"), eq("b", "2")), eq("c", "3"))),
                Arguments.of("a eq \"1\" and (b eq \"2\" and c eq \"3\")", and(eq("a", "1"), and(eq("b", "2"), eq("c", "3")))),
                Arguments.of("title pr", pr(p("title"))),
                Arguments.of("name.familyName co \"O'Malley\"", cmp(p("name", "familyName"), CompareOp.CO, s("O'Malley"))),
                Arguments.of("x eq 42", cmp(p("x"), CompareOp.EQ, n("42"))),
                Arguments.of("x eq -1.5e3", cmp(p("x"), CompareOp.EQ, n("-1500"))),
                Arguments.of("x eq 0.50", cmp(p("x"), CompareOp.EQ, n("0.5"))),
                Arguments.of("x eq true", cmp(p("x"), CompareOp.EQ, new CompValue.BooleanValue(true))),
                Arguments.of("x eq False", cmp(p("x"), CompareOp.EQ, new CompValue.BooleanValue(false))),
                Arguments.of("x eq null", cmp(p("x"), CompareOp.EQ, new CompValue.NullValue())),
                Arguments.of("x eq \"a\\\"b\"", eq("x", "a\"b")),
                Arguments.of("x eq \"a\\\\b\"", eq("x", "a\\b")),
                Arguments.of("x eq \"caf\\u00e9\"", eq("x", "café")),
                Arguments.of("x eq \"\\n\\t\\/\"", eq("x", "\n\t/")),
                Arguments.of("x eq \"\"", eq("x", "")),
                Arguments.of("members[value eq \"abc\"]", vp("members", eq("value", "abc"))),
                Arguments.of("groups[$ref pr]", vp("groups", pr(p("$ref")))),
                Arguments.of("emails[not (type eq \"work\")]", vp("emails", not(eq("type", "work")))),
                Arguments.of("userName eq \"a\" and emails[type eq \"work\" and value co \"@x\"]",
                        and(eq("userName", "a"), vp("emails", and(eq("type", "work"),
                                cmp(p("value"), CompareOp.CO, s("@x")))))),
                Arguments.of("  userName   eq   \"x\"  ", eq("userName", "x")),
                Arguments.of("userName eq \"a\" AND userName eq \"b\"", and(eq("userName", "a"), eq("userName", "b"))),
                Arguments.of("userName eq \"a\" Or userName eq \"b\"", or(eq("userName", "a"), eq("userName", "b"))),
                Arguments.of("NOT (userName eq \"a\")", not(eq("userName", "a"))),
                Arguments.of("((userName eq \"a\"))", eq("userName", "a")),
                Arguments.of("addresses[type eq \"work\"].postalCode sw \"9\"",
                        vp("addresses", and(eq("type", "work"), cmp(p("postalCode"), CompareOp.SW, s("9"))))),
                Arguments.of("x-y_1 eq \"a\"", eq("x-y_1", "a")),
                Arguments.of("(".repeat(50) + "a pr" + ")".repeat(50), pr(p("a"))),
                Arguments.of("userName eq \"x\"and userName eq \"y\"", and(eq("userName", "x"), eq("userName", "y"))),
                Arguments.of("(userName eq \"x\")or(userName eq \"y\")", or(eq("userName", "x"), eq("userName", "y"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("astCases")
    void parsesToTheExpectedAst(String text, Filter expected) {
        Filter parsed = FilterParser.parse(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(FilterParser.parse(FilterPrinter.print(parsed))).isEqualTo(expected);
    }

    /** Input and its canonical print. */
    static Stream<Arguments> canonicalCases() {
        String[][] table = {
            {"userName eq \"bjensen\"", "userName eq \"bjensen\""},
            {"userName EQ \"bjensen\"", "userName eq \"bjensen\""},
            {"userName ne \"x\"", "userName ne \"x\""},
            {"userName NE \"x\"", "userName ne \"x\""},
            {"name.familyName co \"O'Malley\"", "name.familyName co \"O'Malley\""},
            {"name.familyName CO \"x\"", "name.familyName co \"x\""},
            {"userName sw \"J\"", "userName sw \"J\""},
            {"userName Sw \"J\"", "userName sw \"J\""},
            {"userName ew \"n\"", "userName ew \"n\""},
            {"userName EW \"n\"", "userName ew \"n\""},
            {"title pr", "title pr"},
            {"title PR", "title pr"},
            {"title Pr", "title pr"},
            {"meta.lastModified gt \"2011-05-13T04:42:34Z\"", "meta.lastModified gt \"2011-05-13T04:42:34Z\""},
            {"meta.lastModified ge \"2011-05-13T04:42:34Z\"", "meta.lastModified ge \"2011-05-13T04:42:34Z\""},
            {"meta.lastModified lt \"2011-05-13T04:42:34Z\"", "meta.lastModified lt \"2011-05-13T04:42:34Z\""},
            {"meta.lastModified le \"2011-05-13T04:42:34Z\"", "meta.lastModified le \"2011-05-13T04:42:34Z\""},
            {"meta.created GT \"2011-05-13T04:42:34Z\"", "meta.created gt \"2011-05-13T04:42:34Z\""},
            {"meta.created GE \"2011-05-13T04:42:34Z\"", "meta.created ge \"2011-05-13T04:42:34Z\""},
            {"meta.created LT \"2011-05-13T04:42:34Z\"", "meta.created lt \"2011-05-13T04:42:34Z\""},
            {"meta.created LE \"2011-05-13T04:42:34Z\"", "meta.created le \"2011-05-13T04:42:34Z\""},
            {"title pr and userType eq \"Employee\"", "title pr and userType eq \"Employee\""},
            {"title pr or userType eq \"Intern\"", "title pr or userType eq \"Intern\""},
            {"schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\""},
            {"userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")"},
            {"userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"},
            {"userType eq \"Employee\" and (emails.type eq \"work\")", "userType eq \"Employee\" and emails.type eq \"work\""},
            {"userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]"},
            {"emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"},
            {"emails[type eq \"work\"].value eq \"x@y.com\"", "emails[type eq \"work\" and value eq \"x@y.com\"]"},
            {"emails[ type eq \"work\" ].value eq \"x@y.com\"", "emails[type eq \"work\" and value eq \"x@y.com\"]"},
            {"emails[type eq \"work\"].value pr", "emails[type eq \"work\" and value pr]"},
            {"emails[type eq \"work\"].value co \"@\"", "emails[type eq \"work\" and value co \"@\"]"},
            {"emails[type eq \"work\"].primary eq true", "emails[type eq \"work\" and primary eq true]"},
            {"phoneNumbers[type eq \"mobile\"].value eq \"+1 555\"", "phoneNumbers[type eq \"mobile\" and value eq \"+1 555\"]"},
            {"addresses[type eq \"work\"].locality eq \"Paris\"", "addresses[type eq \"work\" and locality eq \"Paris\"]"},
            {"emails[type eq \"work\" and primary eq true].value eq \"a\"",
                "emails[type eq \"work\" and primary eq true and value eq \"a\"]"},
            {"emails[type eq \"work\" or primary eq true].value eq \"a\"",
                "emails[(type eq \"work\" or primary eq true) and value eq \"a\"]"},
            {"a eq \"1\" or (b eq \"2\" or c eq \"3\")", "a eq \"1\" or (b eq \"2\" or c eq \"3\")"},
            {"(a eq \"1\" or b eq \"2\") or c eq \"3\"", "a eq \"1\" or b eq \"2\" or c eq \"3\""},
            {"(a eq \"1\" and b eq \"2\") and c eq \"3\"", "a eq \"1\" and b eq \"2\" and c eq \"3\""},
            {"a eq \"1\" and (b eq \"2\" or c eq \"3\")", "a eq \"1\" and (b eq \"2\" or c eq \"3\")"},
            {"(a eq \"1\" and b eq \"2\") or (c eq \"3\" and d eq \"4\")", "a eq \"1\" and b eq \"2\" or c eq \"3\" and d eq \"4\""},
            {"not (a eq \"1\") and not (b eq \"2\")", "not (a eq \"1\") and not (b eq \"2\")"},
            {"not (not (a eq \"1\"))", "not (not (a eq \"1\"))"},
            {"not (a eq \"1\" or b eq \"2\")", "not (a eq \"1\" or b eq \"2\")"},
            {"not ((a eq \"1\"))", "not (a eq \"1\")"},
            {"externalId eq jyoung", "externalId eq \"jyoung\""},
            {"externalId eq jyoung and active eq true", "externalId eq \"jyoung\" and active eq true"},
            {"(externalId eq jyoung)", "externalId eq \"jyoung\""},
            {"emails[value eq abc@x.com]", "emails[value eq \"abc@x.com\"]"},
            {"externalId eq 00042", "externalId eq \"00042\""},
            {"externalId eq 12ab", "externalId eq \"12ab\""},
            {"externalId eq O'Brien", "externalId eq \"O'Brien\""},
            {"userName eq \"Recruiters – EMEA\"", "userName eq \"Recruiters – EMEA\""},
            {"displayName eq \"Équipe Ω 東京\"", "displayName eq \"Équipe Ω 東京\""},
            {"displayName eq \"\\u00c9quipe\"", "displayName eq \"Équipe\""},
            {"displayName eq \"tab\\there\"", "displayName eq \"tab\\there\""},
            {"displayName eq \"q\\\"uote\"", "displayName eq \"q\\\"uote\""},
            {"displayName eq \"back\\\\slash\"", "displayName eq \"back\\\\slash\""},
            {"displayName eq \"a/b\"", "displayName eq \"a/b\""},
            {"displayName eq \"a\\/b\"", "displayName eq \"a/b\""},
            {"displayName eq \"\\u0001\"", "displayName eq \"\\u0001\""},
            {"displayName eq \"and or not\"", "displayName eq \"and or not\""},
            {"displayName eq \"(x)\"", "displayName eq \"(x)\""},
            {"displayName eq \"[x]\"", "displayName eq \"[x]\""},
            {"x eq 1", "x eq 1"},
            {"x eq -1", "x eq -1"},
            {"x eq 1.25", "x eq 1.25"},
            {"x gt 1e2", "x gt 1E+2"},
            {"x lt 0", "x lt 0"},
            {"x eq true", "x eq true"},
            {"x eq TRUE", "x eq true"},
            {"x eq false", "x eq false"},
            {"x eq null", "x eq null"},
            {"x ne NULL", "x ne null"},
            {"active eq true", "active eq true"},
            {"active ne false", "active ne false"},
            {"id eq \"2819c223-7f76-453a-919d-413861904646\"", "id eq \"2819c223-7f76-453a-919d-413861904646\""},
            {"members eq \"2819c223-7f76-453a-919d-413861904646\"", "members eq \"2819c223-7f76-453a-919d-413861904646\""},
            {"members[value eq \"2819c223\"]", "members[value eq \"2819c223\"]"},
            {"members.value eq \"2819c223\"", "members.value eq \"2819c223\""},
            {"manager eq \"y\"", "manager eq \"y\""},
            {"urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\""},
            {"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq \"x\"",
                "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq \"x\""},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\""},
            {"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\""},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr"},
            {"urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"g\"",
                "urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"g\""},
            {"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"]",
                "urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"]"},
            {"groups[$ref pr]", "groups[$ref pr]"},
            {"groups.$ref pr", "groups.$ref pr"},
            {"x5 eq \"a\"", "x5 eq \"a\""},
            {"a-b eq \"a\"", "a-b eq \"a\""},
            {"a_b eq \"a\"", "a_b eq \"a\""},
            {"userName\teq\t\"x\"", "userName eq \"x\""},
            {"userName eq \"x\"\n", "userName eq \"x\""},
            {"emails[type eq \"work\"]", "emails[type eq \"work\"]"},
            {"emails[primary eq true]", "emails[primary eq true]"},
            {"emails[value pr]", "emails[value pr]"},
            {"emails[type ne \"work\" and not (value ew \".org\")]", "emails[type ne \"work\" and not (value ew \".org\")]"},
            {"emails[(type eq \"a\" or type eq \"b\") and value pr]", "emails[(type eq \"a\" or type eq \"b\") and value pr]"},
            {"userName eq \"a\" or emails[value eq \"b\"] and active eq true",
                "userName eq \"a\" or emails[value eq \"b\"] and active eq true"},
            {"not (emails[type eq \"work\"])", "not (emails[type eq \"work\"])"},
            {"(emails[type eq \"work\"])", "emails[type eq \"work\"]"},
            {"userName eq \"or\"", "userName eq \"or\""},
            {"or eq \"x\"", "or eq \"x\""},
            {"and eq \"x\"", "and eq \"x\""},
            {"not eq \"x\"", "not eq \"x\""},
            {"not pr", "not pr"},
            {"notes eq \"x\"", "notes eq \"x\""},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonicalCases")
    void printsCanonically(String text, String canonical) {
        Filter parsed = FilterParser.parse(text);
        assertThat(FilterParser.parse(canonical)).isEqualTo(parsed);
        assertThat(FilterParser.parse(FilterPrinter.print(parsed))).isEqualTo(parsed);
        assertThat(FilterPrinter.print(FilterParser.parse(canonical))).isEqualTo(canonical);
    }

    /** Input and a fragment of the invalidFilter detail. */
    static Stream<Arguments> invalidCases() {
        String[][] table = {
            {"userName equals \"x\"", "at position 10: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) but found \"equals\""},
            {"externalId equals \"x\"", "at position 12: expected a comparison operator"},
            {"userName", "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) but found the end of the filter"},
            {"userName eq", "expected a value after \"eq\" but found the end of the filter"},
            {"userName eq ", "expected a value after \"eq\""},
            {"", "the filter is empty"},
            {"   ", "the filter is empty"},
            {"userName eq \"x", "unterminated string"},
            {"userName eq \"x\\", "unterminated string"},
            {"userName eq \"\\q\"", "invalid escape \\q"},
            {"userName eq \"\\u12\"", "four hex digits"},
            {"userName eq \"\\uzzzz\"", "four hex digits"},
            {"userName eq \"a\" and", "expected an attribute path, \"not\" or \"(\""},
            {"userName eq \"a\" or", "expected an attribute path"},
            {"userName eq \"a\" and or userName eq \"b\"", "expected a comparison operator"},
            {"(userName eq \"a\"", "expected \")\""},
            {"userName eq \"a\")", "expected \"and\", \"or\" or the end of the filter"},
            {"userName eq \"a\" userName eq \"b\"", "expected \"and\", \"or\" or the end of the filter"},
            {"userName eq \"a\" xor userName eq \"b\"", "expected \"and\", \"or\""},
            {"not userName eq \"a\"", "expected \"(\" after \"not\""},
            {"not", "expected \"(\" after \"not\""},
            {"not (userName eq \"a\"", "expected \")\""},
            {"()", "expected an attribute path"},
            {"( )", "expected an attribute path"},
            {"emails[type eq \"work\"", "expected \"]\""},
            {"emails[type eq \"work\"]]", "expected \"and\", \"or\" or the end of the filter"},
            {"emails[]", "expected an attribute path"},
            {"emails[type eq \"work\" and addresses[type eq \"home\"]]", "cannot be nested"},
            {"emails[addresses[type eq \"home\"]]", "cannot be nested"},
            {"emails[type eq \"work\"].", "expected an attribute name"},
            {"emails[type eq \"work\"].value", "expected a comparison operator"},
            {"emails[type eq \"work\"].value eq", "expected a value"},
            {"emails[type eq \"work\"].1value eq \"x\"", "must start with a letter"},
            {"name.familyName[x eq \"y\"]", "a value path must name an attribute without sub-attribute"},
            {"1userName eq \"x\"", "must start with a letter"},
            {"-x eq \"x\"", "must start with a letter"},
            {"_x eq \"x\"", "must start with a letter"},
            {"name.given.name eq \"x\"", "at most one sub-attribute"},
            {"name. eq \"x\"", "expected an attribute name"},
            {".name eq \"x\"", "expected an attribute name"},
            {"urn:ietf:params:scim:schemas:core:2.0:User: eq \"x\"", "expected an attribute name"},
            {"foo:bar eq \"x\"", "expected a schema URN"},
            {"urn: eq \"x\"", "expected a schema URN"},
            {"userName eq \"x\" and (", "expected an attribute path"},
            {"userName eq (\"x\")", "expected a value"},
            {"userName eq [x]", "expected a value"},
            {"userName eq a\"b", "expected a value but found"},
            {"userName eqx \"x\"", "expected a comparison operator"},
            {"userName eq\"x\" and x", "expected a comparison operator"},
            {"userName gt", "expected a value after \"gt\""},
            {"userName pr pr", "expected \"and\", \"or\" or the end of the filter"},
            {"userName pr \"x\"", "expected \"and\", \"or\""},
            {"userName co \"x\" \"y\"", "expected \"and\", \"or\""},
            {"[type eq \"work\"]", "expected an attribute path"},
            {"\"userName\" eq \"x\"", "expected an attribute path"},
            {"userName = \"x\"", "expected a comparison operator"},
            {"userName == \"x\"", "expected a comparison operator"},
            {"userName like \"x\"", "but found \"like\""},
            {"userName in (\"x\")", "but found \"in\""},
            {"userName eq \"x\" && active eq true", "expected \"and\", \"or\""},
            {"userName eq \"x\" || active eq true", "expected \"and\", \"or\""},
            {"!(userName eq \"x\")", "expected an attribute path"},
            {"emails[type eq \"work\"] eq \"x\"", "expected \"and\", \"or\""},
            {"us er eq \"x\"", "expected a comparison operator"},
            {"userName eq \"line\nbreak\"", "control character"},
            {"userName@x eq \"x\"", "expected a comparison operator"},
            {"user$name eq \"x\"", "invalid character '$'"},
            {"(".repeat(51) + "a pr" + ")".repeat(51), "more than 50 levels deep"},
            {"not (".repeat(100_000) + "a pr", "more than 50 levels deep"},
            {"a pr" + " and a pr".repeat(100_000), "more than 200 comparisons"},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void rejectsWithInvalidFilter(String text, String detailFragment) {
        assertThatThrownBy(() -> FilterParser.parse(text))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimType.INVALID_FILTER);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).startsWith("Invalid filter").contains(detailFragment);
                });
    }

    static Stream<Arguments> attributePaths() {
        return Stream.of(
                Arguments.of("userName", p("userName")),
                Arguments.of("name.givenName", p("name", "givenName")),
                Arguments.of(" members ", p("members")),
                Arguments.of("groups.$ref", p("groups", "$ref")),
                Arguments.of("$ref", p("$ref")),
                Arguments.of(ENTERPRISE + ":manager.value", urn(ENTERPRISE, "manager", "value")),
                Arguments.of(ENTERPRISE + ":manager", urn(ENTERPRISE, "manager", null)),
                Arguments.of(CORE + ":name.familyName", urn(CORE, "name", "familyName")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attributePaths")
    void parsesAttributePaths(String text, AttributePath expected) {
        AttributePath parsed = FilterParser.parseAttributePath(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.schemaUrn()).isEqualTo(expected.schemaUrn());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAttributePaths")
    void rejectsBadAttributePathsWithInvalidPath(String text) {
        assertThatThrownBy(() -> FilterParser.parseAttributePath(text))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.INVALID_PATH));
    }

    static Stream<String> badAttributePaths() {
        return Stream.of("", "  ", "1abc", "a.b.c", "a b", "a.", "foo:bar", "na*me", "name.", "emails[type eq \"work\"]");
    }
}
