package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;

/**
 * Checks a Vorbis setup header (Vorbis I specification, section 4.2.4) before JOrbis unpacks it: JOrbis allocates
 * codebook tables, residue decode maps and per-packet partition arrays from sizes in this header without bounds
 * (a 100-byte header can ask for gigabytes). The whole header is parsed here with the specification's rules, and the
 * sizes that drive allocation are bounded: codebook entries ({@value #MAX_ENTRIES_PER_BOOK} per book,
 * {@value #MAX_ENTRIES_TOTAL} in all), entries x dimensions of lookup tables ({@value #MAX_VALUES_PER_BOOK} per book,
 * {@value #MAX_VALUES_TOTAL} in all), a residue's classifications ^ classbook dimensions
 * ({@value #MAX_RESIDUE_PARTVALS}) and its end (within the largest block), floor 1 points (65). Real encoders stay
 * far below these (libvorbis: a few hundred entries per book, partvals of at most a few thousand).
 */
final class VorbisSetup {

    static final int MAX_ENTRIES_PER_BOOK = 1 << 16;
    static final int MAX_ENTRIES_TOTAL = 1 << 20;
    static final long MAX_VALUES_PER_BOOK = 1 << 20;
    static final long MAX_VALUES_TOTAL = 1 << 22;
    static final long MAX_RESIDUE_PARTVALS = 1 << 16;

    private final Bits in;
    private final int channels;
    private final int blocksize1;
    private int[] bookDims;

    private VorbisSetup(byte[] packet, int offset, int length, int channels, int blocksize1) {
        this.in = new Bits(packet, offset, length);
        this.channels = channels;
        this.blocksize1 = blocksize1;
    }

    /** Throws CORRUPT when the setup packet is malformed or asks for more than the bounds. */
    static void check(byte[] packet, int offset, int length, int channels, int blocksize1) throws AudioDecodeException {
        new VorbisSetup(packet, offset, length, channels, blocksize1).parse();
    }

    private static AudioDecodeException corrupt(String what) {
        return new AudioDecodeException(
                Reason.CORRUPT, "the ogg file's Vorbis setup header is corrupt or hostile: " + what);
    }

    private void parse() throws AudioDecodeException {
        if (in.read(8) != 5
                || in.read(8) != 'v'
                || in.read(8) != 'o'
                || in.read(8) != 'r'
                || in.read(8) != 'b'
                || in.read(8) != 'i'
                || in.read(8) != 's') {
            throw corrupt("not a setup header");
        }
        codebooks();
        int times = in.read(6) + 1;
        for (int i = 0; i < times; i++) {
            if (in.read(16) != 0) {
                throw corrupt("time domain transform type is not 0");
            }
        }
        int floors = in.read(6) + 1;
        for (int i = 0; i < floors; i++) {
            floor();
        }
        int residues = in.read(6) + 1;
        for (int i = 0; i < residues; i++) {
            residue();
        }
        int mappings = in.read(6) + 1;
        for (int i = 0; i < mappings; i++) {
            mapping(floors, residues);
        }
        int modes = in.read(6) + 1;
        for (int i = 0; i < modes; i++) {
            in.read(1);
            if (in.read(16) != 0 || in.read(16) != 0) {
                throw corrupt("mode window or transform type is not 0");
            }
            if (in.read(8) >= mappings) {
                throw corrupt("mode names a mapping that does not exist");
            }
        }
        if (in.read(1) != 1) {
            throw corrupt("framing bit not set");
        }
    }

