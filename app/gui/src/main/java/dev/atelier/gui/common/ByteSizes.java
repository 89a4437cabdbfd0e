package dev.atelier.gui.common;

import java.util.Locale;

/** File sizes in the units people read: "2.1 GB", "90 MB", "512 bytes" (1 GB = 1000³ bytes). */
public final class ByteSizes {

  private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

  private ByteSizes() {}

  /** One decimal below ten units ("2.1 GB"), whole units above ("90 MB"). */
  public static String of(long bytes) {
    if (bytes < 1000) {
      return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 999.5 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    String number =
        value < 9.95
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.0f", value);
    return number + " " + UNITS[unit];
  }
}
