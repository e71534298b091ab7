package dev.provisioning.scim.filter;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributePath;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the SCIM filter grammar of RFC 7644 §3.4.2.2 into a {@link Filter}, by recursive descent.
 *
 * <p>Precedence, loosest first: {@code or}, {@code and}, then {@code not ( … )}, {@code ( … )},
 * value paths and attribute expressions. {@code and}/{@code or} associate to the left. Keywords,
 * operators and attribute names are case-insensitive.
 *
 * <p>Leniencies (entra-scim.md §6.1): a bare unquoted token after a comparison operator is a
 * string ({@code externalId eq jyoung}); Entra's {@code emails[type eq "work"].value eq "x"} is
 * folded into {@code emails[type eq "work" and value eq "x"]}; any amount of blank space separates
 * tokens. Error positions are 1-based character positions in the filter text.
 */
public final class FilterParser {
    private static final String OPERATORS = "(eq, ne, co, sw, ew, gt, ge, lt, le, pr)";
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** Deeper nesting is refused rather than risking a stack overflow (a 500) on hostile input. */
    static final int MAX_DEPTH = 50;
    /** And/or chains become trees as deep as they are long; every later pass recurses over them. */
    static final int MAX_TERMS = 200;

    private final String text;
    private int pos;
    private int depth;
    private int terms;

    private FilterParser(String text) {
        this.text = text;
    }

