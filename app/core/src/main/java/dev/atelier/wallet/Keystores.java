package dev.atelier.wallet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.wallet.WalletException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

/**
 * The keystore folder: one Web3 Secret Storage v3 file per account (scrypt, AES-128-CTR, Keccak
 * MAC), named like geth names them ({@code UTC--<time>--<address>}). Other wallets (geth, ethers,
 * MetaMask's import) read these files, and Atelier reads any v3 scrypt keystore they write; PBKDF2
 * keystores are refused with a clear message.
 *
 * <p>New files are written to a temporary file in the same folder, flushed to disk, then moved to
 * their name; a move never replaces an existing file. A password change replaces the file with one
 * atomic rename, so a crash leaves either the old or the new file, never a mix. Reading never
 * changes a file.
 */
public final class Keystores {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String TEMP_PREFIX = ".keystore-";
  private static final int KEY_BYTES = 32;
  private static final int DERIVED_KEY_BYTES = 32;

  private final Path dir;
  private final ScryptParams scrypt;
  private final SecureRandom random;
  private final Clock clock;

  /**
   * @param dir the keystore folder, created on first write
   * @param scrypt cost of new and re-encrypted files ({@link ScryptParams#STANDARD} in the app)
   */
  public Keystores(Path dir, ScryptParams scrypt, SecureRandom random, Clock clock) {
    this.dir = dir.toAbsolutePath().normalize();
    this.scrypt = scrypt;
    this.random = random;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Encrypts a 32-byte private key under {@code password} into a new file.
   *
   * @return the new file
   * @throws WalletException {@link Reason#ALREADY_EXISTS} when the folder holds a keystore for the
   *     same address, {@link Reason#STORAGE} when the file cannot be written
   */
  public Path create(byte[] privateKey, char[] password) {
    String address = KeyAddresses.ofPrivateKey(privateKey);
    Optional<Path> existing = find(address);
    if (existing.isPresent()) {
      throw new WalletException(
          Reason.ALREADY_EXISTS,
          "A keystore for " + address + " already exists: " + existing.get());
    }
    Path file = dir.resolve("UTC--" + NAME_TIME.format(clock.instant()) + "--" + bareHex(address));
    writeNew(file, encrypt(privateKey, password, address, UUID.randomUUID().toString()));
    return file;
  }

  /**
   * Decrypts a keystore file (Atelier's or any other v3 scrypt keystore).
   *
   * @return the 32-byte private key; the caller clears it
   * @throws WalletException {@link Reason#WRONG_PASSWORD} when the MAC does not match (a wrong
   *     password, or an altered file), {@link Reason#BAD_KEYSTORE} when the file is not a readable
   *     keystore or its key does not belong to its address, {@link Reason#NOT_FOUND} when it does
   *     not exist
   */
  public byte[] decrypt(Path file, char[] password) {
    return open(read(file), password);
  }

  /** The address a keystore file is for (checksummed), after checking the file's structure. */
  public String address(Path file) {
    return read(file).address();
  }

  /** The keystore for an address in this folder, if there is one. */
  public Optional<Path> find(String address) {
    String suffix = "--" + bareHex(address);
    return list().stream().filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
  }

  /** Every file in the folder that could be a keystore (temporary files left out). */
  public List<Path> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new WalletException(Reason.STORAGE, "Cannot list the keystore folder " + dir, e);
    }
  }

  /**
   * Re-encrypts a keystore under a new password (and the current scrypt cost), replacing the file
   * atomically. If anything fails, including a wrong old password, the old file is left as it was.
   */
  public void changePassword(Path file, char[] oldPassword, char[] newPassword) {
    Keystore keystore = read(file);
    byte[] key = open(keystore, oldPassword);
    try {
      replace(file, encrypt(key, newPassword, keystore.address(), keystore.id()));
    } finally {
      Secrets.wipe(key);
    }
  }

  /**
   * Copies a keystore file, byte for byte, to {@code target}: a new file, or a folder to put it in
   * under its own name. Never overwrites.
   *
   * @return the written file
   */
  public Path export(Path file, Path target) {
    read(file);
    Path out = Files.isDirectory(target) ? target.resolve(file.getFileName()) : target;
    try {
      writeNew(out.toAbsolutePath(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new WalletException(Reason.STORAGE, "Cannot read keystore file " + file, e);
    }
    return out;
  }

  private byte[] encrypt(byte[] privateKey, char[] password, String address, String id) {
    byte[] salt = new byte[32];
    byte[] iv = new byte[16];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] derived = derive(password, salt, scrypt, DERIVED_KEY_BYTES);
    try {
      byte[] ciphertext = aesCtr(Cipher.ENCRYPT_MODE, derived, iv, privateKey);
      ObjectNode root = JSON.createObjectNode();
      root.put("address", bareHex(address));
      ObjectNode crypto = root.putObject("crypto");
      crypto.put("cipher", "aes-128-ctr");
      crypto.put("ciphertext", HEX.formatHex(ciphertext));
      crypto.putObject("cipherparams").put("iv", HEX.formatHex(iv));
      crypto.put("kdf", "scrypt");
      ObjectNode kdf = crypto.putObject("kdfparams");
      kdf.put("dklen", DERIVED_KEY_BYTES);
      kdf.put("n", scrypt.n());
      kdf.put("p", scrypt.p());
      kdf.put("r", scrypt.r());
      kdf.put("salt", HEX.formatHex(salt));
      crypto.put("mac", HEX.formatHex(mac(derived, ciphertext)));
      root.put("id", id);
      root.put("version", 3);
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write keystore JSON", e);
    } finally {
      Secrets.wipe(derived);
    }
  }

  private static byte[] open(Keystore keystore, char[] password) {
    byte[] derived = derive(password, keystore.salt(), keystore.scrypt(), keystore.dklen());
    try {
      if (!MessageDigest.isEqual(mac(derived, keystore.ciphertext()), keystore.mac())) {
        throw new WalletException(
            Reason.WRONG_PASSWORD,
            "Wrong password for "
                + keystore.address()
                + ": the keystore's MAC check failed. If the password is right, the file "
                + keystore.file()
                + " has been altered.");
      }
      byte[] key = aesCtr(Cipher.DECRYPT_MODE, derived, keystore.iv(), keystore.ciphertext());
      if (!KeyAddresses.isValidPrivateKey(key)
          || !KeyAddresses.ofPrivateKey(key).equalsIgnoreCase(keystore.address())) {
        Secrets.wipe(key);
        throw new WalletException(
            Reason.BAD_KEYSTORE,
            "Keystore file "
                + keystore.file()
                + " is for "
                + keystore.address()
                + " but does not hold that address's key.");
      }
      return key;
    } finally {
      Secrets.wipe(derived);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, ScryptParams params, int length) {
    byte[] passwordBytes = Secrets.utf8(password, Normalizer.Form.NFKC);
    try {
      return SCrypt.generate(passwordBytes, salt, params.n(), params.r(), params.p(), length);
    } finally {
      Secrets.wipe(passwordBytes);
    }
  }

  private static byte[] mac(byte[] derived, byte[] ciphertext) {
    byte[] input = new byte[16 + ciphertext.length];
    System.arraycopy(derived, 16, input, 0, 16);
    System.arraycopy(ciphertext, 0, input, 16, ciphertext.length);
    try {
      return Hash.sha3(input);
    } finally {
      Secrets.wipe(input);
    }
  }

  private static byte[] aesCtr(int mode, byte[] derived, byte[] iv, byte[] input) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(mode, new SecretKeySpec(derived, 0, 16, "AES"), new IvParameterSpec(iv));
      return aes.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-CTR is part of every Java runtime", e);
    }
  }

  /** A parsed, structurally checked keystore file. */
  private record Keystore(
      Path file,
      String address,
      String id,
      ScryptParams scrypt,
      int dklen,
      byte[] salt,
      byte[] iv,
      byte[] ciphertext,
      byte[] mac) {}

  private static Keystore read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new WalletException(Reason.NOT_FOUND, "Keystore file " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw damaged(file, "it is not complete, valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new WalletException(Reason.STORAGE, "Cannot read keystore file " + file, e);
    }
    if (root == null || !root.isObject()) {
      throw damaged(file, "it is empty or not a JSON object", null);
    }
    if (root.path("version").asInt(-1) != 3) {
      throw damaged(file, "it is not a version 3 Web3 Secret Storage file", null);
    }
    JsonNode crypto = root.has("crypto") ? root.path("crypto") : root.path("Crypto");
    if (!"aes-128-ctr".equals(crypto.path("cipher").asText())) {
      throw damaged(file, "Atelier reads only the aes-128-ctr cipher", null);
    }
    if (!"scrypt".equals(crypto.path("kdf").asText())) {
      throw damaged(file, "Atelier reads only scrypt keystores", null);
    }
    JsonNode kdf = crypto.path("kdfparams");
    ScryptParams scrypt;
    try {
      scrypt =
          new ScryptParams(
              intField(file, kdf, "n"), intField(file, kdf, "r"), intField(file, kdf, "p"));
    } catch (IllegalArgumentException e) {
      throw damaged(file, e.getMessage(), e);
    }
    int dklen = intField(file, kdf, "dklen");
    if (dklen < DERIVED_KEY_BYTES) {
      throw damaged(file, "its derived key length is " + dklen + ", not 32", null);
    }
    String address = "0x" + HEX.formatHex(hexField(file, root, "address", 20));
    return new Keystore(
        file,
        Keys.toChecksumAddress(address),
        root.path("id").asText(UUID.randomUUID().toString()),
        scrypt,
        dklen,
        hexField(file, kdf, "salt", -1),
        hexField(file, crypto.path("cipherparams"), "iv", 16),
        hexField(file, crypto, "ciphertext", KEY_BYTES),
        hexField(file, crypto, "mac", 32));
  }

  private static int intField(Path file, JsonNode parent, String name) {
    JsonNode value = parent.path(name);
    if (!value.canConvertToInt()) {
      throw damaged(file, "the field " + name + " is missing or not a number", null);
    }
    return value.asInt();
  }

  private static byte[] hexField(Path file, JsonNode parent, String name, int expectedBytes) {
    String text = parent.path(name).asText("");
    if (text.startsWith("0x") || text.startsWith("0X")) {
      text = text.substring(2);
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw damaged(file, "the field " + name + " is not hex", e);
    }
    if (bytes.length == 0 || (expectedBytes > 0 && bytes.length != expectedBytes)) {
      throw damaged(
          file,
          "the field "
              + name
              + " has "
              + bytes.length
              + " bytes"
              + (expectedBytes > 0 ? ", not " + expectedBytes : ""),
          null);
    }
    return bytes;
  }

  private static WalletException damaged(Path file, String why, Exception cause) {
    return new WalletException(
        Reason.BAD_KEYSTORE,
        "Keystore file " + file + " cannot be used: " + why + ". The file was left as it is.",
        cause);
  }

  private static String bareHex(String address) {
    return address.substring(2).toLowerCase(Locale.ROOT);
  }

  /** Writes a file that must not exist yet: temporary file, flush, move without replacing. */
  private void writeNew(Path target, byte[] content) {
    try {
      Path tmp = writeTemp(target, content);
      try {
        Files.move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new WalletException(
          Reason.ALREADY_EXISTS, target + " already exists; choose another name", e);
    } catch (IOException e) {
      throw new WalletException(Reason.STORAGE, "Cannot write " + target + ": " + e, e);
    }
  }

  /** Replaces a file in one atomic rename, after the new content is safely on disk. */
  private void replace(Path target, byte[] content) {
    try {
      Path tmp = writeTemp(target, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new WalletException(
          Reason.STORAGE, "Cannot replace " + target + " (the old file is unchanged): " + e, e);
    }
  }

  /** A flushed temporary file beside {@code target}; owner-only on POSIX file systems. */
  private Path writeTemp(Path target, byte[] content) throws IOException {
    Path folder = target.getParent();
    if (!Files.isDirectory(folder)) {
      if (folder.equals(dir)
          && folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(folder);
      }
    }
    Path tmp = Files.createTempFile(folder, TEMP_PREFIX, ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }
}
