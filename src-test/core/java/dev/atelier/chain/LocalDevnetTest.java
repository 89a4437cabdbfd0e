package dev.atelier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.LocalDevnet.Mode;
import dev.atelier.chain.LocalDevnet.Node;
import dev.atelier.config.AppDirs;
import dev.atelier.config.DevnetSettings;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.Settings;
import dev.atelier.ethereum.Ether;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's local devnet on a real Anvil: start, attach, fund, stop, and the chain kept. */
class LocalDevnetTest {

  static final String ARTIST = "0x000000000000000000000000000000000000a7E1";

  @TempDir Path home;

  private final List<LocalDevnet> opened = new ArrayList<>();

  /** A devnet handle as another Atelier process would have it: its own settings object. */
  private LocalDevnet devnet() {
    LocalDevnet d = new LocalDevnet(home.resolve("devnet"), devnetSettings());
    opened.add(d);
    return d;
  }

  private DevnetSettings devnetSettings() {
    Settings settings = settings();
    return new DevnetSettings(settings, SavedNetworks.open(settings, AppDirs.under(home)));
  }

  private Settings settings() {
    return Settings.load(home.resolve("settings.properties"));
  }

  @AfterEach
  void stopEveryNode() {
    opened.forEach(LocalDevnet::close);
    if (!opened.isEmpty()) {
      opened.getFirst().stop();
    }
    assertThat(anvilsOn(home.resolve("devnet").resolve(LocalDevnet.STATE_FILE))).isEmpty();
  }

