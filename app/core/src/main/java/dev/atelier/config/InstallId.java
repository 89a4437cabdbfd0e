package dev.atelier.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random 16-byte id made once per install and kept in {@code <data>/install-id} as 32 hex digits.
 * It is not a secret: it salts keys derived from a wallet account (the C2PA signing key, see {@link
 * dev.atelier.c2pa.C2paIdentity}), so the same account gets unrelated derived keys on different
 * installs. Deleting the file gives the install a new id, and with it new derived keys.
 */
public final class InstallId {

  /** The file name, in the data folder. */
  public static final String FILE = "install-id";

  /** Bytes in an id. */
  public static final int LENGTH = 16;

  private InstallId() {}

  /**
   * The install's id, made and saved first if {@code dataDir} has none. Two processes starting at
   * once agree on one id: the file is written aside and moved into place only if still absent.
   *
   * @throws IllegalStateException if the file exists but does not hold an id (it is left alone)
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public static byte[] loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      return read(file);
    }
    byte[] id = new byte[LENGTH];
    new SecureRandom().nextBytes(id);
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, ".install-id-", ".tmp");
      try {
        Files.writeString(
            tmp,
            HexFormat.of().formatHex(id) + "\n",
            StandardCharsets.US_ASCII,
            StandardOpenOption.WRITE,
            StandardOpenOption.SYNC);
        Files.move(tmp, file); // fails if another process got there first
        return id;
      } catch (FileAlreadyExistsException e) {
        return read(file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the install id " + file, e);
    }
  }

  private static byte[] read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the install id " + file, e);
    }
    if (text.length() != 2 * LENGTH || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalStateException(
          file
              + " is damaged: it should hold "
              + 2 * LENGTH
              + " hex digits. Delete it to give this install a new id (the C2PA signing"
              + " certificates are then made again for new keys).");
    }
    return HexFormat.of().parseHex(text);
  }
}
