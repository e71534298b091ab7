/**
 * The SCIM schemas as data (attribute definitions: type, caseExact, mutability, returned), the
 * {@code /Schemas} and {@code /ResourceTypes} documents, projection ({@code attributes} /
 * {@code excludedAttributes}), and the value rules every write shares:
 * {@link dev.provisioning.scim.schema.ResourceNormalizer} turns POST/PUT bodies into the stored
 * document and {@link dev.provisioning.scim.schema.AttributeValues} checks and coerces each value,
 * for POST, PUT and PATCH alike. No Quarkus, JAX-RS, Panache or Vert.x here: Jackson only.
 *
 * <p>Value quirks of Microsoft Entra (and of other clients), one class each, applied wherever a
 * value arrives:
 * <ul>
 *   <li>{@link dev.provisioning.scim.schema.StringBooleans} — {@code "True"/"False"}</li>
 *   <li>{@link dev.provisioning.scim.schema.ManagerAsBareString} — manager as string or one-element array</li>
 *   <li>{@link dev.provisioning.scim.schema.RolesAsJsonStrings} — roles as JSON-encoded strings</li>
 *   <li>{@link dev.provisioning.scim.schema.RefNullInMembers} — {@code "$ref": null} in members</li>
 * </ul>
 */
package dev.provisioning.scim.schema;
