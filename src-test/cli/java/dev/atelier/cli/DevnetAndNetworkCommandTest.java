package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier devnet}, {@code network} and {@code config}, on a real Anvil. */
class DevnetAndNetworkCommandTest {

  static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");
  static final String BEEF = "0x000000000000000000000000000000000000bEEF";

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @AfterEach
  void noNodeIsLeftRunning() {
    run("devnet", "stop");
    String state = home.resolve("data/devnet/state.json").toAbsolutePath().normalize().toString();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(
                    p ->
                        p.info()
                            .arguments()
                            .map(a -> Arrays.asList(a).contains(state))
                            .orElse(false)))
        .isEmpty();
  }

  private String settingsFileText() {
    try {
      return new String(
          Files.readAllBytes(home.resolve("config/settings.properties")),
          StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String startDevnet() {
    CliRun started = run("devnet", "start");
    assertThat(started.code()).as(started.err()).isZero();
    Matcher url = URL.matcher(started.out());
    assertThat(url.find()).as(started.out()).isTrue();
    return url.group();
  }

  @Test
  void startStatusFundAndStop() {
    assertThat(run("devnet", "status").out()).contains("Local devnet: not running");
    CliRun noAccount = run("devnet", "fund");
    assertThat(noAccount.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noAccount.err()).contains("no account yet");

    CliRun started = run("devnet", "start");
    assertThat(started.code()).as(started.err()).isZero();
    assertThat(started.out())
        .contains("Local devnet running on http://127.0.0.1:", "chain id 31337");
    Matcher m = URL.matcher(started.out());
    assertThat(m.find()).isTrue();
    String url = m.group();
    assertThat(run("devnet", "start").out()).contains("already running on " + url);

    CliRun status = run("devnet", "status");
    assertThat(status.out())
        .contains("Local devnet: running", "RPC URL:  " + url, "Chain id: 31337", "Block:    0");
    assertThat(run("network", "list").out()).containsPattern("Local devnet +31337 +" + url);

    CliRun funded = run("devnet", "fund", BEEF, "--eth", "2.5");
    assertThat(funded.code()).as(funded.err()).isZero();
    assertThat(funded.out()).contains("Funded " + BEEF + " with 2.5 ETH; balance now 2.5 ETH");

    CliRun imported =
        CliRun.of(
            home,
            WalletCommandTest.TEST_PHRASE
                + "\n"
                + WalletCommandTest.PASSWORD
                + "\n"
                + WalletCommandTest.PASSWORD
                + "\n",
            "wallet",
            "import",
            "--mnemonic");
    assertThat(imported.code()).as(imported.err()).isZero();
    // The phrase's first account is also Anvil's first development account (10 000 ETH).
    CliRun toWallet = run("devnet", "fund");
    assertThat(toWallet.code()).as(toWallet.err()).isZero();
    assertThat(toWallet.out())
        .containsIgnoringCase("Funded " + WalletCommandTest.FIRST_ADDRESS + " with 100 ETH")
        .contains("balance now 10100 ETH");
    assertThat(run("devnet", "fund", "0x1234").code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run("devnet", "fund", BEEF, "--eth", "0").code()).isEqualTo(ExitCodes.BAD_INPUT);

    CliRun stopped = run("devnet", "stop");
    assertThat(stopped.out()).contains("Local devnet stopped");
    assertThat(run("devnet", "status").out()).contains("not running");
    assertThat(run("devnet", "stop").out()).contains("was not running");
    CliRun notRunning = run("devnet", "fund", BEEF);
    assertThat(notRunning.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(notRunning.err()).contains("not running", "atelier devnet start");

    // The chain was kept: the balance is back with the node, on the same URL.
    assertThat(startDevnet()).isEqualTo(url);
    assertThat(run("devnet", "fund", BEEF, "--eth", "1").out()).contains("balance now 3.5 ETH");
  }

  @Test
  void networksAreAddedOnlyWhenTheUrlServesTheirChainAndNeverShowKeys() {
    String url = startDevnet();

    CliRun added = run("network", "add", "My devnet", "--chain-id", "31337", "--rpc-url", url);
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).contains("Added My devnet: chain id 31337, " + url);

    CliRun wrong = run("network", "add", "Sepolia", "--rpc-url", url);
    assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(wrong.err()).contains("serves chain id 31337, not 11155111", "nothing was saved");

    CliRun noId = run("network", "add", "Mystery", "--rpc-url", url);
    assertThat(noId.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noId.err()).contains("--chain-id");

    CliRun down =
        run("network", "add", "Down", "--chain-id", "5", "--rpc-url", "http://127.0.0.1:1/KEY1");
    assertThat(down.code()).isEqualTo(ExitCodes.CHAIN);
    assertThat(down.err()).contains("Cannot reach", "--no-check").doesNotContain("KEY1");

    String secret = "https://artist:pa55@base-sepolia.example/v3/SECRETKEY?token=T0KEN";
    CliRun unchecked = run("network", "add", "Base Sepolia", "--rpc-url", secret, "--no-check");
    assertThat(unchecked.code()).as(unchecked.err()).isZero();
    assertThat(unchecked.out()).contains("Updated Base Sepolia: chain id 84532");

    assertThat(run("network", "add", "Bad", "--chain-id", "1", "--rpc-url", "ftp://x/KEY2"))
        .satisfies(r -> assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT))
        .satisfies(r -> assertThat(r.err()).doesNotContain("KEY2"));

    CliRun list = run("network", "list");
    assertThat(list.out())
        .containsPattern("Sepolia +11155111 +\\(no RPC URL yet\\)")
        .containsPattern("Base Sepolia +84532 +https://base-sepolia\\.example/…")
        .containsPattern("My devnet +31337 +" + url)
        .doesNotContain("SECRETKEY", "T0KEN", "pa55", "Mystery", "Down");
    String all = String.join("", added.out(), unchecked.out(), list.out(), wrong.err());
    assertThat(all).doesNotContain("SECRETKEY", "pa55");
    assertThat(settingsFileText()).doesNotContain("SECRETKEY", "T0KEN", "pa55");

    assertThat(run("network", "remove", "My devnet").out()).contains("Removed My devnet");
    CliRun again = run("network", "remove", "My devnet");
    assertThat(again.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(again.err()).contains("no network is called \"My devnet\"");
    assertThat(run("network", "remove", "Local devnet").code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run("network", "list").out()).doesNotContain("My devnet").contains("Local devnet");
  }

  @Test
  void theIpfsNodeAndOtherSettingsAreSetByKey() {
    assertThat(run("config", "get", "ipfs.api-url").out()).isEqualTo(System.lineSeparator());
    CliRun set = run("config", "set", "ipfs.api-url", "http://127.0.0.1:5001");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out()).contains("ipfs.api-url = http://127.0.0.1:5001");
    assertThat(run("config", "get", "ipfs.api-url").out().strip())
        .isEqualTo("http://127.0.0.1:5001");
    assertThat(run("config", "list").out())
        .containsPattern("ipfs\\.api-url +http://127\\.0\\.0\\.1:5001")
        .containsPattern("wallet\\.auto-lock-minutes +5")
        .containsPattern("chain\\.devnet\\.autostart +false");

    assertThat(run("config", "set", "ipfs.api-url", "ipfs://nope").code())
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run("config", "set", "wallet.auto-lock-minutes", "ten").code())
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run("config", "set", "wallet.auto-lock-minutes", "10").code()).isZero();
    assertThat(run("config", "get", "wallet.auto-lock-minutes").out().strip()).isEqualTo("10");
    CliRun unknown = run("config", "set", "no.such.key", "1");
    assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.err()).contains("Unknown setting no.such.key", "ipfs.api-url");
    assertThat(run("config", "get", "chain.networks").err()).contains("atelier network");

    assertThat(run("config", "unset", "ipfs.api-url").out()).contains("ipfs.api-url is not set");
    assertThat(run("config", "list").out()).containsPattern("ipfs\\.api-url +\\(not set\\)");
  }
}
