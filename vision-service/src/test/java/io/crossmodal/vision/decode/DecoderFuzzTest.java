package io.crossmodal.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.vision.decode.ImageDecodeException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of damaged images (bit flips, overwritten bytes, truncations, duplicated and deleted chunks, grown or
 * shrunk header fields) made from valid seeds of every format with a seeded {@link Random}: every call must end with
 * a DecodedImage or an ImageDecodeException, never another exception, and within its time budget.
 * A failure prints the case number; {@code -Dfuzz.seed} and {@code -Dfuzz.cases} change the run.
 */
class DecoderFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20240611L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 3000);
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @Test
    void mutatedImagesNeverEscapeTheDecoder() throws Exception {
        List<byte[]> seeds = new ArrayList<>(Seeds.all().values());
        List<String> names = new ArrayList<>(Seeds.all().keySet());
        Random random = new Random(SEED);
        Map<Reason, Integer> refusals = new EnumMap<>(Reason.class);
        int decoded = 0;
        long slowest = 0;
        String slowestCase = "";
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try (ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults().withTimeout(BUDGET), 2, 4)) {
            for (int i = 0; i < CASES; i++) {
                int s = i % seeds.size();
                StringBuilder how = new StringBuilder();
                byte[] data = mutate(seeds.get(s), random, how);
                String label = "case " + i + " (" + names.get(s) + how + ", " + data.length + " bytes)";
                long t0 = System.nanoTime();
                try {
                    DecodedImage image = decoder.decode(data, "");
                    assertTrue(image.width() > 0 && image.height() > 0, label);
                    assertEquals(3 * image.width() * image.height(), image.bgrBytes().length, label);
                    decoded++;
                } catch (ImageDecodeException e) {
                    refusals.merge(e.reason(), 1, Integer::sum);
                    if (e.reason() == Reason.BUSY || e.reason() == Reason.CANCELLED) {
                        failures.add(label + ": " + e);
                    }
                } catch (Throwable t) {
                    failures.add(label + ": escaped " + t);
                }
                long millis = (System.nanoTime() - t0) / 1_000_000;
                if (millis > slowest) {
                    slowest = millis;
                    slowestCase = label;
                }
                if (millis > 2 * BUDGET.toMillis() + 1000) {
                    failures.add(label + ": took " + millis + " ms");
                }
            }
        }
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        String summary = String.format(
                "fuzz: %d cases (seed %d) in %d ms: %d decoded, refused %s; slowest %d ms (%s)",
                CASES, SEED, totalMillis, decoded, refusals, slowest, slowestCase);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " failures, first: " + failures.subList(0, Math.min(10, failures.size())) + "; "
                        + summary);
        assertTrue(refusals.getOrDefault(Reason.CORRUPT, 0) > CASES / 10, "the mutations do damage: " + refusals);
        assertTrue(decoded > CASES / 20, "some damaged files still decode (readers are tolerant): " + decoded);
    }

    /** One to three random mutations; {@code how} gets a short description. */
    static byte[] mutate(byte[] seed, Random random, StringBuilder how) {
        byte[] data = seed.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && data.length > 0; m++) {
            int op = random.nextInt(8);
            switch (op) {
                case 0 -> { // flip 1 to 8 bits anywhere
                    int flips = 1 + random.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        int at = random.nextInt(data.length);
                        data[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    how.append(", ").append(flips).append(" bit flips");
                }
                case 1 -> { // flip bits in the header area, where sizes and offsets live
                    int at = random.nextInt(Math.min(data.length, 128));
                    data[at] ^= (byte) (1 << random.nextInt(8));
                    how.append(", header bit flip at ").append(at);
                }
                case 2 -> { // overwrite 1 to 4 bytes with an interesting value
                    int at = random.nextInt(data.length);
                    byte[] values = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1};
                    byte v = values[random.nextInt(values.length)];
                    int n = Math.min(1 + random.nextInt(4), data.length - at);
                    for (int k = 0; k < n; k++) {
                        data[at + k] = v;
                    }
                    how.append(", ")
                            .append(n)
                            .append(" bytes = ")
                            .append(v)
                            .append(" at ")
                            .append(at);
                }
                case 3 -> { // truncate
                    int length = random.nextInt(data.length);
                    data = java.util.Arrays.copyOf(data, Math.max(1, length));
                    how.append(", truncated to ").append(data.length);
                }
                case 4 -> { // duplicate a chunk of bytes somewhere else
                    int from = random.nextInt(data.length);
                    int length = Math.min(1 + random.nextInt(Math.min(data.length, 512)), data.length - from);
                    int to = random.nextInt(data.length + 1);
                    byte[] out = new byte[data.length + length];
                    System.arraycopy(data, 0, out, 0, to);
                    System.arraycopy(data, from, out, to, length);
                    System.arraycopy(data, to, out, to + length, data.length - to);
                    data = out;
                    how.append(", duplicated ")
                            .append(length)
                            .append(" bytes from ")
                            .append(from)
                            .append(" to ")
                            .append(to);
                }
                case 5 -> { // delete a chunk of bytes
                    int from = random.nextInt(data.length);
                    int length = Math.min(1 + random.nextInt(256), data.length - from);
                    byte[] out = new byte[data.length - length];
                    System.arraycopy(data, 0, out, 0, from);
                    System.arraycopy(data, from + length, out, from, data.length - from - length);
                    data = out.length == 0 ? new byte[] {0} : out;
                    how.append(", deleted ").append(length).append(" bytes at ").append(from);
                }
                case 6 -> { // insert random bytes
                    int at = random.nextInt(data.length + 1);
                    byte[] noise = new byte[1 + random.nextInt(64)];
                    random.nextBytes(noise);
                    byte[] out = new byte[data.length + noise.length];
                    System.arraycopy(data, 0, out, 0, at);
                    System.arraycopy(noise, 0, out, at, noise.length);
                    System.arraycopy(data, at, out, at + noise.length, data.length - at);
                    data = out;
                    how.append(", inserted ")
                            .append(noise.length)
                            .append(" random bytes at ")
                            .append(at);
                }
                default -> { // set a 16- or 32-bit field in the first 64 bytes to a big or tiny value
                    int at = random.nextInt(Math.max(1, Math.min(data.length, 64) - 3));
                    int[] values = {0, 1, 0xFFFF, 0x7FFF, 0xFFFFFFFF, 0x7FFFFFFF, 0x8000, 40000, 65536};
                    int v = values[random.nextInt(values.length)];
                    boolean wide = random.nextBoolean();
                    int n = Math.min(wide ? 4 : 2, data.length - at);
                    for (int k = 0; k < n; k++) {
                        data[at + k] = (byte) (v >>> (8 * (n - 1 - k)));
                    }
                    how.append(", field at ").append(at).append(" = ").append(Integer.toUnsignedString(v));
                }
            }
        }
        return data;
    }
}
