package io.crossmodal.cli;

import com.google.protobuf.ByteString;
import io.crossmodal.common.v1.Media;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * An image or audio file named on the command line. Every file is checked before the first call, so a typo in the
 * last of ten names is a usage error (exit 2) and not nine calls followed by a failure; the bytes are read only when
 * the file's own call is made, so a long list is never all in memory at once (except for the Embed calls, one call
 * for all files).
 */
record InputFile(String name, Path path, String mimeType, long size) {

    /** What the files hold: how they are named in messages and which extensions map to which MIME types. */
    enum Kind {
        IMAGE(
                "Image",
                Map.of(
                        "png", "image/png",
                        "jpg", "image/jpeg",
                        "jpeg", "image/jpeg",
                        "gif", "image/gif",
                        "bmp", "image/bmp",
                        "webp", "image/webp",
                        "tif", "image/tiff",
                        "tiff", "image/tiff")),
        AUDIO(
                "Audio",
                Map.of(
                        "wav", "audio/wav",
                        "wave", "audio/wav",
                        "rf64", "audio/rf64",
                        "flac", "audio/flac",
                        "mp3", "audio/mpeg",
                        "ogg", "audio/ogg",
                        "oga", "audio/ogg"));

        private final String noun;
        private final Map<String, String> mimeTypes;

        Kind(String noun, Map<String, String> mimeTypes) {
            this.noun = noun;
            this.mimeTypes = mimeTypes;
        }

        /** Checks that every file exists and can be read; a UsageException (exit 2) otherwise. */
        List<InputFile> check(CommandLine commandLine, List<String> names) {
            List<InputFile> files = new ArrayList<>(names.size());
            for (String name : names) {
                files.add(check(commandLine, name));
            }
            return files;
        }

        InputFile check(CommandLine commandLine, String name) {
            Path path = Path.of(name);
            String problem = null;
            long size = 0;
            if (!Files.exists(path)) {
                problem = "no such file";
            } else if (Files.isDirectory(path)) {
                problem = "it is a directory";
            } else if (!Files.isRegularFile(path)) {
                problem = "not a regular file";
            } else {
                // Files.isReadable is true for root whatever the mode bits say: opening the file is the real test
                try (var in = Files.newInputStream(path)) {
                    size = Files.size(path);
                } catch (IOException e) {
                    problem = "cannot be read (" + e.getMessage() + ")";
                }
            }
            if (problem != null) {
                throw new UsageException(commandLine, noun + " file '" + name + "': " + problem);
            }
            return new InputFile(name, path, mimeTypeOf(name), size);
        }

        /** The MIME type of the file's extension, or "" (the service then recognises the format itself). */
        String mimeTypeOf(String name) {
            return mimeTypes.getOrDefault(extension(name), "");
        }
    }

    /** The lower-case extension of the file name, or "" when it has none. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot < name.lastIndexOf('/') || dot < name.lastIndexOf('\\')) {
            return "";
        }
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    byte[] read() throws IOException {
        return Files.readAllBytes(path);
    }

    Media media() throws IOException {
        return Media.newBuilder()
                .setData(ByteString.copyFrom(read()))
                .setMimeType(mimeType)
                .build();
    }
}
