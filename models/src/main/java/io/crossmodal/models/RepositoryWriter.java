package io.crossmodal.models;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The preparer's write access to the model repository {@code <root>/<model-name>/<version>/}: layout, lock,
 * staging and atomic install (services read it with {@code io.crossmodal.runtime.repository.ModelRepository}).
 * Names starting with a dot are the preparer's own (caches, staging folders, the lock) and are not models.
 *
 * <p>A version folder is staged in a hidden sibling ({@code .<version>.partial-*}) and renamed into place when
 * complete, so an interrupted run never leaves a half-written folder under the version's name.
 */
public final class RepositoryWriter {

    static final String PARTIAL_MARK = ".partial-";
    static final String REPLACED_MARK = ".replaced-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public RepositoryWriter(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path versionDirectory(CatalogEntry entry) {
        return root.resolve(entry.name()).resolve(entry.version());
    }

    /** Where npm tarballs are kept. */
    public Path npmCache() {
        return root.resolve(".cache").resolve("npm");
    }

    /** An empty folder (no pom.xml) to run child Maven processes in. */
    public Path scratchDirectory() {
        return root.resolve(".cache").resolve("work");
    }

    /**
     * Takes the repository lock (a file lock on {@code <root>/.lock}), waiting for another preparer to finish.
     * Close the returned lock to release it.
     */
    public AutoCloseable lock(java.io.PrintWriter log) throws IOException {
        Files.createDirectories(root);
        FileChannel channel =
                FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                log.println("waiting for another preparer to release " + root.resolve(".lock"));
                log.flush();
                lock = channel.lock();
            }
            FileLock held = lock;
            return () -> {
                try {
                    held.release();
                } finally {
                    channel.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A new, empty staging folder next to where the entry's version folder goes. Created with the ordinary
     * permissions (umask), not the owner-only ones of {@link Files#createTempDirectory}, since it becomes the
     * version folder that services, possibly running as another user, read.
     */
    Path newStagingDirectory(CatalogEntry entry) throws IOException {
        Path parent = versionDirectory(entry).getParent();
        Files.createDirectories(parent);
        return createUnique(parent, "." + entry.version() + PARTIAL_MARK);
    }

    private static Path createUnique(Path parent, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = parent.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Deletes staging and replaced folders an interrupted run left for this entry. Call with the lock held. */
    void removeLeftovers(CatalogEntry entry) throws IOException {
        Path parent = versionDirectory(entry).getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, "." + entry.version() + ".*")) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith("." + entry.version() + PARTIAL_MARK)
                        || name.startsWith("." + entry.version() + REPLACED_MARK)) {
                    FileTrees.deleteRecursively(child);
                }
            }
        }
    }

    /**
     * Renames a complete staging folder to the version folder. An existing version folder is first renamed
     * aside and deleted afterwards; in between, the version folder is absent, never incomplete.
     */
    void install(Path staging, Path versionDirectory) throws IOException {
        Path replaced = null;
        if (Files.exists(versionDirectory)) {
            replaced = createUnique(versionDirectory.getParent(), "." + versionDirectory.getFileName() + REPLACED_MARK);
            Files.delete(replaced);
            move(versionDirectory, replaced);
        }
        try {
            move(staging, versionDirectory);
        } catch (IOException e) {
            if (replaced != null) {
                move(replaced, versionDirectory);
            }
            throw e;
        }
        if (replaced != null) {
            FileTrees.deleteRecursively(replaced);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }
}
