package dev.provisioning.scim.filter;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.AttributeType;
import dev.provisioning.scim.schema.ResolvedAttribute;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Translates a filter into one parameterized PostgreSQL boolean expression over the table of a
 * {@link SqlMapping} ({@code users u} or {@code teams t}), with the semantics of
 * {@link FilterEvaluator}. Values are always bind parameters ({@code $n}, numbered from the first
 * bind index given to the constructor); attribute names in the SQL come from the schema only.
 *
 * <p>Under {@code not} (and in {@code ne}, which is "not eq") every leaf is made two-valued
 * ({@code coalesce(…, false)}; {@code exists} and {@code is not null} already are) so that
 * {@code not} follows SCIM rather than SQL's three-valued logic: {@code not (title eq "a")} matches a
 * user without title. Outside {@code not}, a null leaf already acts as false (and/or are monotone), so
 * leaves stay bare and sargable.
 *
 * <p>Indexes: {@code userName eq} → {@code lower(u.user_name) = lower($n)} (users_org_user_name);
 * {@code externalId eq} → {@code u.external_id = $n} (users_org_external_id); {@code id eq} →
 * {@code u.id = $n} (primary key); group {@code displayName eq} → {@code lower(t.name) = lower($n)}
 * (teams_provider_display_name); and every filter whose match implies an email value equal to X
 * ({@code emails.value eq X}, {@code emails eq X}, {@code emails[type eq "work" and value eq X]},
 * Entra's {@code emails[type eq "work"].value eq X}) is additionally ANDed with
 * {@code scim_email_values(u.scim) @> ARRAY[lower(btrim($n))]} (GIN index users_email_values).
 * For that to be implied, {@code emails.value eq} compares ignoring case <em>and surrounding
 * blanks</em> — a deliberate difference from plain SCIM: product.md §3.1 makes email matching ignore
 * surrounding blanks.
 *
 * <p>Relational attributes: {@code groups} of a user are its team_members rows ({@code value} =
 * team id, {@code display} = team name); {@code members} of a group are team_members rows joined to
 * users ({@code value} = user id, {@code display} = the user's displayName, {@code type} = "User").
 * An id literal that is not a UUID (in canonical lower-case form when the attribute is caseExact)
 * matches nothing, without error. Not filterable ({@code invalidFilter}): {@code meta.location},
 * {@code meta.version}, {@code groups.type}, {@code groups.$ref}, {@code members.$ref}.
 *
 * <p>Case-insensitive comparisons use PostgreSQL's {@code lower()}, i.e. the database's LC_CTYPE:
 * identical to Java's for ASCII; for non-ASCII letters the database should use a UTF-8 locale.
 * Ordering ({@code gt ge lt le}) is by code point ({@code collate "C"}), as in {@link FilterEvaluator}.
 *
 * <p>Thread-safe: an instance may be shared.
 */
public final class FilterSqlTranslator {
    private static final String EMAIL_VALUES = "scim_email_values(%s.scim) @> ARRAY[lower(btrim(%s::text))]";

    private final SqlMapping mapping;
    private final int firstBindIndex;
    private final String alias;
    private List<Object> binds;
    private int aliases;

    public FilterSqlTranslator(SqlMapping mapping, int firstBindIndex) {
        if (firstBindIndex < 1) {
            throw new IllegalArgumentException("bind indexes start at 1");
        }
        this.mapping = mapping;
        this.firstBindIndex = firstBindIndex;
        this.alias = mapping.alias();
    }

    /** Shorthand for {@code new FilterSqlTranslator(mapping, firstBindIndex).translate(filter)}. */
    public static SqlFragment translate(Filter filter, SqlMapping mapping, int firstBindIndex) {
        return new FilterSqlTranslator(mapping, firstBindIndex).translate(filter);
    }

    /** Validates {@code filter} against the mapping's resource type and translates it; binds start at the first bind index. */
    public SqlFragment translate(Filter filter) {
        Filter validated = FilterValidator.validate(filter, mapping.resourceType());
        // the working state lives in a throw-away copy, so one translator may serve concurrent requests
        FilterSqlTranslator run = new FilterSqlTranslator(mapping, firstBindIndex);
        run.binds = new ArrayList<>();
        String sql = run.node(validated, false);
        return new SqlFragment(sql, run.binds, run.emailIndexed(validated));
    }

    /**
     * Whether the email index condition is a conjunct of the whole translation: an {@code and} of
     * which a side is, or an email value filter that {@link #node} accelerates (not under {@code not}
     * or {@code or}).
     */
    private boolean emailIndexed(Filter filter) {
        if (mapping != SqlMapping.USERS) {
            return false;
        }
        if (filter instanceof Filter.And and) {
            return emailIndexed(and.left()) || emailIndexed(and.right());
        }
        if (filter instanceof Filter.ValuePath valuePath) {
            return isEmails(resolve(valuePath.path()).attribute()) && !conjunctEmailValues(valuePath.filter()).isEmpty();
        }
        if (filter instanceof Filter.Compare compare && !isNegative(compare)) {
            ResolvedAttribute resolved = resolve(compare.path());
            return resolved.attribute().multiValued() && isEmails(resolved.attribute()) && !emailValue(filter).isEmpty();
        }
        return false;
    }

    /**
     * The expression to {@code ORDER BY} for {@code sortBy} (no binds): case-insensitive attributes
     * lower-cased, {@code emails.value} the primary email else the first. Unsupported attributes are
     * {@code invalidValue}.
     */
    public SqlFragment sortExpression(AttributePath sortBy) {
        ResourceTypeDefinition type = mapping.resourceType();
        ResolvedAttribute resolved = type.resolve(sortBy).orElseThrow(() -> unsortable(sortBy));
        AttributePath path = resolved.canonicalPath(type);
        String a = alias;
        String text = path.toString();
        String sql = switch (text) {
            case "id" -> a + ".id";
            case "externalId" -> a + ".external_id";
            case "meta.created" -> a + ".created_at";
            case "meta.lastModified" -> a + ".last_modified";
            default -> null;
        };
        if (sql == null && mapping == SqlMapping.USERS) {
            sql = switch (text) {
                case "userName" -> "lower(u.user_name)";
                case "displayName" -> "lower(u.scim->>'displayName')";
                case "name.familyName" -> "lower(u.scim->'name'->>'familyName')";
                case "name.givenName" -> "lower(u.scim->'name'->>'givenName')";
                case "emails", "emails.value" -> "lower(coalesce((select e->>'value' from jsonb_array_elements("
                        + "case when jsonb_typeof(u.scim->'emails') = 'array' then u.scim->'emails' else '[]'::jsonb end) e "
                        + "where e->'primary' = 'true'::jsonb limit 1), u.scim->'emails'->0->>'value'))";
                default -> null;
            };
        } else if (sql == null) {
            sql = text.equals("displayName") ? "lower(t.name)" : null;
        }
        if (sql == null) {
            throw unsortable(sortBy);
        }
        return new SqlFragment(sql, List.of());
    }

    private static ScimException unsortable(AttributePath sortBy) {
        return ScimException.invalidValue("sortBy '" + sortBy + "' is not supported");
    }

    // ---- filter nodes

    /**
     * @param negated whether {@code filter} sits under an odd number of {@code not}s; only there can a
     *        SQL null leaf change the outcome, so only there are leaves wrapped in {@code coalesce(…, false)}
     *        (which keeps the positive lookups sargable: {@code lower(u.user_name) = lower($2)} uses its index)
     */
    private String node(Filter filter, boolean negated) {
        if (filter instanceof Filter.And and) {
            return "(" + node(and.left(), negated) + " and " + node(and.right(), negated) + ")";
        }
        if (filter instanceof Filter.Or or) {
            return "(" + node(or.left(), negated) + " or " + node(or.right(), negated) + ")";
        }
        if (filter instanceof Filter.Not not) {
            return "(not " + node(not.inner(), !negated) + ")";
        }
        if (filter instanceof Filter.ValuePath valuePath) {
            ResolvedAttribute resolved = resolve(valuePath.path());
            Elements elements = elements(valuePath.path(), resolved);
            // exists is two-valued: its predicate is a fresh positive context
            String exists = elements.exists(elementNode(valuePath.filter(), elements, resolved.attribute(), false));
            return accelerate(exists, resolved.attribute(), conjunctEmailValues(valuePath.filter()));
        }
        AttributePath path = pathOf(filter);
        ResolvedAttribute resolved = resolve(path);
        AttributeDefinition attribute = resolved.attribute();
        if (attribute.multiValued()) {
            Elements elements = elements(path, resolved);
            if (filter instanceof Filter.Compare compare && isNegative(compare)) {
                // ne / eq null: "no element equals / has a value" — negate the positive form over all elements
                Filter positive = positive(compare);
                String exists = elements.exists(leaf(elements.sub(resolved.subAttribute()), positive, false));
                return "(not " + exists + ")";
            }
            String predicate = path.hasSubAttribute()
                    ? leaf(elements.sub(resolved.subAttribute()), filter, false)
                    : elements.wholeElementPresent();
            return accelerate(elements.exists(predicate), attribute, emailValue(filter));
        }
        return leaf(scalar(path, resolved), filter, negated);
    }

    private String elementNode(Filter filter, Elements elements, AttributeDefinition multiValued, boolean negated) {
        if (filter instanceof Filter.And and) {
            return "(" + elementNode(and.left(), elements, multiValued, negated) + " and "
                    + elementNode(and.right(), elements, multiValued, negated) + ")";
        }
        if (filter instanceof Filter.Or or) {
            return "(" + elementNode(or.left(), elements, multiValued, negated) + " or "
                    + elementNode(or.right(), elements, multiValued, negated) + ")";
        }
        if (filter instanceof Filter.Not not) {
            return "(not " + elementNode(not.inner(), elements, multiValued, !negated) + ")";
        }
        AttributeDefinition sub = multiValued.subAttribute(pathOf(filter).attribute()).orElseThrow();
        return leaf(elements.sub(sub), filter, negated);
    }

    private static boolean isNegative(Filter.Compare compare) {
        return compare.op() == CompareOp.NE
                || (compare.op() == CompareOp.EQ && compare.value() instanceof CompValue.NullValue);
    }

    /** ne X → eq X; eq null → pr (as a Compare "ne null"), each to be negated. */
    private static Filter positive(Filter.Compare compare) {
        if (compare.value() instanceof CompValue.NullValue) {
            return new Filter.Present(compare.path());
        }
        return new Filter.Compare(compare.path(), CompareOp.EQ, compare.value());
    }

    private static AttributePath pathOf(Filter filter) {
        return filter instanceof Filter.Present present ? present.path() : ((Filter.Compare) filter).path();
    }

    private ResolvedAttribute resolve(AttributePath path) {
        return mapping.resourceType().resolve(path).orElseThrow(
                () -> ScimException.invalidFilter("Unknown attribute '" + path + "' in filter"));
    }

    // ---- email index accelerator

    /** The string X when {@code filter} is {@code emails.value eq X} (top level). */
    private static List<String> emailValue(Filter filter) {
        if (filter instanceof Filter.Compare compare && compare.op() == CompareOp.EQ
                && compare.value() instanceof CompValue.StringValue string
                && "value".equals(compare.path().subAttribute())) {
            return List.of(string.value());
        }
        return List.of();
    }

    /** The X of every {@code value eq X} that is a conjunct of a value filter (so implied by it). */
    private static List<String> conjunctEmailValues(Filter filter) {
        List<String> values = new ArrayList<>();
        if (filter instanceof Filter.And and) {
            values.addAll(conjunctEmailValues(and.left()));
            values.addAll(conjunctEmailValues(and.right()));
        } else if (filter instanceof Filter.Compare compare && compare.op() == CompareOp.EQ
                && compare.value() instanceof CompValue.StringValue string
                && compare.path().attribute().equals("value")) {
            values.add(string.value());
        }
        return values;
    }

    private String accelerate(String exists, AttributeDefinition attribute, List<String> emailValues) {
        if (mapping != SqlMapping.USERS || !isEmails(attribute) || emailValues.isEmpty()) {
            return exists;
        }
        StringBuilder sql = new StringBuilder("(").append(exists);
        for (String value : emailValues) {
            sql.append(" and ").append(String.format(EMAIL_VALUES, alias, bind(value)));
        }
        return sql.append(')').toString();
    }

    private static boolean isEmails(AttributeDefinition attribute) {
        return attribute == ScimSchemas.USER.attribute("emails").orElseThrow();
    }

    // ---- where values live

    /** A single value that a leaf compares. */
    private interface Scalar {
    }

    /** A jsonb value (SQL null when absent) of the given definition. */
    private record JsonScalar(String json, AttributeDefinition definition, boolean emailValue) implements Scalar {
    }

    private record TextColumn(String expr, boolean caseExact) implements Scalar {
    }

    /** A uuid column; literals that are not UUIDs (in canonical lower-case form when caseExact) never match. */
    private record UuidColumn(String expr, boolean caseExact) implements Scalar {
    }

    private record BooleanColumn(String expr) implements Scalar {
    }

    private record TimeColumn(String expr) implements Scalar {
    }

    /** A value that is the same for every row, compared in Java. */
    private record Constant(String value, AttributeDefinition definition) implements Scalar {
    }

    /** The elements of a multi-valued attribute, as rows of a correlated sub-query. */
    private interface Elements {
        String exists(String predicate);

        Scalar sub(AttributeDefinition subAttribute);

        String wholeElementPresent();
    }

    private Scalar scalar(AttributePath path, ResolvedAttribute resolved) {
        String a = alias;
        String name = path.attribute();
        String sub = path.subAttribute();
        if (path.schemaUrn() == null) {
            switch (name) {
                case "id":
                    return new UuidColumn(a + ".id", true);
                case "externalId":
                    return new TextColumn(a + ".external_id", true);
                case "meta":
                    if (sub == null) {
                        return new Constant(mapping.resourceTypeName(), resolved.attribute());
                    }
                    return switch (sub) {
                        case "created" -> new TimeColumn(a + ".created_at");
                        case "lastModified" -> new TimeColumn(a + ".last_modified");
                        case "resourceType" -> new Constant(mapping.resourceTypeName(), resolved.target());
                        default -> throw notFilterable(path);
                    };
                default:
                    break;
            }
            if (mapping == SqlMapping.USERS && name.equals("userName")) {
                return new TextColumn("u.user_name", false);
            }
            if (mapping == SqlMapping.USERS && name.equals("active")) {
                return new BooleanColumn("u.active");
            }
            if (mapping == SqlMapping.GROUPS && name.equals("displayName")) {
                return new TextColumn("t.name", false);
            }
        }
        if (mapping != SqlMapping.USERS) {
            throw notFilterable(path);
        }
        String json = documentBase(path) + "->" + literal(name);
        if (sub != null) {
            json += "->" + literal(sub);
        }
        return new JsonScalar(json, resolved.target(), false);
    }

    private String documentBase(AttributePath path) {
        return path.schemaUrn() == null ? alias + ".scim" : alias + ".scim->" + literal(path.schemaUrn());
    }

    private Elements elements(AttributePath path, ResolvedAttribute resolved) {
        String name = path.attribute();
        if (mapping == SqlMapping.USERS && path.schemaUrn() == null && name.equals("groups")) {
            return teamsOfUser();
        }
        if (mapping == SqlMapping.GROUPS && path.schemaUrn() == null && name.equals("members")) {
            return membersOfTeam();
        }
        if (mapping != SqlMapping.USERS) {
            throw notFilterable(path);
        }
        String array = documentBase(path) + "->" + literal(name);
        String e = "e" + (++aliases);
        AttributeDefinition attribute = resolved.attribute();
        return new Elements() {
            @Override
            public String exists(String predicate) {
                return "exists (select 1 from jsonb_array_elements(case when jsonb_typeof(" + array + ") = 'array' then "
                        + array + " else '[]'::jsonb end) " + e + " where " + predicate + ")";
            }

            @Override
            public Scalar sub(AttributeDefinition subAttribute) {
                boolean emailValue = isEmails(attribute) && subAttribute.name().equals("value");
                return new JsonScalar(e + "->" + literal(subAttribute.name()), subAttribute, emailValue);
            }

            @Override
            public String wholeElementPresent() {
                return present(new JsonScalar(e, attribute, false));
            }
        };
    }

    private Elements teamsOfUser() {
        int n = ++aliases;
        String tm = "tm" + n;
        String tt = "tt" + n;
        return new Elements() {
            @Override
            public String exists(String predicate) {
                return "exists (select 1 from team_members " + tm + " join teams " + tt + " on " + tt + ".id = " + tm
                        + ".team_id where " + tm + ".user_id = u.id and " + predicate + ")";
            }

            @Override
            public Scalar sub(AttributeDefinition subAttribute) {
                return switch (subAttribute.name()) {
                    case "value" -> new UuidColumn(tm + ".team_id", subAttribute.caseExact());
                    case "display" -> new TextColumn(tt + ".name", subAttribute.caseExact());
                    default -> throw notFilterable(AttributePath.of("groups", subAttribute.name()));
                };
            }

            @Override
            public String wholeElementPresent() {
                return "true";
            }
        };
    }

    private Elements membersOfTeam() {
        int n = ++aliases;
        String m = "m" + n;
        String member = "mu" + n;
        return new Elements() {
            @Override
            public String exists(String predicate) {
                return "exists (select 1 from team_members " + m + " join users " + member + " on " + member + ".id = "
                        + m + ".user_id where " + m + ".team_id = t.id and " + predicate + ")";
            }

            @Override
            public Scalar sub(AttributeDefinition subAttribute) {
                return switch (subAttribute.name()) {
                    case "value" -> new UuidColumn(m + ".user_id", subAttribute.caseExact());
                    case "display" -> new JsonScalar(member + ".scim->'displayName'", subAttribute, false);
                    case "type" -> new Constant("User", subAttribute);
                    default -> throw notFilterable(AttributePath.of("members", subAttribute.name()));
                };
            }

            @Override
            public String wholeElementPresent() {
                return "true";
            }
        };
    }

    private static ScimException notFilterable(AttributePath path) {
        return ScimException.invalidFilter("The attribute '" + path + "' is not filterable");
    }

    // ---- leaves

    /** A leaf; two-valued ({@code coalesce}d) when {@code negated}, where SQL null would otherwise leak through {@code not}. */
    private String leaf(Scalar scalar, Filter filter, boolean negated) {
        if (filter instanceof Filter.Present) {
            return present(scalar);
        }
        Filter.Compare compare = (Filter.Compare) filter;
        if (compare.value() instanceof CompValue.NullValue) {
            return compare.op() == CompareOp.EQ ? "(not " + present(scalar) + ")" : present(scalar);
        }
        if (compare.op() == CompareOp.NE) {
            return "(not " + leaf(scalar, new Filter.Compare(compare.path(), CompareOp.EQ, compare.value()), !negated) + ")";
        }
        String predicate = compare(scalar, compare);
        if (predicate.equals("true") || predicate.equals("false") || !negated) {
            return predicate;
        }
        return "coalesce(" + predicate + ", false)";
    }

    private String present(Scalar scalar) {
        if (scalar instanceof JsonScalar json) {
            String j = json.json();
            return "coalesce(jsonb_typeof(" + j + ") <> 'null' and " + j + " <> '\"\"'::jsonb and " + j
                    + " <> '[]'::jsonb and " + j + " <> '{}'::jsonb, false)";
        }
        if (scalar instanceof TextColumn text) {
            return "coalesce(" + text.expr() + " <> '', false)";
        }
        if (scalar instanceof UuidColumn uuid) {
            return "(" + uuid.expr() + " is not null)";
        }
        if (scalar instanceof BooleanColumn bool) {
            return "(" + bool.expr() + " is not null)";
        }
        if (scalar instanceof TimeColumn time) {
            return "(" + time.expr() + " is not null)";
        }
        Constant constant = (Constant) scalar;
        return FilterEvaluator.isPresent(TextNode.valueOf(constant.value())) ? "true" : "false";
    }

    private String compare(Scalar scalar, Filter.Compare compare) {
        CompareOp op = compare.op();
        CompValue value = compare.value();
        if (scalar instanceof Constant constant) {
            boolean matches = FilterEvaluator.compare(TextNode.valueOf(constant.value()), op, value,
                    constant.definition(), false);
            return matches ? "true" : "false";
        }
        if (scalar instanceof TextColumn text) {
            return text(text.expr(), text.caseExact(), op, stringOf(value), false);
        }
        if (scalar instanceof UuidColumn uuid) {
            String literal = stringOf(value);
            if (op != CompareOp.EQ) {
                return text(uuid.expr() + "::text", uuid.caseExact(), op, literal, false);
            }
            UUID parsed = parseUuid(uuid.caseExact() ? literal : literal.toLowerCase(java.util.Locale.ROOT));
            return parsed == null ? "false" : uuid.expr() + " = " + bind(parsed) + "::uuid";
        }
        if (scalar instanceof BooleanColumn bool) {
            return bool.expr() + " = " + bind(((CompValue.BooleanValue) value).value()) + "::boolean";
        }
        if (scalar instanceof TimeColumn time) {
            return time.expr() + " " + sqlOperator(op) + " " + bind(DateTimes.parse(stringOf(value))) + "::timestamptz";
        }
        JsonScalar json = (JsonScalar) scalar;
        String j = json.json();
        AttributeType type = json.definition().type();
        switch (type) {
            case BOOLEAN:
                return j + " = to_jsonb(" + bind(((CompValue.BooleanValue) value).value()) + "::boolean)";
            case DECIMAL:
            case INTEGER:
                return "(case when jsonb_typeof(" + j + ") = 'number' then (" + j + " #>> '{}')::numeric end) "
                        + sqlOperator(op) + " " + bind(((CompValue.NumberValue) value).value()) + "::numeric";
            case DATE_TIME:
            case COMPLEX:
                throw ScimException.invalidFilter("The attribute '" + compare.path() + "' is not filterable with "
                        + op.token());
            default:
                String textValue = "(case when jsonb_typeof(" + j + ") = 'string' then " + j + " #>> '{}' end)";
                return text(textValue, json.definition().caseExact(), op, stringOf(value),
                        json.emailValue() && op == CompareOp.EQ);
        }
    }

    /** A string comparison; ordering by code point ({@code collate "C"}), as {@link FilterEvaluator} does. */
    private String text(String expr, boolean caseExact, CompareOp op, String value, boolean trimBlanks) {
        String param = bind(value) + "::text";
        String left = expr;
        String right = param;
        if (trimBlanks) {
            left = "btrim(" + left + ")";
            right = "btrim(" + right + ")";
        }
        if (!caseExact) {
            left = "lower(" + left + ")";
            right = "lower(" + right + ")";
        }
        return switch (op) {
            case EQ -> left + " = " + right;
            case CO -> "strpos(" + left + ", " + right + ") > 0";
            case SW -> "starts_with(" + left + ", " + right + ")";
            case EW -> "right(" + left + ", char_length(" + right + ")) = " + right;
            default -> "(" + left + ") collate \"C\" " + sqlOperator(op) + " (" + right + ") collate \"C\"";
        };
    }

    private static String sqlOperator(CompareOp op) {
        return switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new IllegalArgumentException("no SQL operator for " + op);
        };
    }

    private static String stringOf(CompValue value) {
        if (value instanceof CompValue.StringValue string) {
            return string.value();
        }
        if (value instanceof CompValue.NumberValue number) {
            return number.value().toPlainString();
        }
        if (value instanceof CompValue.BooleanValue bool) {
            return Boolean.toString(bool.value());
        }
        throw new IllegalArgumentException("null has no string form");
    }

    /** The UUID that prints exactly as {@code text}, else null (UUID.fromString alone accepts "1-1-1-1-1"). */
    private static UUID parseUuid(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String bind(Object value) {
        binds.add(value);
        return "$" + (firstBindIndex + binds.size() - 1);
    }

    /** A schema name as an SQL string literal (names come from the schema, never from the request). */
    private static String literal(String name) {
        return "'" + name.replace("'", "''") + "'";
    }
}
