package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
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

  private record Result(int code, String out, String err) {}

  private Result run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code =
        AtelierCli.run(
            new BufferedReader(new StringReader(stdin)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            all);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void importListSignAndExport() throws Exception {
    Result imported =
        run(
            TEST_PHRASE + "\n\n" + PASSWORD + "\n" + PASSWORD + "\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).containsIgnoringCase(FIRST_ADDRESS);

    assertThat(run("", "wallet", "list").out())
        .containsIgnoringCase(FIRST_ADDRESS)
        .contains("m/44'/60'/0'/0/0");

    Result signed = run(PASSWORD + "\n", "wallet", "sign-test", FIRST_ADDRESS);
    assertThat(signed.code()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("OK: both signatures verify");

    Result wrong = run("not the password\n", "wallet", "sign-test", FIRST_ADDRESS);
    assertThat(wrong.code()).isEqualTo(ExitCodes.WALLET);
    assertThat(wrong.err()).containsIgnoringCase("wrong password");

    Path exported = home.resolve("backup.json");
    Result export = run("", "wallet", "export", FIRST_ADDRESS, "--out", exported.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(Files.readString(exported))
        .containsIgnoringCase(FIRST_ADDRESS.substring(2))
        .contains("scrypt");
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    Result weak = run(TEST_PHRASE + "\n\nshort\nshort\n", "wallet", "import", "--mnemonic");
    assertThat(weak.code()).isEqualTo(ExitCodes.BAD_INPUT);
    Result differ =
        run(
            TEST_PHRASE + "\n\n" + PASSWORD + "\nother password 99\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(differ.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(differ.err()).contains("two passwords differ");
    Result badKey =
        run("0x1234\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "import", "--private-key");
    assertThat(badKey.code()).isEqualTo(ExitCodes.BAD_INPUT);
    Result wrongWords = run("x\nx\nx\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "create");
    assertThat(wrongWords.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(wrongWords.out()).contains(" 1. ", "12. ");
    assertThat(run("", "wallet", "list").out()).startsWith("No wallet accounts yet");
    assertThat(String.join("", weak.err(), differ.err(), badKey.err())).doesNotContain(PASSWORD);
  }
}
