package dev.provisioning.console;

import dev.provisioning.security.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Random secrets of the console (session cookie, sign-in ticket, CSRF token) and their stored form.
 * They come from the API keys' generator, whose {@code SecureRandom} is created in the running
 * process (a native image must not carry a seeded one in its heap: see {@link ApiTokens}).
 */
final class ConsoleSecrets {
    private ConsoleSecrets() {
    }

    /** 256 random bits, URL-safe. */
    static String newSecret() {
        return ApiTokens.generate("");
    }

    /** What the database keeps of a secret: its SHA-256. */
    static byte[] hash(String secret) {
        return ApiTokens.digest(secret);
    }

    /** Constant-time comparison of a sent secret with the expected one. */
    static boolean matches(String expected, String sent) {
        if (expected == null || sent == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** A secret as it may appear in a cookie or form: URL-safe base64 of sensible length, nothing else. */
    static boolean wellFormed(String secret) {
        return secret != null && secret.length() >= 20 && secret.length() <= 100 && secret.matches("[A-Za-z0-9_-]+");
    }
}
