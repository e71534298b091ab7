package dev.provisioning.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The origin the filter cuts from Vert.x's absolute URI is what {@code java.net.URI} would give (scheme and raw authority). */
class ScimRequestFilterOriginTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:8080/scim/v2/Users?filter=userName%20eq%20%22a%22",
            "https://scim.example.com/scim/v2/providers/8d2f0c7e-0c59-4d47-9a8e-3f1c2b5a6d7e/Users/1",
            "http://[::1]:8081/scim/v2",
            "https://user@host.example:8443/scim/v2/Groups#x",
            "http://host.example?only=query",
            "http://host.example"})
    void originIsSchemeAndRawAuthority(String absolute) {
        URI parsed = URI.create(absolute);
        assertEquals(parsed.getScheme() + "://" + parsed.getRawAuthority(), ScimRequestFilter.origin(absolute));
    }
}
