package dev.provisioning.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;

/** RestAssured set-up for SCIM calls: bearer token, {@code application/scim+json} bodies parsed as JSON. */
public final class ScimApi {
    public static final String SCIM_JSON = "application/scim+json";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    static {
        RestAssured.registerParser(SCIM_JSON, Parser.JSON);
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private ScimApi() {
    }

    public static RequestSpecification scim(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/scim+json; charset=utf-8");
    }

    public static RequestSpecification anonymous() {
        return given().contentType("application/scim+json; charset=utf-8");
    }
}
