package dev.provisioning.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets of the console (session cookie, sign-in ticket, CSRF token) and their stored form. */
final class ConsoleSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSecrets() {
    }

    /** 256 random bits, URL-safe. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the database keeps of a secret: its SHA-256. */
    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
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