  /** Anvil processes started on this state file. */
  static List<ProcessHandle> anvilsOn(Path stateFile) {
    String state = stateFile.toAbsolutePath().normalize().toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false))
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(state)).orElse(false))
        .toList();
  }

  @Test
  void aSecondHandleAttachesToTheRunningNodeFundsAndStopsIt() {
    LocalDevnet studio = devnet();
    Node node = studio.start(Mode.OWNED);
    assertThat(new JsonRpc(node.rpcUrl()).chainId()).isEqualTo(Devnet.CHAIN_ID);

    LocalDevnet cli = devnet();
    assertThat(cli.running()).contains(node);
    assertThat(cli.start(Mode.DETACHED)).isEqualTo(node);
    assertThat(anvilsOn(studio.stateFile()))
        .extracting(ProcessHandle::pid)
        .containsExactly(node.pid());

    assertThat(cli.faucet().fund(ARTIST)).isEqualTo(DevnetFaucet.DEFAULT_FUNDING);
    assertThat(cli.faucet().fund(ARTIST, Ether.WEI_PER_ETHER)).isEqualTo(ether(101));
    assertThat(studio.faucet().balance(ARTIST)).isEqualTo(ether(101));

    Settings saved = settings();
    assertThat(
            SavedNetworks.open(saved, AppDirs.under(home))
                .find(Network.LOCAL_DEVNET)
                .orElseThrow()
                .rpcUrl())
        .isEqualTo(node.rpcUrl());
    assertThat(saved.devnetAutostart()).isTrue();

    cli.close(); // attached only: the node runs on
    assertThat(studio.running()).contains(node);

    assertThat(cli.stop()).isTrue();
    assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(studio.running()).isEmpty();
    assertThat(settings().devnetAutostart()).isFalse();
    assertThat(cli.stop()).isFalse();
    assertThatThrownBy(() -> studio.faucet().fund(ARTIST))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("not running")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.DEVNET);
  }

  @Test
  void theChainAndItsUrlSurviveAStopAndAStart() {
    LocalDevnet devnet = devnet();
    Node first = devnet.start(Mode.DETACHED);
    devnet.faucet().fund(ARTIST, ether(7));
    devnet.rpc().call("anvil_mine", "0x3");
    long blocks = devnet.rpc().blockNumber();
    assertThat(devnet.stop()).isTrue();

    Node second = devnet().start(Mode.DETACHED);
    assertThat(second.pid()).isNotEqualTo(first.pid());
    assertThat(second.rpcUrl()).isEqualTo(first.rpcUrl());
    assertThat(devnet.faucet().balance(ARTIST)).isEqualTo(ether(7));
    assertThat(devnet.rpc().blockNumber()).isGreaterThanOrEqualTo(blocks);
  }

  @Test
  void aKilledNodeKeepsAllButItsLastSecondsAndItsRecordIsCleanedUp() throws Exception {
    LocalDevnet devnet = devnet();
    Node first = devnet.start(Mode.DETACHED);
    devnet.faucet().fund(ARTIST, ether(3));
    // Anvil writes the chain every few seconds; wait for the write that has the new balance.
    String needle = ARTIST.substring(2).toLowerCase(Locale.ROOT);
    Instant deadline = Instant.now().plusSeconds(LocalDevnet.STATE_INTERVAL_SECONDS * 3L);
    while (!stateMentions(devnet.stateFile(), needle) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();
    process.destroyForcibly(); // as if the machine had killed it: no state written on exit
    process.onExit().get();

    assertThat(devnet.folder().resolve(LocalDevnet.NODE_FILE)).exists();
    assertThat(devnet.running()).isEmpty();
    assertThat(devnet.folder().resolve(LocalDevnet.NODE_FILE)).doesNotExist();

    devnet.start(Mode.DETACHED);
    assertThat(devnet.faucet().balance(ARTIST)).isEqualTo(ether(3));
  }

  private static boolean stateMentions(Path state, String needle) throws IOException {
    return Files.exists(state) && Files.readString(state).toLowerCase(Locale.ROOT).contains(needle);
  }

  @Test
  void aRecordOfAProcessThatIsNotItsAnvilIsStaleAndThatProcessIsLeftAlone() throws Exception {
    LocalDevnet devnet = devnet();
    Path record = devnet.folder().resolve(LocalDevnet.NODE_FILE);
    Files.createDirectories(devnet.folder());

    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        record, "{\"pid\":" + gone.pid() + ",\"port\":1,\"startedAt\":\"2026-11-26T10:00:00Z\"}");
    assertThat(devnet.running()).isEmpty();
    assertThat(record).doesNotExist();

    long self = ProcessHandle.current().pid();
    Files.writeString(
        record, "{\"pid\":" + self + ",\"port\":1,\"startedAt\":\"2026-11-26T10:00:00Z\"}");
    assertThat(devnet.running()).isEmpty();
    assertThat(record).doesNotExist();
    assertThat(ProcessHandle.current().isAlive()).isTrue();

    Files.writeString(record, "{not json");
    assertThat(devnet.running()).isEmpty();
    assertThat(record).doesNotExist();
  }

  @Test
  void anUnreadableChainIsKeptAsideAndANewOneStarts() throws Exception {
    LocalDevnet devnet = devnet();
    Files.createDirectories(devnet.folder());
    Files.writeString(devnet.stateFile(), "{\"broken");
    devnet.start(Mode.DETACHED);
    assertThat(devnet.rpc().blockNumber()).isZero();
    assertThat(devnet.folder().resolve(LocalDevnet.STATE_FILE + ".unreadable"))
        .hasContent("{\"broken");
  }

  @Test
  void theStudioStartsItAgainOnlyWhenTheUserLeftItRunning() {
    LocalDevnet first = devnet();
    assertThat(first.resume()).isEmpty();
    assertThat(anvilsOn(first.stateFile())).isEmpty();

    Node node = first.start(Mode.OWNED);
    first.close(); // the studio closes: its node stops, the wish to have it stays
    assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(first.folder().resolve(LocalDevnet.NODE_FILE)).doesNotExist();

    LocalDevnet next = devnet();
    assertThat(next.resume()).hasValueSatisfying(n -> assertThat(n.pid()).isNotEqualTo(node.pid()));
    next.stop();
    assertThat(devnet().resume()).isEmpty();
  }

  @Test
  void badAddressesAndAMissingAnvilAreClearErrors() {
    DevnetFaucet unreachable = new DevnetFaucet(new JsonRpc("http://127.0.0.1:1"));
    assertThatThrownBy(() -> unreachable.fund("0x1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an address");
    assertThatThrownBy(() -> unreachable.fund(ARTIST, BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    LocalDevnet broken =
        new LocalDevnet(home.resolve("devnet"), devnetSettings(), () -> home.resolve("no-anvil"));
    assertThatThrownBy(() -> broken.start(Mode.DETACHED))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("no-anvil is missing or not executable")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.DEVNET);
    assertThat(settings().devnetAutostart()).isFalse();
  }

  static BigInteger ether(long n) {
    return Ether.of(n);
  }
}
