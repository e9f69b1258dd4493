package io.crossmodal.audio.decode;

import java.nio.ByteBuffer;

/** ID3v2 tags in front of MP3 (and sometimes FLAC) data: skipped by their declared sizes, never read. */
final class Id3 {

    /** Returned by {@link #skipId3v2Tags} when a tag is malformed or runs past the end of the data. */
    static final long BAD_TAG = -1;

    /** More consecutive tags than any real file has. */
    private static final int MAX_TAGS = 16;

    private Id3() {}

    /**
     * The offset just after the ID3v2 tags that start {@code b} (0 when there is none), or {@link #BAD_TAG} when a
     * tag's header is malformed (a size byte with its top bit set, version 0xFF) or its declared size runs past the
     * end of the data. The size is a 28-bit "syncsafe" integer, plus 10 bytes of header and 10 of footer if flagged.
     */
    static long skipId3v2Tags(ByteBuffer b) {
        long pos = 0;
        for (int tags = 0; tags < MAX_TAGS; tags++) {
            if (!AudioContainer.startsWith(b, (int) pos, "ID3")) {
                return pos;
            }
            if (pos + 10 > b.remaining()) {
                return BAD_TAG;
            }
            int p = (int) pos;
            int version = b.get(p + 3) & 0xff;
            int revision = b.get(p + 4) & 0xff;
            int flags = b.get(p + 5) & 0xff;
            int size = 0;
            for (int i = 0; i < 4; i++) {
                int x = b.get(p + 6 + i) & 0xff;
                if ((x & 0x80) != 0) {
                    return BAD_TAG;
                }
                size = size << 7 | x;
            }
            if (version == 0xFF || revision == 0xFF) {
                return BAD_TAG;
            }
            long end = pos + 10 + size + ((flags & 0x10) != 0 ? 10 : 0);
            if (end > b.remaining()) {
                return BAD_TAG;
            }
            pos = end;
        }
        return pos;
    }
}
