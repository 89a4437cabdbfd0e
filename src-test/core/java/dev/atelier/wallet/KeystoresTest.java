package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.ADDRESS_0;
import static dev.atelier.wallet.TestKeys.FAST;
import static dev.atelier.wallet.TestKeys.KEY_0;
import static dev.atelier.wallet.TestKeys.PASSWORD;
import static dev.atelier.wallet.WalletAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.wallet.WalletException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoresTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final byte[] key = HexFormat.of().parseHex(KEY_0);

  private Keystores keystores(ScryptParams params) {
    return new Keystores(
        dir.resolve("keystore"),
        params,
        new SecureRandom(),
        Clock.fixed(TestKeys.T0, ZoneOffset.UTC));
  }

  @Test
  void writesAV3ScryptFileNamedAfterTheAddressAndReadsItBack() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());

    assertThat(file.getFileName().toString())
        .isEqualTo("UTC--2026-11-26T10-00-00.000000000Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    JsonNode json = JSON.readTree(file.toFile());
    assertThat(json.path("version").asInt()).isEqualTo(3);
    assertThat(json.path("address").asText()).isEqualTo("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(json.at("/crypto/kdf").asText()).isEqualTo("scrypt");
    assertThat(json.at("/crypto/kdfparams/n").asInt()).isEqualTo(4096);
    assertThat(json.at("/crypto/cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(Files.readString(file)).doesNotContain(KEY_0);

    assertThat(ks.decrypt(file, PASSWORD.toCharArray())).isEqualTo(key);
    assertThat(ks.address(file)).isEqualTo(ADDRESS_0);
    assertThat(ks.find(ADDRESS_0.toLowerCase())).contains(file);
    assertThat(ks.list()).containsExactly(file);
  }

  @Test
  void filesAreReadableByTheOwnerOnly() throws IOException {
    Assumptions.assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Path file = keystores(FAST).create(key, PASSWORD.toCharArray());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void standardScryptCostRoundTrips() throws IOException {
    Keystores ks = keystores(ScryptParams.STANDARD);
    Path file = ks.create(key, PASSWORD.toCharArray());
    assertThat(JSON.readTree(file.toFile()).at("/crypto/kdfparams/n").asInt()).isEqualTo(262144);
    assertThat(ks.decrypt(file, PASSWORD.toCharArray())).isEqualTo(key);
  }

  @Test
  void wrongPasswordIsReportedAndTheFileIsUntouched() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    byte[] before = Files.readAllBytes(file);

    assertFails(() -> ks.decrypt(file, "Correct horse 42".toCharArray()), Reason.WRONG_PASSWORD)
        .startsWith("Wrong password for " + ADDRESS_0);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void oneChangedCiphertextByteFailsTheMacCheck() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
    ObjectNode crypto = (ObjectNode) json.get("crypto");
    byte[] ciphertext = HexFormat.of().parseHex(crypto.get("ciphertext").asText());
    ciphertext[7] ^= 0x01;
    crypto.put("ciphertext", HexFormat.of().formatHex(ciphertext));
    Files.write(file, JSON.writeValueAsBytes(json));
    byte[] tampered = Files.readAllBytes(file);

    assertFails(() -> ks.decrypt(file, PASSWORD.toCharArray()), Reason.WRONG_PASSWORD)
        .contains("MAC check failed")
        .contains(file.toString() + " has been altered");
    assertThat(Files.readAllBytes(file)).isEqualTo(tampered);
  }

  @Test
  void aKeyThatIsNotTheFilesAddressIsRejected() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
    json.put("address", TestKeys.ADDRESS_1.substring(2).toLowerCase());
    Files.write(file, JSON.writeValueAsBytes(json));

    assertFails(() -> ks.decrypt(file, PASSWORD.toCharArray()), Reason.BAD_KEYSTORE)
        .contains("is for " + TestKeys.ADDRESS_1)
        .contains("does not hold that address's key");
  }

  @Test
  void damagedFilesGiveClearErrorsNamingTheFileAndStayAsTheyAre() throws IOException {
    Keystores ks = keystores(FAST);
    Path good = ks.create(key, PASSWORD.toCharArray());
    String text = Files.readString(good);
    Path dir = ks.dir();

    expectDamaged(ks, dir.resolve("truncated"), text.substring(0, text.length() / 2), "valid JSON");
    expectDamaged(ks, dir.resolve("empty"), "", "empty or not a JSON object");
    expectDamaged(ks, dir.resolve("array"), "[1,2]", "empty or not a JSON object");
    expectDamaged(
        ks, dir.resolve("v2"), text.replace("\"version\":3", "\"version\":2"), "version 3");
    expectDamaged(
        ks, dir.resolve("pbkdf2"), text.replace("\"scrypt\"", "\"pbkdf2\""), "only scrypt");
    expectDamaged(
        ks, dir.resolve("short-iv"), text.replaceAll("\"iv\":\"[0-9a-f]{4}", "\"iv\":\""), "iv");
    expectDamaged(
        ks,
        dir.resolve("greedy"),
        text.replace("\"n\":4096", "\"n\":2097152"),
        "2048 MiB; 1024 is the limit");
    assertFails(() -> ks.decrypt(dir.resolve("missing"), PASSWORD.toCharArray()), Reason.NOT_FOUND)
        .contains("missing");
  }

  private static void expectDamaged(Keystores ks, Path file, String content, String why)
      throws IOException {
    Files.writeString(file, content);
    assertFails(() -> ks.decrypt(file, PASSWORD.toCharArray()), Reason.BAD_KEYSTORE)
        .startsWith("Keystore file " + file + " cannot be used: ")
        .contains(why)
        .endsWith("The file was left as it is.");
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @Test
  void neverOverwritesAndLeavesNoTemporaryFiles() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    byte[] before = Files.readAllBytes(file);

    assertFails(() -> ks.create(key, "other password 1".toCharArray()), Reason.ALREADY_EXISTS)
        .contains(file.toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(ks.dir())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void changePasswordKeepsTheAddressAndRejectsTheOldPassword() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    String id = JSON.readTree(file.toFile()).path("id").asText();
    char[] next = "Another secret 7".toCharArray();

    ks.changePassword(file, PASSWORD.toCharArray(), next);

    assertThat(ks.decrypt(file, next)).isEqualTo(key);
    assertThat(ks.address(file)).isEqualTo(ADDRESS_0);
    assertThat(JSON.readTree(file.toFile()).path("id").asText()).isEqualTo(id);
    assertFails(() -> ks.decrypt(file, PASSWORD.toCharArray()), Reason.WRONG_PASSWORD);
    try (Stream<Path> files = Files.list(ks.dir())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void failedPasswordChangeLeavesTheOldFile() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    byte[] before = Files.readAllBytes(file);

    assertFails(
        () ->
            ks.changePassword(
                file, "not the password".toCharArray(), "New secret 99".toCharArray()),
        Reason.WRONG_PASSWORD);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(ks.decrypt(file, PASSWORD.toCharArray())).isEqualTo(key);
  }

  @Test
  void exportWritesAnIdenticalFileAndNeverOverwrites() throws IOException {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, PASSWORD.toCharArray());
    Path target = dir.resolve("backup.json");

    assertThat(ks.export(file, target)).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(file));

    Path folder = Files.createDirectory(dir.resolve("usb"));
    Path intoFolder = ks.export(file, folder);
    assertThat(intoFolder).isEqualTo(folder.resolve(file.getFileName()));
    assertThat(Files.readAllBytes(intoFolder)).isEqualTo(Files.readAllBytes(file));

    Files.writeString(target, "keep me");
    assertFails(() -> ks.export(file, target), Reason.ALREADY_EXISTS).contains("already exists");
    assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("keep me");
  }

  @Test
  void nonAsciiPasswordsAreNormalised() {
    Keystores ks = keystores(FAST);
    Path file = ks.create(key, "Grüße-aus-Köln".toCharArray());
    assertThat(ks.decrypt(file, "Gru\u0308ße-aus-Ko\u0308ln".toCharArray())).isEqualTo(key);
  }
}
