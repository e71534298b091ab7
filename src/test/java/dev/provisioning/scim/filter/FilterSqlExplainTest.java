package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Entra's lookups (entra-scim §1.4, §6.1 minimum set) must be index lookups, not scans: with 20 000
 * users and 20 000 teams, the plan of each translated filter — scoped as the repositories scope it
 * ({@code u.organization_id = $1}, {@code t.scim_provider_id = $1}) — uses the expected index.
 */
class FilterSqlExplainTest {
    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID PROVIDER = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    static FilterTestDatabase db;

    @BeforeAll
    static void load() throws Exception {
        db = new FilterTestDatabase();
        db.execute("insert into organizations (id, name) values ('" + ORG + "', 'big')");
        db.execute("insert into scim_providers (id, organization_id, name, is_default) values ('" + PROVIDER + "', '"
                + ORG + "', 'entra', true)");
        db.execute("""
                insert into users (id, organization_id, email, display_name, scim, user_name, external_id, scim_provider_id)
                select md5('user' || i)::uuid, '%s', 'user' || i || '@example.test', 'User ' || i,
                       jsonb_build_object('userName', 'User' || i || '@Example.test', 'displayName', 'User ' || i,
                           'externalId', 'ext-' || i, 'active', true,
                           'emails', jsonb_build_array(
                               jsonb_build_object('value', 'user' || i || '@example.test', 'type', 'work', 'primary', true),
                               jsonb_build_object('value', 'home' || i || '@example.org', 'type', 'home'))),
                       'User' || i || '@Example.test', 'ext-' || i, '%s'
                from generate_series(1, 20000) i
                """.formatted(ORG, PROVIDER));
        db.execute("""
                insert into teams (id, organization_id, name, scim_provider_id, external_id)
                select md5('team' || i)::uuid, '%s', 'Team ' || i, '%s', 'team-ext-' || i
                from generate_series(1, 20000) i
                """.formatted(ORG, PROVIDER));
        db.execute("analyze");
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    static Stream<Arguments> lookups() {
        return Stream.of(
                Arguments.of(SqlMapping.USERS, "userName eq \"user4242@example.TEST\"", "users_org_user_name"),
                Arguments.of(SqlMapping.USERS, "externalId eq \"ext-4242\"", "users_org_external_id"),
                Arguments.of(SqlMapping.USERS, "emails[type eq \"work\"].value eq \"User4242@example.test\"", "users_email_values"),
                Arguments.of(SqlMapping.USERS, "emails.value eq \"user4242@example.test\"", "users_email_values"),
                Arguments.of(SqlMapping.USERS, "id eq \"" + md5Uuid("user4242") + "\"", "users_pkey"),
                Arguments.of(SqlMapping.GROUPS, "displayName eq \"TEAM 4242\"", "teams_provider_display_name"),
                Arguments.of(SqlMapping.GROUPS, "id eq \"" + md5Uuid("team4242") + "\"", "teams_pkey"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("lookups")
    void entraLookupsUseAnIndex(SqlMapping mapping, String filter, String index) throws Exception {
        SqlFragment fragment = FilterSqlTranslator.translate(FilterParser.parse(filter), mapping, 2);
        String scope = mapping == SqlMapping.USERS ? "u.organization_id = $1" : "t.scim_provider_id = $1";
        String table = mapping == SqlMapping.USERS ? "users u" : "teams t";
        String sql = "select " + mapping.alias() + ".id from " + table + " where " + scope + " and " + fragment.sql();
        List<Object> binds = new ArrayList<>();
        binds.add(mapping == SqlMapping.USERS ? ORG : PROVIDER);
        binds.addAll(fragment.binds());
        String plan = String.join("\n", db.query("explain " + sql, binds));
        System.out.println(filter + "\n" + sql + "\n" + plan + "\n");
        assertThat(plan).as(plan).contains(index).containsPattern("Index Scan|Index Only Scan|Bitmap Index Scan");
        assertThat(db.query(sql, binds)).as("the lookup finds the row").hasSize(1);
    }

    private static String md5Uuid(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20)).toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
