package dev.provisioning.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JAX-RS path templates, as the OpenAPI document lists them, matched against request paths. */
class AllowedMethodsTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /scim/v2/Users/{id}              | /scim/v2/Users/123            | true
            /scim/v2/Users/{id}              | /scim/v2/Users/123/           | true
            /scim/v2/Users/{id}              | /scim/v2/Users/               | false
            /scim/v2/Users/{id}              | /scim/v2/Users/1/2            | false
            /scim/v2/Users                   | /scim/v2/Users                | true
            /scim/v2/Users                   | /scim/v2/UsersX               | false
            /scim/v2/Users/.search           | /scim/v2/Users/xsearch        | false
            /scim/v2/Schemas/{id}            | /scim/v2/Schemas/urn:a:b      | true
            /files/{path: .+}                | /files/a/b/c                  | true
            /files/{path: [a-z]{2}}          | /files/ab                     | true
            /files/{path: [a-z]{2}}          | /files/abc                    | false
            """)
    void templates(String template, String path, boolean matches) {
        assertThat(AllowedMethods.template(template).matcher(path).matches()).isEqualTo(matches);
    }

    @org.junit.jupiter.api.Test
    void routesComeFromTheOperationsOfEachPath() throws Exception {
        var document = new ObjectMapper().readTree("""
                {"paths": {"/scim/v2/Users": {"get": {}, "post": {}, "parameters": []},
                           "/scim/v2/Users/{id}": {"get": {}, "patch": {}, "summary": "x"}}}""");
        List<AllowedMethods.Route> routes = AllowedMethods.routes(document);
        assertThat(routes).hasSize(2);
        assertThat(routes.get(0).methods()).containsExactly("GET", "POST");
        assertThat(routes.get(1).methods()).containsExactly("GET", "PATCH");
    }
}
