package dev.atelier.gui.shell;

import java.util.Locale;
import java.util.Optional;

/** The studio's screens, in navigation order; the order also gives the Ctrl+1..4 shortcuts. */
public enum Screen {
  GENERATE("Generate"),
  CATALOG("Catalog"),
  WALLET("Wallet"),
  SETTINGS("Settings");

  private final String title;

  Screen(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** Lower-case name used in ids, options and style classes, e.g. {@code catalog}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** 1 for the first screen, and so on: the digit of its keyboard shortcut. */
  public int number() {
    return ordinal() + 1;
  }

  /** The screen whose {@link #key()} is {@code key}, ignoring case. */
  public static Optional<Screen> byKey(String key) {
    for (Screen s : values()) {
      if (s.key().equalsIgnoreCase(key.strip())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The screen with this {@link #number()}. */
  public static Optional<Screen> byNumber(int number) {
    Screen[] all = values();
    return number >= 1 && number <= all.length ? Optional.of(all[number - 1]) : Optional.empty();
  }
}
