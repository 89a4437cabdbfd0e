package dev.atelier.gui.theme;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.css.Stylesheet;

/**
 * AtlantaFX's stylesheets in JavaFX's binary form, made at build time so that the studio's first
 * window does not parse them.
 *
 * <p>Each AtlantaFX base theme is one 165 kB stylesheet of about a thousand rules; parsing it was
 * the largest single piece of the first window's CSS time (about 0.24 s on a cold JVM on the 2-core
 * build machine, against under 0.02 s to read the binary form). The build runs {@link #main} after
 * compiling the studio (see its {@code pom.xml}) and puts {@code primer-light.bss} and {@code
 * primer-dark.bss} beside this class; {@link ThemeBase} uses them when they are there and
 * AtlantaFX's own {@code .css} when not (a build that skipped the step). The conversion is JavaFX's
 * own ({@link Stylesheet#convertToBinary}), so the rules are the same ones.
 */
public final class BinaryStylesheets {
  private BinaryStylesheets() {}

  /** Where the binary form of {@code base} lives on the class path, as a resource name. */
  static String resourceName(ThemeBase base) {
    return "/dev/atelier/gui/theme/" + fileName(base);
  }

  /** The binary form of {@code base} on the class path, or null when the build did not make it. */
  static URL find(ThemeBase base) {
    return BinaryStylesheets.class.getResource(resourceName(base));
  }

  /**
   * Writes the binary form of every base theme and every built-in theme under {@code
   * classesFolder}.
   *
   * @param args one argument: the module's classes folder
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: BinaryStylesheets CLASSES_FOLDER");
    }
    Path classes = Path.of(args[0]);
    for (ThemeBase base : ThemeBase.values()) {
      Path target = classes.resolve(resourceName(base).substring(1));
      write(base, target);
    }
    try (DirectoryStream<Path> builtIn =
        Files.newDirectoryStream(classes.resolve("themes"), "*.css")) {
      for (Path css : builtIn) {
        writeBeside(css);
      }
    }
  }

  /**
   * Writes the binary form of a stylesheet file beside it ({@code x.css} → {@code x.bss}). JavaFX
   * looks for that file first whenever it is given {@code x.css}, so the built-in themes' own
   * stylesheets are read in binary form without anything else changing.
   */
  static Path writeBeside(Path css) throws IOException {
    String name = css.getFileName().toString();
    Path target = css.resolveSibling(name.substring(0, name.length() - ".css".length()) + ".bss");
    Path temporary = target.resolveSibling(target.getFileName() + ".part");
    try {
      Stylesheet.convertToBinary(css.toFile(), temporary.toFile());
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }

  /** Parses {@code base}'s AtlantaFX stylesheet and writes it in binary form to {@code target}. */
  static void write(ThemeBase base, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    // The binary form keeps its source's URL (for relative url() values, which AtlantaFX does
    // not use): the CSS goes beside the target under a stable name, and is deleted after.
    String name = fileName(base);
    Path css = target.resolveSibling(name.substring(0, name.length() - ".bss".length()) + ".css");
    Path temporary = target.resolveSibling(name + ".part");
    try {
      try (InputStream in = open(base.atlantaFxStylesheet())) {
        Files.copy(in, css, StandardCopyOption.REPLACE_EXISTING);
      }
      Stylesheet.convertToBinary(css.toFile(), temporary.toFile());
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
      Files.deleteIfExists(css);
    }
  }

  /** AtlantaFX names its stylesheets as class-path resources ("/atlantafx/…"), or as URLs. */
  private static InputStream open(String stylesheet) throws IOException {
    if (stylesheet.startsWith("/")) {
      InputStream in = ThemeBase.class.getResourceAsStream(stylesheet);
      if (in == null) {
        throw new IOException("no stylesheet " + stylesheet + " on the class path");
      }
      return in;
    }
    return URI.create(stylesheet).toURL().openStream();
  }

  private static String fileName(ThemeBase base) {
    return "primer-" + base.name().toLowerCase(java.util.Locale.ROOT) + ".bss";
  }
}
