package io.dbdock.storage;

import io.dbdock.common.UserFacingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Instance passwords: generated strong and URL-safe, kept in a 0600 file in the instance's own
 * folder under the 0700 data root. This file is dbdock's copy; containers get theirs as files.
 */
public final class Secrets {
    public static final String FILE_NAME = "password";

    private Secrets() {
    }

    /** Made at the first password generated: reading one (every `dbdock url`) needs no security providers. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** 24 random bytes as URL-safe Base64: 32 characters, about 190 bits. */
    public static String generate() {
        byte[] bytes = new byte[24];
        Random.INSTANCE.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Every engine accepts this much; MySQL's own limit is far above it. */
    public static final int MAX_LENGTH = 1024;

    /** Why a password chosen by the user cannot be used, or null if it can. */
    public static String problemWith(String password) {
        if (password == null || password.isEmpty()) {
            return "The password is empty. Give one, or leave it out and dbdock generates a strong one.";
        }
        if (password.length() > MAX_LENGTH) {
            return "The password is longer than " + MAX_LENGTH + " characters.";
        }
        for (char c : password.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return "The password contains a control character (such as a line break); use printable characters only.";
            }
        }
        return null;
    }

    public static void write(Path home, String password) {
        Path file = home.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            io.dbdock.store.AtomicFiles.restrictToOwnerQuietly(file);
            Files.writeString(file, password, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot write the password file " + file + ": " + e.getMessage(), e);
        }
    }

    public static String read(Path home) {
        Path file = home.resolve(FILE_NAME);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot read the password file " + file
                    + ". It may have been removed; the instance's data keeps its original password.", e);
        }
    }
}
