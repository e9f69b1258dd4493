import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Renders a few lines of black text on white with Java2D, as a PNG for {@code bench grpc --service vision
 * --task read-text --image FILE}. Run it as a single-file program (Java 11+), from the repository root:
 *
 * <pre>java bench/tools/RenderTextImage.java bench/target/text-lines.png</pre>
 *
 * Font: "DejaVu Sans" 28 px when installed (Debian fonts-dejavu-core), else Java's SansSerif; so the pixels, not
 * the size, depend on the machine. Image size: 800 x 300.
 */
public class RenderTextImage {

    static final String[] LINES = {
        "Crossmodal vision benchmark 2026",
        "Invoice 4471 due on 12 December",
        "Total amount: 1,284.50 EUR",
        "Please keep this receipt for your records.",
        "Open Monday to Friday, 9:00 - 17:30",
    };

    public static void main(String[] args) throws Exception {
        File out = new File(args.length > 0 ? args[0] : "text-lines.png");
        BufferedImage image = new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font("DejaVu Sans", Font.PLAIN, 28));
        int y = 50;
        for (String line : LINES) {
            g.drawString(line, 30, y);
            y += 52;
        }
        g.dispose();
        if (out.getParentFile() != null) {
            out.getParentFile().mkdirs();
        }
        ImageIO.write(image, "png", out);
        System.out.println(out + ": " + image.getWidth() + "x" + image.getHeight() + ", " + LINES.length
                + " lines, font " + new Font("DejaVu Sans", Font.PLAIN, 28).getFontName());
    }
}
