package dev.atelier.gui.common;

import java.util.Locale;

/**
 * File sizes as model sites and the command line write them: three figures in powers of 1000, "2.13
 * GB", "90.4 MB", "512 kB", "800 B".
 */
public final class ByteSizes {

  private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

  private ByteSizes() {}

  public static String of(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    String format = value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s";
    return String.format(Locale.ROOT, format, value, UNITS[unit]);
  }
}
