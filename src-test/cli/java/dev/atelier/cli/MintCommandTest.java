package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line from a generated image to a token on a real Anvil node: generate, import a key,
 * sign, deploy a collection, mint (with the cost shown first and the answer respected), read the
 * token back, refuse a second mint, list the jobs.
 */
class MintCommandTest {

  static final String KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  static final String PASSWORD = "correct horse battery 42";

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @Test
  void generateSignDeployMintAndFollow() {
    CliRun gen =
        run(
            "",
            "generate",
            "-p",
            "tide pools at dusk",
            "--seed",
            "5",
            "--steps",
            "2",
            "-n",
            "2",
            "--out",
            home.resolve("images").toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    CliRun imported =
        run(KEY + "\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "import", "--private-key");
    assertThat(imported.code()).as(imported.err()).isZero();
    List<Asset> assets;
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      assets =
          studio
              .catalog()
              .assets()
              .ofGeneration(studio.catalog().generations().recent(1).getFirst().id());
    }
    String a = "" + assets.get(0).id();
    String b = "" + assets.get(1).id();

    CliRun noUrl = run("", "collection", "deploy", "--name", "Tide Pools", "--symbol", "TIDE");
    assertThat(noUrl.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noUrl.err()).contains("Local devnet has no RPC URL yet");

    try (Devnet devnet = Devnet.start()) {
      try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
        studio.networks().put(devnet.network());
      }
      CliRun unsigned = run("", "mint", a, "--yes");
      assertThat(unsigned.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(unsigned.err()).contains("No collection on chain 31337 yet");

      CliRun declined =
          run(
              "n\n",
              "collection",
              "deploy",
              "--name",
              "Tide Pools",
              "--symbol",
              "TIDE",
              "--version",
              "1");
      assertThat(declined.code()).isEqualTo(ExitCodes.CANCELLED);
      assertThat(declined.out()).contains("Gas ≈", "expected cost", "Nothing was signed.");
      assertThat(run("", "collection", "list").out()).contains("No collections yet");

      CliRun deployed =
          run(
              "y\n" + PASSWORD + "\n",
              "collection",
              "deploy",
              "--name",
              "Tide Pools",
              "--symbol",
              "TIDE",
              "--version",
              "1",
              "--royalty-bps",
              "750");
      assertThat(deployed.code()).as(deployed.err()).isZero();
      Matcher m = Pattern.compile("at (0x[0-9a-fA-F]{40})").matcher(deployed.out());
      assertThat(m.find()).as(deployed.out()).isTrue();
      String address = m.group(1);
      assertThat(run("", "collection", "list").out()).contains(address, "TIDE", ADDRESS);

      CliRun notSigned = run(PASSWORD + "\n", "mint", a, "--yes");
      assertThat(notSigned.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(notSigned.err()).contains("is not signed yet", "atelier sign " + a);
      assertThat(notSigned.err())
          .as("the core says what is wrong, the command line what to run")
          .contains("  run: atelier sign " + a + " --license ID --chain-id 31337");

      CliRun signed = run(PASSWORD + "\n", "sign", a, b, "--license", "CC-BY-4.0");
      assertThat(signed.code()).as(signed.err()).isZero();

      CliRun wrongPassword = run("y\nnot the password 9\n", "mint", a, b);
      assertThat(wrongPassword.code()).isEqualTo(ExitCodes.WALLET);
      assertThat(wrongPassword.out()).contains("Mint 2 asset(s) into Tide Pools", "ipfs://baf");

      CliRun minted = run(PASSWORD + "\n", "mint", a, b, "--yes");
      assertThat(minted.code()).as(minted.out() + minted.err()).isZero();
      assertThat(minted.out())
          .contains(
              "Asset " + a + " is token 1",
              "Asset " + b + " is token 2",
              "on-chain provenance verified",
              "No IPFS node is configured");

      CollectionContract contract =
          new CollectionContract(new Transactions(devnet.rpc(), Devnet.CHAIN_ID), address);
      assertThat(contract.ownerOf(2)).isEqualTo(ADDRESS);
      assertThat(contract.license(1).licenseId()).isEqualTo("CC-BY-4.0");
      assertThat(contract.nextTokenId()).isEqualTo(3);

      CliRun again = run(PASSWORD + "\n", "mint", a, "--yes");
      assertThat(again.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(again.err()).contains("already token 1");

      CliRun status = run("", "mint", "status");
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out()).containsPattern("\\s" + a + "\\s+TIDE\\s+CONFIRMED\\s+1\\s");
      assertThat(status.out()).containsPattern("\\s" + b + "\\s+TIDE\\s+CONFIRMED\\s+2\\s");
    }
    CliRun nodeDown = run(PASSWORD + "\n", "mint", b, "--yes");
    assertThat(nodeDown.code()).isEqualTo(ExitCodes.CHAIN);
    assertThat(nodeDown.err()).contains("is the node running?");
  }

  /**
   * A mint cut short, then run again: what an earlier run minted is reported and left out, the rest
   * is minted; {@code mint status} says what it settled, whether start-up recovery or the command
   * itself did it; a failure prints the command that puts it right.
   */
  @Test
  void aRerunMintsWhatIsLeftAndStatusSaysWhatItSettled() {
    List<String> ids = generateAndImport(4);
    String a = ids.get(0);
    String b = ids.get(1);
    String c = ids.get(2);
    String d = ids.get(3);
    try (Devnet devnet = Devnet.start()) {
      try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
        studio.networks().put(devnet.network());
      }
      CliRun deployed =
          run(
              PASSWORD + "\n",
              "collection",
              "deploy",
              "--name",
              "Tide Pools",
              "--symbol",
              "TIDE",
              "--version",
              "1",
              "--yes");
      assertThat(deployed.code()).as(deployed.err()).isZero();
      CliRun signed = run(PASSWORD + "\n", "sign", a, b, c, d, "--license", "CC-BY-4.0");
      assertThat(signed.code()).as(signed.err()).isZero();

      CliRun first = run(PASSWORD + "\n", "mint", a, "--yes");
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).contains("Asset " + a + " is token 1");

      CliRun rerun = run(PASSWORD + "\n", "mint", a, b, c, "--yes");
      assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
      assertThat(rerun.out())
          .contains(
              "Mint 2 asset(s) into Tide Pools",
              "  asset " + a + ": already token 1, left out",
              "Asset " + a + " was already token 1 of Tide Pools",
              "Asset " + b + " is token 2",
              "Asset " + c + " is token 3");
      assertThat(rerun.err()).doesNotContain("already");

      CliRun nothingLeft = run(PASSWORD + "\n", "mint", a, b, "--yes");
      assertThat(nothingLeft.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(nothingLeft.err())
          .contains("Nothing is left to mint", "asset " + a + " is already token 1");

      CliRun noSuchCollection = run(PASSWORD + "\n", "mint", d, "--collection", "99", "--yes");
      assertThat(noSuchCollection.code()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(noSuchCollection.err())
          .contains("No collection 99 in the catalog", "  see: atelier collection list");

      // Cut short: sent, but the node drops it before a block, and the process is gone.
      devnet.rpc().call("evm_setAutomine", false);
      CliRun pending = run(PASSWORD + "\n", "mint", d, "--yes", "--wait", "1");
      assertThat(pending.code())
          .as(pending.out() + pending.err())
          .isEqualTo(ExitCodes.MINT_PENDING);
      Matcher sent =
          Pattern.compile("asset " + d + ": sent (0x[0-9a-f]{64})").matcher(pending.out());
      assertThat(sent.find()).as(pending.out()).isTrue();
      devnet.rpc().call("anvil_dropTransaction", sent.group(1));
      devnet.rpc().call("evm_setAutomine", true);

      // Start-up recovery sends it again, the command finds it mined: one line says both.
      CliRun status = run("", "mint", "status");
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out())
          .contains(
              "Settled unfinished mints on chain 31337: 1 confirmed, 0 failed, 0 waiting, 1 sent again");
      assertThat(status.out()).containsPattern("\\s" + d + "\\s+TIDE\\s+CONFIRMED\\s+4\\s");
      CliRun settled = run("", "mint", "status");
      assertThat(settled.out()).as("nothing left to settle").doesNotContain("Settled");
    }
  }

  /**
   * A version 2 collection (the default): the plan shows its batch with gas, fee and cost per token
   * against version 1, and {@code --yes} mints every asset in it, each token checked on-chain.
   */
  @Test
  void mintsIntoAVersion2CollectionInOneBatchShowingTheCostPerToken() {
    List<String> ids = generateAndImport(3);
    try (Devnet devnet = Devnet.start()) {
      try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
        studio.networks().put(devnet.network());
      }
      CliRun deployed =
          run(
              PASSWORD + "\n",
              "collection",
              "deploy",
              "--name",
              "Tide Pools",
              "--symbol",
              "TIDE",
              "--yes");
      assertThat(deployed.code()).as(deployed.err()).isZero();
      assertThat(deployed.out()).contains("version 2");
      assertThat(run("", "collection", "list").out()).containsPattern("TIDE\\s+2\\s");
      CliRun signed =
          run(
              PASSWORD + "\n",
              "sign",
              ids.get(0),
              ids.get(1),
              ids.get(2),
              "--license",
              "CC-BY-4.0");
      assertThat(signed.code()).as(signed.err()).isZero();

      CliRun declined = run(PASSWORD + "\nn\n", "mint", ids.get(0), ids.get(1), ids.get(2));
      assertThat(declined.code())
          .as(declined.out() + declined.err())
          .isEqualTo(ExitCodes.CANCELLED);
      assertThat(declined.out())
          .contains(
              "Mint 3 asset(s) into Tide Pools (TIDE, version 2)",
              "batch 1: 3 token(s), license CC-BY-4.0",
              "per token: gas ≈",
              "version 1 would take ≈ 348,352 gas",
              "× of a version 1 mint)",
              "measured for a version 1 batch",
              "No transaction was signed.");

      CliRun minted = run(PASSWORD + "\n", "mint", ids.get(0), ids.get(1), ids.get(2), "--yes");
      assertThat(minted.code()).as(minted.out() + minted.err()).isZero();
      for (String id : ids) {
        assertThat(minted.out())
            .containsPattern("Asset " + id + " is token \\d{40,} .*on-chain provenance verified");
      }
      CliRun again = run(PASSWORD + "\n", "mint", ids.get(0), "--yes");
      assertThat(again.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(again.err()).contains("already token");
    }
  }

  /** Generates {@code n} variants and imports the test key; returns the asset ids. */
  private List<String> generateAndImport(int n) {
    CliRun gen =
        run(
            "",
            "generate",
            "-p",
            "tide pools at dusk",
            "--seed",
            "7",
            "--steps",
            "2",
            "-n",
            Integer.toString(n),
            "--out",
            home.resolve("images").toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    CliRun imported =
        run(KEY + "\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "import", "--private-key");
    assertThat(imported.code()).as(imported.err()).isZero();
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      return studio
          .catalog()
          .assets()
          .ofGeneration(studio.catalog().generations().recent(1).getFirst().id())
          .stream()
          .map(asset -> Long.toString(asset.id()))
          .toList();
    }
  }
}
