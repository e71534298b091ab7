package dev.provisioning.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: 256 random bits, URL-safe, prefixed so that secret scanners recognise them.
 * Only the SHA-256 hash is stored; the secret is shown once.
 */
public final class ApiTokens {
    public static final String PREFIX = "scim_";

    /**
     * One SHA-256 instance per thread (digest() resets it): every SCIM request hashes its key, and looking the
     * algorithm up in the security providers each time showed in the lookup's profile.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    });

    private ApiTokens() {
    }

    public static String generate() {
        return generate(PREFIX);
    }

    /** A secret of the same strength under another prefix (e.g. OAuth client secrets). */
    public static String generate(String prefix) {
        byte[] secret = new byte[32];
        Entropy.RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Holds the generator apart from {@link ApiTokens} so that it is created on first use in the
     * running process. A native image initialises application classes at build time; a
     * {@code SecureRandom} seeded then would be frozen into the image heap and every process
     * started from that image would draw the same secrets. GraalVM refuses such an image, and
     * {@code src/main/resources/application.properties} declares this holder as initialised at
     * run time ({@code quarkus.native.additional-build-args}).
     */
    static final class Entropy {
        static final SecureRandom RANDOM = new SecureRandom();

        private Entropy() {
        }
    }

    /** Lower-case hex SHA-256 of the token. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    public static byte[] digest(String token) {
        return SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The last four characters, shown in key lists so that an administrator can tell keys apart. */
    public static String hint(String token) {
        return token.substring(Math.max(0, token.length() - 4));
    }

    /** Constant-time comparison of two digests. */
    public static boolean sameDigest(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
