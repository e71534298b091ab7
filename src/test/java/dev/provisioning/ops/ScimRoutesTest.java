package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route templates and metric tags of SCIM requests: named from the method and raw path, never repeating what the client put there. */
class ScimRoutesTest {
    private static final String P = "/scim/v2/providers/8c1d1a56-9c58-4f0e-9d1c-3a8f4d2e7b10";

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "GET,    /scim/v2/Users,                                    /scim/v2/Users,                             User,      list",
            "POST,   /scim/v2/Users,                                    /scim/v2/Users,                             User,      create",
            "POST,   /scim/v2/Users/.search,                            /scim/v2/Users/.search,                     User,      search",
            "GET,    /scim/v2/Users/0b5c0f8e-0f5c-4b7e-8a8e-0d9d4d0e6a11, /scim/v2/Users/{id},                      User,      read",
            "PUT,    /scim/v2/Users/x,                                  /scim/v2/Users/{id},                        User,      replace",
            "PATCH,  /scim/v2/Users/x,                                  /scim/v2/Users/{id},                        User,      patch",
            "DELETE, /scim/v2/Users/jane@example.com,                   /scim/v2/Users/{id},                        User,      delete",
            "GET,    /scim/v2/Users/,                                   /scim/v2/Users,                             User,      list",
            "DELETE, /scim/v2/Users,                                    /scim/v2/Users,                             User,      -",
            "GET,    /scim/v2/Users/.search,                            /scim/v2/Users/.search,                     User,      -",
            "GET,    /scim/v2/Groups,                                   /scim/v2/Groups,                            Group,     list",
            "POST,   /scim/v2/Groups,                                   /scim/v2/Groups,                            Group,     create",
            "POST,   /scim/v2/Groups/.search,                           /scim/v2/Groups/.search,                    Group,     search",
            "PATCH,  /scim/v2/Groups/g1,                                /scim/v2/Groups/{id},                       Group,     patch",
            "DELETE, /scim/v2/Groups/g1,                                /scim/v2/Groups/{id},                       Group,     delete",
            "GET,    /scim/v2/ServiceProviderConfig,                    /scim/v2/ServiceProviderConfig,             discovery, read",
            "GET,    /scim/v2/ResourceTypes,                            /scim/v2/ResourceTypes,                     discovery, list",
            "GET,    /scim/v2/ResourceTypes/User,                       /scim/v2/ResourceTypes/{id},                discovery, read",
            "GET,    /scim/v2/Schemas,                                  /scim/v2/Schemas,                           discovery, list",
            "GET,    /scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User, /scim/v2/Schemas/{id},            discovery, read",
            "POST,   /scim/v2/ServiceProviderConfig,                    /scim/v2/ServiceProviderConfig,             discovery, -",
            "POST,   /scim/v2/Bulk,                                     /scim/v2/Bulk,                              Bulk,      bulk",
            "POST,   /scim/v2/.search,                                  /scim/v2/.search,                           -,         -",
            "GET,    /scim/v2/Me,                                       /scim/v2/Me,                                -,         -",
            "GET,    /scim/v2,                                          /scim/v2,                                   -,         -",
            "GET,    /scim/v2/Secrets/jane@example.com/x,               /scim/v2/{unmatched},                       -,         -",
            "GET,    /scim/v2/jane@example.com,                         /scim/v2/{unmatched},                       -,         -" })
    void namesScimRequests(String method, String path, String template, String resource, String operation) {
        assertThat(ScimRoutes.classify(method, path)).contains(new ScimRoutes.Route(template, resource, operation));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "GET,    /Users,               /Users,               User,  list",
            "PATCH,  /Users/u1,            /Users/{id},          User,  patch",
            "POST,   /Groups/.search,      /Groups/.search,      Group, search",
            "GET,    /ServiceProviderConfig, /ServiceProviderConfig, discovery, read",
            "GET,    '',                   '',                   -,     -",
            "GET,    /Nope/a/b,            /{unmatched},         -,     -" })
    void providerBaseUrlsKeepTheirPrefixWithoutTheProviderId(String method, String rest, String template, String resource,
            String operation) {
        assertThat(ScimRoutes.classify(method, P + rest))
                .contains(new ScimRoutes.Route("/scim/v2/providers/{providerId}" + template, resource, operation));
    }

    @ParameterizedTest
    @CsvSource({ "/admin/organizations", "/q/metrics", "/scim", "/scim/v21/Users", "/console" })
    void otherPathsAreNotScim(String path) {
        assertThat(ScimRoutes.classify("GET", path)).isEqualTo(Optional.empty());
    }
}
