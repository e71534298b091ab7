package dev.provisioning.scim.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of what a client sent an error {@code detail} may repeat (product.md §9): at most
 * {@link #MAX_QUOTED} characters of any one input, so that a hostile request of megabytes is never
 * echoed back (nor into logs that copy details). Details quote input between single or double
 * quotes; {@link #limit} shortens every quoted run beyond the limit, and caps a whole detail at
 * {@link #MAX_DETAIL} characters as a last resort for input quoted any other way.
 */
public final class InputQuotes {
    public static final int MAX_QUOTED = 200;
    static final int MAX_DETAIL = 1000;
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (MAX_QUOTED + 1) + ",})'|\"([^\"]{" + (MAX_QUOTED + 1) + ",})\"");

    private InputQuotes() {
    }

    /** {@code text} as an error detail may quote it: its first {@link #MAX_QUOTED} characters, then "…". */
    public static String quote(String text) {
        return cut(text, MAX_QUOTED);
    }

    /** A detail with every quoted run shortened to {@link #MAX_QUOTED} characters, and at most {@link #MAX_DETAIL} in all. */
    public static String limit(String detail) {
        if (detail == null || detail.length() <= MAX_QUOTED) {
            return detail;
        }
        Matcher quoted = QUOTED.matcher(detail);
        StringBuilder shortened = new StringBuilder(Math.min(detail.length(), MAX_DETAIL + 1));
        while (quoted.find()) {
            char mark = quoted.group(1) != null ? '\'' : '"';
            String inside = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
            quoted.appendReplacement(shortened, Matcher.quoteReplacement(mark + quote(inside) + mark));
        }
        quoted.appendTail(shortened);
        return cut(shortened.toString(), MAX_DETAIL);
    }

    /** The first {@code max} characters (never half a surrogate pair) and "…", or the text when it is short enough. */
    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
