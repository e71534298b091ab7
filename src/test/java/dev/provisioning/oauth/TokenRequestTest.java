package dev.provisioning.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Token requests as RFC 6749 §2.3.1, §3.2 and §4.4.2 define them. */
class TokenRequestTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final UUID ID = UUID.fromString("23a35c27-23d3-4c03-b4c5-6443c09e7173");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAreFormDecoded() throws Exception {
        // §2.3.1: id and secret are form-encoded before base64, so a secret may hold ':' and '+'
        TokenRequest request = TokenRequest.parse(FORM, "grant_type=client_credentials", basic(ID.toString(), "a%3Ab%2Bc+d"));
        assertThat(request).isEqualTo(new TokenRequest(ID, "a:b+c d", true));
    }

    @Test
    void formCredentialsWithAnyCharsetParameter() throws Exception {
        TokenRequest request = TokenRequest.parse(FORM + "; charset=UTF-8",
                "grant_type=client_credentials&client_id=" + ID + "&client_secret=s%26t&scope=scim", null);
        assertThat(request).isEqualTo(new TokenRequest(ID, "s&t", false));
    }

    @Test
    void aClientIdThatIsNotOursIsAnUnknownClient() throws Exception {
        assertThat(TokenRequest.parse(FORM, "grant_type=client_credentials&client_id=abc&client_secret=x", null).clientId()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            JSON body                  | application/json | {}                                            | -                  | 400 | invalid_request
            no content type            | -                | grant_type=client_credentials                 | -                  | 400 | invalid_request
            no grant type              | FORM             | scope=x                                       | -                  | 400 | invalid_request
            authorization code grant   | FORM             | grant_type=authorization_code&code=x          | -                  | 400 | unsupported_grant_type
            grant type in other case   | FORM             | grant_type=Client_Credentials                 | -                  | 400 | unsupported_grant_type
            parameter twice            | FORM             | grant_type=client_credentials&scope=a&scope=b | -                  | 400 | invalid_request
            malformed escape           | FORM             | grant_type=client_credentials&x=%zz           | -                  | 400 | invalid_request
            Basic and form             | FORM             | grant_type=client_credentials&client_id=a     | BASIC              | 400 | invalid_request
            no client at all           | FORM             | grant_type=client_credentials                 | -                  | 401 | invalid_client
            only a client id           | FORM             | grant_type=client_credentials&client_id=a     | -                  | 401 | invalid_client
            Basic not base64           | FORM             | grant_type=client_credentials                 | Basic !!!          | 401 | invalid_client
            Basic without a colon      | FORM             | grant_type=client_credentials                 | Basic YWJj         | 401 | invalid_client
            """)
    void refusals(String name, String contentType, String body, String authorization, int status, String error) {
        String type = "FORM".equals(contentType) ? FORM : contentType;
        String header = "BASIC".equals(authorization) ? basic(ID.toString(), "s") : authorization;
        TokenRequest.Refusal refusal = catchThrowableOfType(TokenRequest.Refusal.class, () -> TokenRequest.parse(type, body, header));
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.status).isEqualTo(status);
        assertThat(refusal.error).isEqualTo(error);
        assertThat(refusal.getMessage()).isNotBlank().doesNotContain("secret=");
    }
}
