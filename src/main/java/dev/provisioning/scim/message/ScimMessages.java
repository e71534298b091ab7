package dev.provisioning.scim.message;

/** Message schema URNs and the media type of RFC 7644. */
public final class ScimMessages {
    public static final String MEDIA_TYPE = "application/scim+json";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimMessages() {
    }
}
