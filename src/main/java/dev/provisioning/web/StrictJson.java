package dev.provisioning.web;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provisioning.scim.message.InputQuotes;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads request bodies (SCIM and admin) as JSON trees, refusing what a hostile client could use to
 * hurt the service or smuggle in values PostgreSQL would refuse later as a 5xx (product.md §9):
 * bytes that are not strict UTF-8 ({@link Utf8}), nesting deeper than {@value #MAX_DEPTH} levels,
 * duplicate keys (which would otherwise silently keep the last), numbers longer than
 * {@value #MAX_NUMBER_LENGTH} characters or with a decimal exponent beyond ±{@value #MAX_EXPONENT}
 * (PostgreSQL's {@code numeric} overflows, and printing one in plain digits takes as much memory as
 * the exponent says), and strings or keys holding U+0000 or an unpaired surrogate (JSON escapes can
 * spell both; {@code jsonb} and {@code text} refuse them). Error messages quote at most
 * {@link InputQuotes#MAX_QUOTED} characters of the input.
 */
public final class StrictJson {
    public static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_EXPONENT = 1000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .errorReportConfiguration(ErrorReportConfiguration.builder()
                            .maxErrorTokenLength(InputQuotes.MAX_QUOTED)
                            .maxRawContentLength(0)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private StrictJson() {
    }

    /** Why a body was refused; the message is meant for the client. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The body's JSON tree (null for an empty body). */
    public static JsonNode read(byte[] body) throws Invalid {
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw new Invalid("The request body is not valid UTF-8 (RFC 3629): byte " + invalid
                    + " starts an invalid, overlong, surrogate or out-of-range sequence");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid("The request body could not be read");
        }
        if (tree != null) {
            checkValues(tree);
        }
        return tree;
    }

    /** Walks the tree iteratively (its depth is bounded, but a stack costs nothing here). */
    private static void checkValues(JsonNode root) throws Invalid {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    checkText(field.getKey(), "A key");
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            } else if (node.isTextual()) {
                checkText(node.textValue(), "A string");
            } else if (node.isBigDecimal()) {
                BigDecimal value = node.decimalValue();
                long exponent = (long) value.precision() - value.scale() - 1;
                if (value.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT) {
                    throw new Invalid("A number is too large or too small: its decimal exponent is beyond ±" + MAX_EXPONENT);
                }
            }
        }
    }

    private static void checkText(String text, String what) throws Invalid {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new Invalid(what + " holds the character U+0000, which cannot be stored");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw new Invalid(what + " holds an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not a character");
                }
                i++;
            }
        }
    }
}
