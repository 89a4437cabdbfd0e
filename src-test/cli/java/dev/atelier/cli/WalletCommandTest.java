package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet commands, with secrets given on standard input as a script would. */
class WalletCommandTest {

  static final String TEST_PHRASE = "test test test test test test test test test test test junk";
  static final String FIRST_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  static final String PASSWORD = "correct horse 42";

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @Test
  void importListSignAndExport() throws Exception {
    CliRun imported =
        run(
            TEST_PHRASE + "\n" + PASSWORD + "\n" + PASSWORD + "\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).containsIgnoringCase(FIRST_ADDRESS);

    assertThat(run("", "wallet", "list").out())
        .containsIgnoringCase(FIRST_ADDRESS)
        .contains("m/44'/60'/0'/0/0");

    CliRun signed = run(PASSWORD + "\n", "wallet", "sign-test", FIRST_ADDRESS);
    assertThat(signed.code()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("OK: both signatures verify");

    CliRun wrong = run("not the password\n", "wallet", "sign-test", FIRST_ADDRESS);
    assertThat(wrong.code()).isEqualTo(ExitCodes.WALLET);
    assertThat(wrong.err()).containsIgnoringCase("wrong password");

    Path exported = home.resolve("backup.json");
    CliRun export = run("", "wallet", "export", FIRST_ADDRESS, "--out", exported.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(Files.readString(exported))
        .containsIgnoringCase(FIRST_ADDRESS.substring(2))
        .contains("scrypt");
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    CliRun weak = run(TEST_PHRASE + "\nshort\nshort\n", "wallet", "import", "--mnemonic");
    assertThat(weak.code()).isEqualTo(ExitCodes.BAD_INPUT);
    CliRun differ =
        run(
            TEST_PHRASE + "\n" + PASSWORD + "\nother password 99\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(differ.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(differ.err()).contains("two passwords differ");
    CliRun badKey =
        run("0x1234\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "import", "--private-key");
    assertThat(badKey.code()).isEqualTo(ExitCodes.BAD_INPUT);
    CliRun wrongWords = run("x\nx\nx\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "create");
    assertThat(wrongWords.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(wrongWords.out()).contains(" 1. ", "12. ");
    assertThat(run("", "wallet", "list").out()).startsWith("No wallet accounts yet");
    assertThat(String.join("", weak.err(), differ.err(), badKey.err())).doesNotContain(PASSWORD);
  }

  @Test
  void thePassphraseIsAnExplicitOption() {
    CliRun withPassphrase =
        run(
            TEST_PHRASE + "\nmy 25th word\n" + PASSWORD + "\n" + PASSWORD + "\n",
            "wallet",
            "import",
            "--mnemonic",
            "--passphrase");
    assertThat(withPassphrase.code()).as(withPassphrase.err()).isZero();
    // Another passphrase is another wallet: not the phrase's plain first account.
    assertThat(withPassphrase.out()).containsPattern("Imported 0x[0-9a-fA-F]{40}");
    assertThat(withPassphrase.out().toLowerCase()).doesNotContain(FIRST_ADDRESS.toLowerCase());

    CliRun keyWithPassphrase = run("x\n", "wallet", "import", "--private-key", "--passphrase");
    assertThat(keyWithPassphrase.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(keyWithPassphrase.err()).contains("--passphrase goes with --mnemonic");
  }

  @Test
  void extraLinesOnStandardInputAreRefused() {
    // One line too many: a passphrase given without --passphrase would shift every secret.
    CliRun extra =
        run(
            TEST_PHRASE + "\n" + PASSWORD + "\n" + PASSWORD + "\n" + PASSWORD + "\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(extra.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(extra.err())
        .contains("Standard input has 1 more line than expected")
        .contains("a passphrase needs --passphrase")
        .contains("Nothing was stored")
        .doesNotContain(PASSWORD);
    assertThat(run("", "wallet", "list").out()).startsWith("No wallet accounts yet");

    // Trailing blank lines (echo's newline) are fine.
    CliRun trailing =
        run(
            TEST_PHRASE + "\n" + PASSWORD + "\n" + PASSWORD + "\n\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(trailing.code()).as(trailing.err()).isZero();
    assertThat(trailing.out()).containsIgnoringCase(FIRST_ADDRESS);
  }

  @Test
  void helpNamesEachLineOfStandardInput() {
    CliRun help = CliRun.of(null, "", "wallet", "import", "--help");
    assertThat(help.code()).isZero();
    String text = help.out().replaceAll("\\s+", " ");
    assertThat(text)
        .contains(
            "(1) the recovery phrase or the private key",
            "(2) the BIP-39 passphrase, only with --passphrase",
            "(3) the new password",
            "(4) the new password again");
  }
}