    /** Parses a complete filter; every syntax error is {@link ScimException#invalidFilter}. */
    public static Filter parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidFilter("Invalid filter: the filter is empty");
        }
        FilterParser parser = new FilterParser(text);
        Filter filter = parser.parseOr(false);
        parser.skipBlanks();
        if (parser.pos < text.length()) {
            throw parser.error("expected \"and\", \"or\" or the end of the filter");
        }
        return filter;
    }

    /**
     * Parses a bare attribute path ({@code userName}, {@code name.givenName},
     * {@code urn:…:User:manager.value}), as used by PATCH paths and {@code sortBy}. The schema URN
     * is everything before the last ':'. Names must be RFC 7643 ATTRNAMEs ({@code $ref} is also
     * accepted). Errors are {@link ScimException#invalidPath}.
     */
    public static AttributePath parseAttributePath(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("The attribute path is empty");
        }
        try {
            return toPath(text.strip(), 0);
        } catch (ScimException e) {
            throw ScimException.invalidPath(e.detail());
        }
    }

    // filter = andExpr *("or" andExpr)
    private Filter parseOr(boolean inValuePath) {
        Filter left = parseAnd(inValuePath);
        while (peekKeyword("or")) {
            pos += 2;
            left = new Filter.Or(left, parseAnd(inValuePath));
        }
        return left;
    }

    private Filter parseAnd(boolean inValuePath) {
        Filter left = parseUnary(inValuePath);
        while (peekKeyword("and")) {
            pos += 3;
            left = new Filter.And(left, parseUnary(inValuePath));
        }
        return left;
    }

    private Filter parseUnary(boolean inValuePath) {
        skipBlanks();
        if (pos >= text.length()) {
            throw error("expected an attribute path, \"not\" or \"(\"");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            enter();
            Filter inner = parseOr(inValuePath);
            expect(')');
            depth--;
            return inner;
        }
        if (startsWithWord("not")) {
            int save = pos;
            pos += 3;
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                enter();
                Filter inner = parseOr(inValuePath);
                expect(')');
                depth--;
                return new Filter.Not(inner);
            }
            pos = save;
            // "not" followed by an operator is an attribute named "not"; anything else is a misplaced "not"
            int after = save + 3;
            while (after < text.length() && isBlank(text.charAt(after))) {
                after++;
            }
            String next = word(after);
            boolean attributeNamedNot = isOperator(next) || (save + 3 < text.length() && text.charAt(save + 3) == '[');
            if (!attributeNamedNot) {
                pos = after;
                throw error("expected \"(\" after \"not\"");
            }
        }
        return parseAttributeExpression(inValuePath);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw errorAt(pos - 1, "the filter nests parentheses more than " + MAX_DEPTH + " levels deep");
        }
    }

    private Filter parseAttributeExpression(boolean inValuePath) {
        int start = pos;
        if (++terms > MAX_TERMS) {
            throw error("the filter has more than " + MAX_TERMS + " comparisons");
        }
        while (pos < text.length() && isPathChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected an attribute path");
        }
        AttributePath path = toPath(text.substring(start, pos), start);
        if (pos < text.length() && text.charAt(pos) == '[') {
            if (inValuePath) {
                throw error("a value path cannot be nested inside another value path");
            }
            if (path.hasSubAttribute()) {
                throw errorAt(start, "a value path must name an attribute without sub-attribute, found \""
                        + path + "\"");
            }
            pos++;
            Filter inner = parseOr(true);
            expect(']');
            if (pos < text.length() && text.charAt(pos) == '.') {
                // Entra: emails[type eq "work"].value eq "x" — a condition on the same element
                pos++;
                int subStart = pos;
                while (pos < text.length() && isNameChar(text.charAt(pos))) {
                    pos++;
                }
                String sub = text.substring(subStart, pos);
                checkName(sub, subStart);
                Filter condition = parseOperatorAndValue(AttributePath.of(sub));
                return new Filter.ValuePath(path, new Filter.And(inner, condition));
            }
            return new Filter.ValuePath(path, inner);
        }
        return parseOperatorAndValue(path);
    }

    private Filter parseOperatorAndValue(AttributePath path) {
        int beforeBlanks = pos;
        skipBlanks();
        String op = word(pos);
        if (!isOperator(op)) {
            String found = pos >= text.length() ? null : token(pos);
            throw error("expected a comparison operator " + OPERATORS + " but found " + describe(found));
        }
        if (pos == beforeBlanks) {
            throw error("expected a blank before the comparison operator");
        }
        pos += op.length();
        if (op.equalsIgnoreCase("pr")) {
            return new Filter.Present(path);
        }
        CompareOp compareOp = CompareOp.valueOf(op.toUpperCase(Locale.ROOT));
        int afterOp = pos;
        skipBlanks();
        if (pos >= text.length()) {
            throw error("expected a value after \"" + op + "\" but found the end of the filter");
        }
        if (pos == afterOp && text.charAt(pos) != '"') {
            throw error("expected a blank after \"" + op + "\"");
        }
        return new Filter.Compare(path, compareOp, parseValue());
    }

    private CompValue parseValue() {
        char c = text.charAt(pos);
        if (c == '"') {
            return new CompValue.StringValue(parseString());
        }
        int start = pos;
        while (pos < text.length() && !isBlank(text.charAt(pos)) && text.charAt(pos) != ')'
                && text.charAt(pos) != ']' && text.charAt(pos) != '(' && text.charAt(pos) != '[') {
            pos++;
        }
        String bare = text.substring(start, pos);
        if (bare.isEmpty()) {
            throw error("expected a value (a JSON string, number, true, false or null) but found "
                    + describe(String.valueOf(c)));
        }
        switch (bare.toLowerCase(Locale.ROOT)) {
            case "true":
                return new CompValue.BooleanValue(true);
            case "false":
                return new CompValue.BooleanValue(false);
            case "null":
                return new CompValue.NullValue();
            default:
                break;
        }
        if (NUMBER.matcher(bare).matches()) {
            return new CompValue.NumberValue(new BigDecimal(bare));
        }
        if (bare.indexOf('"') >= 0) {
            throw errorAt(start, "expected a value but found " + describe(bare));
        }
        // leniency: a bare token is a string (externalId eq jyoung)
        return new CompValue.StringValue(bare);
    }

    private String parseString() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(start, "unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw errorAt(start, "unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw errorAt(pos - 2, "expected four hex digits after \\u");
                        }
                        String hex = text.substring(pos, pos + 4);
                        try {
                            out.append((char) Integer.parseInt(hex, 16));
                        } catch (NumberFormatException nfe) {
                            throw errorAt(pos - 2, "expected four hex digits after \\u but found \"" + hex + "\"");
                        }
                        if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                            throw errorAt(pos - 2, "expected four hex digits after \\u but found \"" + hex + "\"");
                        }
                        pos += 4;
                    }
                    default -> throw errorAt(pos - 2, "invalid escape \\" + e + " in string");
                }
            } else if (c < 0x20) {
                throw errorAt(pos - 1, "control character in string (must be escaped)");
            } else {
                out.append(c);
            }
        }
    }

    /** Splits {@code [urn:…:]attr[.sub]}: the URN ends at the last ':' (URNs contain dots, e.g. "2.0"). */
    private static AttributePath toPath(String raw, int start) {
        String urn = null;
        String rest = raw;
        int colon = raw.lastIndexOf(':');
        if (colon >= 0) {
            urn = raw.substring(0, colon);
            rest = raw.substring(colon + 1);
            if (!urn.regionMatches(true, 0, "urn:", 0, 4) || urn.length() <= 4) {
                throw errorAt(raw, start, "expected a schema URN (urn:…) before ':' in \"" + raw + "\"");
            }
        }
        int offset = start + (colon + 1);
        String attribute = rest;
        String sub = null;
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            attribute = rest.substring(0, dot);
            sub = rest.substring(dot + 1);
            if (sub.indexOf('.') >= 0) {
                throw errorAt(raw, offset + dot + 1 + sub.indexOf('.'),
                        "an attribute path has at most one sub-attribute, found \"" + raw + "\"");
            }
            checkName(raw, sub, offset + dot + 1);
        }
        checkName(raw, attribute, offset);
        return new AttributePath(urn, attribute, sub);
    }

    private void checkName(String name, int at) {
        checkName(text, name, at);
    }

    private static void checkName(String text, String name, int at) {
        if (name.isEmpty()) {
            throw errorAt(text, at, "expected an attribute name");
        }
        if (name.equals("$ref")) {
            return;
        }
        char first = name.charAt(0);
        if (!isAlpha(first)) {
            throw errorAt(text, at, "an attribute name must start with a letter, found \"" + name + "\"");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw errorAt(text, at + i, "invalid character '" + c + "' in attribute name \"" + name + "\"");
            }
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '$';
    }

    private static boolean isPathChar(char c) {
        return isNameChar(c) || c == '.' || c == ':';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isOperator(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr" -> true;
            default -> false;
        };
    }

    /** The run of letters at {@code at}, followed by something that ends a word. */
    private String word(int at) {
        int end = at;
        while (end < text.length() && isAlpha(text.charAt(end))) {
            end++;
        }
        if (end < text.length() && isPathChar(text.charAt(end))) {
            return text.substring(at, end) + text.charAt(end); // not a keyword: letters run on
        }
        return text.substring(at, end);
    }

    /** A whole blank-delimited token, for error messages. */
    private String token(int at) {
        int end = at;
        while (end < text.length() && !isBlank(text.charAt(end))) {
            end++;
        }
        return text.substring(at, Math.max(end, Math.min(at + 1, text.length())));
    }

    private boolean startsWithWord(String keyword) {
        return text.regionMatches(true, pos, keyword, 0, keyword.length())
                && (pos + keyword.length() >= text.length() || !isPathChar(text.charAt(pos + keyword.length())));
    }

    /** True when blanks and then {@code keyword} (as a whole word) follow; leaves pos after the blanks. */
    private boolean peekKeyword(String keyword) {
        int save = pos;
        skipBlanks();
        boolean separated = pos > save || (save > 0 && ")]\"".indexOf(text.charAt(save - 1)) >= 0);
        if (separated && startsWithWord(keyword)) {
            int end = pos + keyword.length();
            if (end >= text.length() || isBlank(text.charAt(end)) || text.charAt(end) == '(') {
                return true;
            }
        }
        pos = save;
        return false;
    }

    private void expect(char c) {
        skipBlanks();
        if (pos >= text.length() || text.charAt(pos) != c) {
            String expected = c == ')' ? "\")\", \"and\" or \"or\"" : "\"" + c + "\", \"and\" or \"or\"";
            throw error("expected " + expected + " but found "
                    + describe(pos >= text.length() ? null : token(pos)));
        }
        pos++;
    }

    private void skipBlanks() {
        while (pos < text.length() && isBlank(text.charAt(pos))) {
            pos++;
        }
    }

    private static String describe(String found) {
        return found == null ? "the end of the filter" : "\"" + found + "\"";
    }

    private ScimException error(String what) {
        return errorAt(pos, what);
    }

    private ScimException errorAt(int at, String what) {
        return errorAt(text, at, what);
    }

    private static ScimException errorAt(String text, int at, String what) {
        return ScimException.invalidFilter("Invalid filter at position " + (at + 1) + ": " + what);
    }
}
