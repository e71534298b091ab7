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

    /** An active Entra-style user with this email as userName and work email. */
    public static String userBody(String email, String displayName) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        body.put("userName", email);
        body.put("displayName", displayName);
        body.put("active", true);
        com.fasterxml.jackson.databind.node.ObjectNode work = body.putArray("emails").addObject();
        work.put("type", "work");
        work.put("value", email);
        return body.toString();
    }

    /** Creates {@link #userBody} through the API and answers its id (201 asserted). */
    public static String createUser(String token, String email, String displayName) {
        return scim(token).body(userBody(email, displayName)).post("/scim/v2/Users").then().statusCode(201).extract().path("id");
    }

    /** Creates a group with this displayName through the API and answers its id (201 asserted). */
    public static String createGroup(String token, String displayName) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        body.put("displayName", displayName);
        return scim(token).body(body.toString()).post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
    }

    public static RequestSpecification anonymous() {
        return given().contentType("application/scim+json; charset=utf-8");
    }
}
