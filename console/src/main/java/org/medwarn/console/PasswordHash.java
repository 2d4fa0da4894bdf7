package org.medwarn.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the users file: PBKDF2-HMAC-SHA256 (JDK {@link SecretKeyFactory}) with a
 * random 16-byte salt, 32-byte key, written as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and
 * hash in base64 without padding), so the salt and the work factor travel with each hash and can be
 * raised later user by user.
 *
 * <p>{@code main}: {@code ./medwarn hash-password} (or {@code java -cp … PasswordHash}) reads a
 * password from the terminal (or one line of standard input) and prints its hash.
 */
public final class PasswordHash {

    public static final String SCHEME = "pbkdf2-sha256";

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHash() {}

    /** A new hash of {@code password} with a fresh salt. */
    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "iterations: " + iterations + " is below " + MIN_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME
                + "$"
                + iterations
                + "$"
                + B64.encodeToString(salt)
                + "$"
                + B64.encodeToString(derive(password, salt, iterations, KEY_BITS));
    }

    /**
     * Whether {@code password} matches {@code stored} (compared in constant time).
     *
     * @throws IllegalArgumentException if {@code stored} is not a hash of this format
     */
    public static boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        byte[] actual = derive(password, p.salt, p.iterations, p.hash.length * 8);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** Checks the format of a stored hash; the message names what is wrong (never the hash). */
    static void check(String stored) {
        parse(stored);
    }

    /** The iterations of a stored hash. */
    static int iterations(String stored) {
        return parse(stored).iterations;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException(
                    "password_hash: not '"
                            + SCHEME
                            + "$ITERATIONS$SALT$HASH' (./medwarn hash-password)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "password_hash: iterations '" + parts[1] + "' is not a whole number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "password_hash: iterations " + iterations + " is below " + MIN_ITERATIONS);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException(
                        "password_hash: salt or hash too short ("
                                + salt.length
                                + ", "
                                + hash.length
                                + " bytes)");
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("password_hash")) {
                throw e;
            }
            throw new IllegalArgumentException("password_hash: salt or hash is not base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * {@code hash-password [--iterations N]}: prints the hash of a password read without echo from
     * the terminal, or of the first line of standard input when there is no terminal.
     */
    public static void main(String[] args) throws IOException {
        int iterations = DEFAULT_ITERATIONS;
        if (args.length == 2 && args[0].equals("--iterations")) {
            iterations =
                    Params.intIn(
                            "--iterations",
                            args[1],
                            DEFAULT_ITERATIONS,
                            MIN_ITERATIONS,
                            100_000_000);
        } else if (args.length != 0) {
            System.err.println(
                    "usage: hash-password [--iterations N]   (password from the terminal or stdin)");
            System.exit(2);
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (password == null || !Arrays.equals(password, again)) {
                System.err.println("hash-password: the two passwords differ");
                System.exit(2);
            }
        } else {
            String line =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("hash-password: empty password");
            System.exit(2);
        }
        System.out.println(hash(password, iterations));
    }
}
