package dev.atelier.config;

import dev.atelier.config.SecretException.Reason;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets encrypted with AES-256-GCM under a random key kept in a file only its owner may read
 * ({@code key}, mode 0600, in a 0700 folder), the encrypted secrets in {@code secrets.properties}
 * beside it. References are {@code file:ID}; the ID is the encryption's associated data, so a
 * secret cannot be moved to another ID.
 *
 * <p>What this protects and what not: the settings file holds no key, so sharing, pasting or
 * syncing it gives nothing away, and the secrets file alone is useless. Anything that can read the
 * user's files (their own programs, a backup of the whole data folder) can read the key too: it is
 * no stronger than a file readable by the user only. The system keyring is used instead where there
 * is one.
 */
final class KeyFileSecretStore implements SecretStore {

  static final String PREFIX = "file:";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Path folder;
  private final Path keyFile;
  private final SecureRandom random;
  private SharedPropertiesFile entries; // opened at first use: nothing is created until then

  KeyFileSecretStore(Path folder, SecureRandom random) {
    this.folder = folder.toAbsolutePath().normalize();
    this.keyFile = this.folder.resolve("key");
    this.random = Objects.requireNonNull(random, "random");
  }

  private synchronized SharedPropertiesFile entries() {
    if (entries == null) {
      try {
        ownerOnlyFolder();
      } catch (IOException e) {
        throw new SecretException(
            Reason.UNAVAILABLE, "Cannot create the secrets folder " + folder, e);
      }
      entries =
          SharedPropertiesFile.open(
              folder.resolve("secrets.properties"),
              "Atelier secrets, encrypted with the key beside this file");
    }
    return entries;
  }

  @Override
  public String put(String label, String secret) {
    String id = HexFormat.of().formatHex(randomBytes(16));
    try {
      entries()
          .update(
              values -> {
                byte[] key = keyCreatedIfMissing();
                try {
                  values.put(id, encrypt(key, id, secret));
                } finally {
                  Arrays.fill(key, (byte) 0);
                }
              });
    } catch (UncheckedIOException e) {
      throw new SecretException(
          Reason.UNAVAILABLE, "Cannot write the secrets in " + folder + ": " + e.getMessage(), e);
    }
    return PREFIX + id;
  }

  @Override
  public String get(String reference) {
    String id = idOf(reference);
    String sealed = entries().read().get(id);
    if (sealed == null) {
      throw new SecretException(
          Reason.MISSING, "The encrypted secrets in " + folder + " have no entry " + id);
    }
    byte[] key = readKey();
    try {
      return decrypt(key, id, sealed);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void remove(String reference) {
    String id = idOf(reference);
    entries().update(values -> values.remove(id));
  }

  @Override
  public String describe() {
    return "a file encrypted with a key only you can read (" + folder + ")";
  }

  private static String idOf(String reference) {
    if (reference == null || !reference.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a reference to the encrypted secrets file");
    }
    return reference.substring(PREFIX.length());
  }

  /** The key; created (under the secrets file's lock, so only once) when there is none yet. */
  private byte[] keyCreatedIfMissing() {
    try {
      return Files.readAllBytes(keyFile);
    } catch (NoSuchFileException e) {
      byte[] key = randomBytes(KEY_BYTES);
      try {
        AtomicFiles.write(keyFile, out -> out.write(key));
        ownerOnly(keyFile, "rw-------");
        return key;
      } catch (IOException writeFailed) {
        throw new UncheckedIOException(writeFailed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] readKey() {
    try {
      byte[] key = Files.readAllBytes(keyFile);
      if (key.length != KEY_BYTES) {
        throw new SecretException(Reason.UNREADABLE, "The secrets key " + keyFile + " is damaged");
      }
      return key;
    } catch (NoSuchFileException e) {
      throw new SecretException(
          Reason.MISSING,
          "The secrets key " + keyFile + " is missing, so no secret can be read",
          e);
    } catch (IOException e) {
      throw new SecretException(
          Reason.UNAVAILABLE, "Cannot read the secrets key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  private String encrypt(byte[] key, String id, String secret) {
    byte[] iv = randomBytes(IV_BYTES);
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, id, iv);
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static String decrypt(byte[] key, String id, String sealed) {
    byte[] plain = null;
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      if (in.length <= IV_BYTES) {
        throw new IllegalArgumentException("too short");
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, id, Arrays.copyOf(in, IV_BYTES));
      plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new SecretException(
          Reason.UNREADABLE,
          "A secret cannot be decrypted with the key in its folder (the key or the secret was"
              + " changed, or they come from different installations)",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static Cipher cipher(int mode, byte[] key, String id, byte[] iv)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
    return cipher;
  }

  private void ownerOnlyFolder() throws IOException {
    Files.createDirectories(folder);
    ownerOnly(folder, "rwx------");
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
