package io.crossmodal.vision.detect;

import java.awt.image.BufferedImage;

/**
 * How long letterboxing an image into CenterNet's 512x512 input takes, for the sample photo and a 4000x3000 frame. A
 * measurement, not a test (it asserts nothing), so it runs only on demand:
 *
 * <pre>mvn -B -q -pl vision-service -am test -DskipTests -Pletterbox-timing</pre>
 */
public final class LetterboxTiming {

    private LetterboxTiming() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BufferedImage chelsea = TestImages.read("chelsea.png");
        BufferedImage large = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        for (BufferedImage image : new BufferedImage[] {chelsea, large}) {
            Letterbox box = Letterbox.of(image, 512, Letterbox.Align.CENTER);
            box.render(image); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                box.render(image);
            }
            System.out.printf(
                    "letterbox: %dx%d -> 512: %.1f ms (mean of %d)%n",
                    image.getWidth(), image.getHeight(), (System.nanoTime() - start) / 1e6 / runs, runs);
        }
    }
}
