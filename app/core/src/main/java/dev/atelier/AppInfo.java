package dev.atelier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Name and version of this build, read from a resource Maven fills in. */
public final class AppInfo {

  public static final String NAME = "Atelier";

  private static final String VERSION = load();

  private AppInfo() {}

  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = AppInfo.class.getResourceAsStream("atelier.properties")) {
      if (in == null) {
        throw new IllegalStateException("atelier.properties missing from the build");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
