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
 * An audio file named on the command line; the audio counterpart of {@link ImageFile}. Every file is checked before
 * the first call, so a missing one is a usage error (exit 2) and no call is made; the bytes are read only when the
 * file's own call is made (all at once for EmbedAudio, one call).
 */
record AudioFile(String name, Path path, String mimeType, long size) {

    /** By extension; anything else is sent with an empty MIME type, which tells the service to sniff the bytes. */
    private static final Map<String, String> MIME_TYPES = Map.of(
            "wav", "audio/wav",
            "wave", "audio/wav",
            "rf64", "audio/rf64",
            "flac", "audio/flac",
            "mp3", "audio/mpeg",
            "ogg", "audio/ogg",
            "oga", "audio/ogg");

    static List<AudioFile> check(CommandLine commandLine, List<String> names) {
        List<AudioFile> files = new ArrayList<>(names.size());
        for (String name : names) {
            files.add(check(commandLine, name));
        }
        return files;
    }

    /** Checks that the file exists and can be read; a UsageException (exit 2) otherwise. */
    static AudioFile check(CommandLine commandLine, String name) {
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
            throw new UsageException(commandLine, "Audio file '" + name + "': " + problem);
        }
        return new AudioFile(name, path, mimeTypeOf(name), size);
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot < name.lastIndexOf('/') || dot < name.lastIndexOf('\\')) {
            return "";
        }
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String mimeTypeOf(String name) {
        return MIME_TYPES.getOrDefault(extension(name), "");
    }

    byte[] read() throws IOException {
        return Files.readAllBytes(path);
    }

    Media media() throws IOException {
        return Media.newBuilder().setData(ByteString.copyFrom(read())).setMimeType(mimeType).build();
    }
}
