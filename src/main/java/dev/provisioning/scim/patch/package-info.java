/**
 * PATCH as a pure function: {@link dev.provisioning.scim.patch.PatchRequestParser} and
 * {@link dev.provisioning.scim.patch.PatchEngine} apply PATCH (RFC 7644 §3.5.2 with the
 * deviations of entra-scim §8). No Quarkus, JAX-RS, Panache or Vert.x here: Jackson only.
 *
 * <p>Stored document: canonical attribute names, extension attributes under their schema URN, no
 * {@code id}/{@code meta}/{@code schemas}, unassigned attributes absent, values exactly as sent,
 * and never group {@code members} (those travel as {@link dev.provisioning.scim.patch.MemberChange}s).
 *
 * <p>Microsoft Entra's (and Okta's) PATCH dialect, one class per quirk (the value quirks that POST and PUT share
 * live in {@link dev.provisioning.scim.schema}):
 * <ul>
 *   <li>{@link dev.provisioning.scim.patch.CapitalisedOpNames} — {@code Add/Replace/Remove} (parser)</li>
 *   <li>{@link dev.provisioning.scim.patch.ExtensionUrnAsPath} — a path that is only a schema URN (parser)</li>
 *   <li>{@link dev.provisioning.scim.patch.OwnIdInValue} — Okta's values carrying the resource's own id (parser)</li>
 *   <li>{@link dev.provisioning.scim.patch.DottedKeysInPathlessValue} — path-less values keyed by paths (engine)</li>
 *   <li>{@link dev.provisioning.scim.patch.UnqualifiedExtensionPath} — {@code "path": "manager"} (engine)</li>
 *   <li>{@link dev.provisioning.scim.patch.ManagerRemovedByEmptyReplace} — replace with {@code ""}/null clears (engine)</li>
 *   <li>{@link dev.provisioning.scim.patch.MemberRemovalByValueArray} — remove {@code members} + value array (engine)</li>
 * </ul>
 */
package dev.provisioning.scim.patch;