    private void codebooks() throws AudioDecodeException {
        int count = in.read(8) + 1;
        bookDims = new int[count];
        long totalEntries = 0;
        long totalValues = 0;
        for (int b = 0; b < count; b++) {
            if (in.read(24) != 0x564342) {
                throw corrupt("codebook " + b + " has no sync pattern");
            }
            int dims = in.read(16);
            int entries = in.read(24);
            if (dims < 1 || entries < 1) {
                throw corrupt("codebook " + b + " has " + dims + " dimensions and " + entries + " entries");
            }
            if (entries > MAX_ENTRIES_PER_BOOK) {
                throw corrupt("codebook " + b + " has " + entries + " entries, more than " + MAX_ENTRIES_PER_BOOK);
            }
            totalEntries += entries;
            if (totalEntries > MAX_ENTRIES_TOTAL) {
                throw corrupt("the codebooks have more than " + MAX_ENTRIES_TOTAL + " entries in all");
            }
            bookDims[b] = dims;
            boolean ordered = in.read(1) == 1;
            if (ordered) {
                in.read(5);
                int current = 0;
                while (current < entries) {
                    int number = in.read(ilog(entries - current));
                    current += number;
                    if (current > entries) {
                        throw corrupt("codebook " + b + " has more ordered lengths than entries");
                    }
                    in.check();
                }
            } else {
                boolean sparse = in.read(1) == 1;
                for (int e = 0; e < entries; e++) {
                    if (!sparse || in.read(1) == 1) {
                        in.read(5);
                    }
                }
                in.check();
            }
            int lookup = in.read(4);
            if (lookup == 1 || lookup == 2) {
                in.read(32);
                in.read(32);
                int valueBits = in.read(4) + 1;
                in.read(1);
                long values = lookup == 1 ? lookup1Values(entries, dims) : (long) entries * dims;
                long table = (long) entries * dims;
                if (table > MAX_VALUES_PER_BOOK) {
                    throw corrupt("codebook " + b + " has a lookup table of " + table + " values, more than "
                            + MAX_VALUES_PER_BOOK);
                }
                totalValues += table;
                if (totalValues > MAX_VALUES_TOTAL) {
                    throw corrupt("the codebooks' lookup tables have more than " + MAX_VALUES_TOTAL + " values");
                }
                in.skip(values * valueBits);
            } else if (lookup != 0) {
                throw corrupt("codebook " + b + " has lookup type " + lookup);
            }
            in.check();
        }
    }

    private void floor() throws AudioDecodeException {
        int type = in.read(16);
        int books = bookDims.length;
        if (type == 0) {
            in.read(8);
            in.read(16);
            in.read(16);
            in.read(6);
            in.read(8);
            int n = in.read(4) + 1;
            for (int i = 0; i < n; i++) {
                if (in.read(8) >= books) {
                    throw corrupt("floor 0 names a codebook that does not exist");
                }
            }
        } else if (type == 1) {
            int partitions = in.read(5);
            int[] classOf = new int[partitions];
            int maxClass = -1;
            for (int i = 0; i < partitions; i++) {
                classOf[i] = in.read(4);
                maxClass = Math.max(maxClass, classOf[i]);
            }
            int[] dims = new int[maxClass + 1];
            for (int c = 0; c <= maxClass; c++) {
                dims[c] = in.read(3) + 1;
                int sub = in.read(2);
                if (sub != 0 && in.read(8) >= books) {
                    throw corrupt("floor 1 names a codebook that does not exist");
                }
                for (int k = 0; k < 1 << sub; k++) {
                    if (in.read(8) - 1 >= books) {
                        throw corrupt("floor 1 names a codebook that does not exist");
                    }
                }
            }
            in.read(2);
            int rangeBits = in.read(4);
            int points = 2;
            for (int i = 0; i < partitions; i++) {
                points += dims[classOf[i]];
                if (points > 65) {
                    throw corrupt("floor 1 has more than 65 points");
                }
                for (int k = 0; k < dims[classOf[i]]; k++) {
                    in.read(rangeBits);
                }
            }
        } else {
            throw corrupt("floor type " + type);
        }
        in.check();
    }

