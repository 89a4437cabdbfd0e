import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Atelier's application icon (a sun over two waves on a dusk gradient, plain Java2D, no
 * borrowed artwork) and writes it for the three installers:
 *
 * <ul>
 *   <li>{@code linux/Atelier.png}: 256×256 PNG (jpackage --icon on Linux, and the .desktop icon)
 *   <li>{@code windows/Atelier.ico}: ICO holding 256, 48, 32 and 16 px PNG images (Vista+ ICO)
 *   <li>{@code macos/Atelier.icns}: ICNS holding 512 ('ic09') and 256 ('ic08') px PNG images
 *   <li>the studio's window icon, {@code app/gui/src/main/resources/dev/atelier/gui/atelier-icon.png}
 *       (the same 256×256 PNG)
 * </ul>
 *
 * <p>Run from the repository root: {@code java installer/icon/MakeIcon.java installer}. The output
 * is committed; run it again only to change the icon.
 */
public class MakeIcon {

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "installer");
    Files.write(out.resolve("linux/Atelier.png"), png(draw(256)));
    Files.write(
        out.resolve("windows/Atelier.ico"), ico(new int[] {256, 48, 32, 16}));
    Files.write(out.resolve("macos/Atelier.icns"), icns());
    Files.write(
        out.resolveSibling("app/gui/src/main/resources/dev/atelier/gui/atelier-icon.png"),
        png(draw(256)));
  }

  static BufferedImage draw(int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.scale(size / 256.0, size / 256.0);
    // Rounded square, dusk gradient.
    g.setPaint(new GradientPaint(0, 0, new Color(0x2B1E5C), 256, 256, new Color(0xE0605A)));
    g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
    // Sun.
    g.setColor(new Color(0xFFD27A));
    g.fill(new Ellipse2D.Double(132, 44, 76, 76));
    // Two waves.
    g.setStroke(new BasicStroke(14, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.setColor(new Color(0xF6F1FF));
    g.draw(wave(150));
    g.setColor(new Color(0xF6F1FF, false));
    g.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.6f));
    g.draw(wave(186));
    g.dispose();
    return img;
  }

  private static Path2D wave(double y) {
    Path2D p = new Path2D.Double();
    p.moveTo(40, y);
    p.curveTo(70, y - 26, 98, y - 26, 128, y);
    p.curveTo(158, y + 26, 186, y + 26, 216, y);
    return p;
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }

  static byte[] ico(int[] sizes) throws IOException {
    byte[][] images = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      images[i] = png(draw(sizes[i]));
    }
    int offset = 6 + 16 * sizes.length;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
    head.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      int s = sizes[i] >= 256 ? 0 : sizes[i]; // 0 means 256
      head.put((byte) s).put((byte) s).put((byte) 0).put((byte) 0);
      head.putShort((short) 1).putShort((short) 32);
      head.putInt(images[i].length).putInt(offset);
      offset += images[i].length;
    }
    all.write(head.array());
    for (byte[] image : images) {
      all.write(image);
    }
    return all.toByteArray();
  }

  static byte[] icns() throws IOException {
    byte[] big = png(draw(512));
    byte[] small = png(draw(256));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeBytes("icns");
    out.writeInt(8 + 8 + big.length + 8 + small.length);
    out.writeBytes("ic09");
    out.writeInt(8 + big.length);
    out.write(big);
    out.writeBytes("ic08");
    out.writeInt(8 + small.length);
    out.write(small);
    return bytes.toByteArray();
  }
}
