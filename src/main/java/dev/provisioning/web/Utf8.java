package dev.provisioning.web;

/**
 * Strict UTF-8 as RFC 3629 §4 defines it: no overlong forms, no encoded surrogates (U+D800–U+DFFF),
 * nothing above U+10FFFF, no truncated sequences. JSON parsers decode some of these leniently into
 * characters that were never sent (and that PostgreSQL would then refuse), so SCIM bodies are checked
 * here before they are parsed (product.md §9).
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that is not part of a well-formed sequence, or -1 when all are. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int length = bytes.length;
        while (i < length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int needed;
            int lowest = 0x80;
            int highest = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                if (b == 0xE0) {
                    lowest = 0xA0;       // below: overlong
                } else if (b == 0xED) {
                    highest = 0x9F;      // above: a surrogate
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                if (b == 0xF0) {
                    lowest = 0x90;       // below: overlong
                } else if (b == 0xF4) {
                    highest = 0x8F;      // above: beyond U+10FFFF
                }
            } else {
                return i;                // 80–C1 (continuation or overlong lead), F5–FF
            }
            if (i + needed >= length) {
                return i;                // truncated at the end
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < lowest || second > highest) {
                return i;
            }
            for (int k = 2; k <= needed; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += needed + 1;
        }
        return -1;
    }
}