    private void residue() throws AudioDecodeException {
        int type = in.read(16);
        if (type > 2) {
            throw corrupt("residue type " + type);
        }
        long begin = in.read(24);
        long end = in.read(24);
        in.read(24);
        int classifications = in.read(6) + 1;
        int classbook = in.read(8);
        if (classbook >= bookDims.length) {
            throw corrupt("residue names a codebook that does not exist");
        }
        long limit = (long) blocksize1 / 2 * (type == 2 ? channels : 1);
        if (end < begin || end > limit) {
            throw corrupt("residue covers " + begin + " to " + end + ", beyond the " + limit
                    + " coefficients of the largest block");
        }
        double partvals = Math.pow(classifications, bookDims[classbook]);
        if (partvals > MAX_RESIDUE_PARTVALS) {
            throw corrupt("residue has " + classifications + "^" + bookDims[classbook] + " classification values");
        }
        int[] cascade = new int[classifications];
        for (int i = 0; i < classifications; i++) {
            int low = in.read(3);
            int high = in.read(1) == 1 ? in.read(5) : 0;
            cascade[i] = high << 3 | low;
        }
        for (int i = 0; i < classifications; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if ((cascade[i] & 1 << bit) != 0 && in.read(8) >= bookDims.length) {
                    throw corrupt("residue names a codebook that does not exist");
                }
            }
        }
        in.check();
    }

    private void mapping(int floors, int residues) throws AudioDecodeException {
        if (in.read(16) != 0) {
            throw corrupt("mapping type is not 0");
        }
        int submaps = in.read(1) == 1 ? in.read(4) + 1 : 1;
        if (in.read(1) == 1) {
            int steps = in.read(8) + 1;
            int bits = ilog(channels - 1);
            for (int i = 0; i < steps; i++) {
                int magnitude = in.read(bits);
                int angle = in.read(bits);
                if (magnitude == angle || magnitude >= channels || angle >= channels) {
                    throw corrupt("mapping couples channels " + magnitude + " and " + angle);
                }
            }
        }
        if (in.read(2) != 0) {
            throw corrupt("mapping reserved bits are not 0");
        }
        if (submaps > 1) {
            for (int c = 0; c < channels; c++) {
                if (in.read(4) >= submaps) {
                    throw corrupt("mapping names a submap that does not exist");
                }
            }
        }
        for (int s = 0; s < submaps; s++) {
            in.read(8);
            if (in.read(8) >= floors || in.read(8) >= residues) {
                throw corrupt("mapping names a floor or residue that does not exist");
            }
        }
        in.check();
    }

    /** Bits needed to write {@code v} (ilog in the specification). */
    static int ilog(long v) {
        return v <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(v);
    }

    /** The largest r with r^dims <= entries (lookup1_values). */
    static long lookup1Values(int entries, int dims) {
        long r = (long) Math.floor(Math.exp(Math.log(entries) / dims));
        while (Math.pow(r + 1, dims) <= entries) {
            r++;
        }
        while (r > 0 && Math.pow(r, dims) > entries) {
            r--;
        }
        return r;
    }

    /** LSB-first bit reader over a packet; reading past the end marks it exhausted. */
    private static final class Bits {
        private final byte[] data;
        private final long endBit;
        private long bit;

        Bits(byte[] data, int offset, int length) {
            this.data = data;
            this.bit = 8L * offset;
            this.endBit = 8L * (offset + length);
        }

        int read(int n) throws AudioDecodeException {
            if (n == 0) {
                return 0;
            }
            if (bit + n > endBit) {
                throw corrupt("it ends early");
            }
            long v = 0;
            for (int i = 0; i < n; i++, bit++) {
                int b = data[(int) (bit >>> 3)] >> (bit & 7) & 1;
                v |= (long) b << i;
            }
            return (int) v;
        }

        void skip(long bits) throws AudioDecodeException {
            if (bits < 0 || bit + bits > endBit) {
                throw corrupt("it ends early");
            }
            bit += bits;
        }

        void check() throws AudioDecodeException {
            if (bit > endBit) {
                throw corrupt("it ends early");
            }
        }
    }
}
