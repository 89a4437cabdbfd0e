package dev.atelier.gui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.chain.Devnet;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.LocalDevnet.Node;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one devnet model the screens share, on a real Anvil. */
class DevnetModelTest {

  private static final String ARTIST = "0x000000000000000000000000000000000000a7E1";

  @TempDir Path home;

  private final BackgroundRunner runner = BackgroundRunner.sameThread();
  private final List<LocalDevnet> opened = new ArrayList<>();

  private LocalDevnet devnet() {
    LocalDevnet d = new LocalDevnet(home.resolve("devnet"), LocalDevnet.Memory.NONE);
    opened.add(d);
    return d;
  }

  @AfterEach
  void stopEveryNode() {
    opened.forEach(LocalDevnet::stop);
  }

  @Test
  void startsFundsAndStopsAndShowsItsStateAsProperties() {
    DevnetModel model = new DevnetModel(devnet(), runner);
    assertThat(model.statusProperty().get()).isEqualTo("Checking…");
    model.refresh();
    assertThat(model.isRunning()).isFalse();
    assertThat(model.statusProperty().get()).startsWith("Stopped · its chain is kept in ");

    List<Boolean> busyWhileWorking = new ArrayList<>();
    model.busyProperty().addListener((obs, old, now) -> busyWhileWorking.add(now));
    AtomicReference<Node> started = new AtomicReference<>();
    model.start(started::set, failure -> {});
    assertThat(busyWhileWorking).containsExactly(true, false);
    assertThat(model.isRunning()).isTrue();
    assertThat(model.nodeProperty().get()).contains(started.get());
    assertThat(model.statusProperty().get())
        .isEqualTo("Running at " + started.get().rpcUrl() + " · chain id " + Devnet.CHAIN_ID);

    AtomicReference<BigInteger> balance = new AtomicReference<>();
    model.fund(ARTIST, balance::set, failure -> {});
    assertThat(balance.get()).isEqualTo(DevnetFaucet.DEFAULT_FUNDING);

    // Another screen's model over the same devnet sees the node running.
    DevnetModel other = new DevnetModel(devnet(), runner);
    List<String> seenByListeners = new ArrayList<>();
    other
        .nodeProperty()
        .addListener(
            (obs, old, now) ->
                seenByListeners.add(other.isRunning() + " " + other.statusProperty().get()));
    other.refresh();
    assertThat(other.nodeProperty().get()).contains(started.get());
    assertThat(seenByListeners)
        .as("a screen listening to the node sees running and status already in step")
        .containsExactly("true " + model.statusProperty().get());

    List<String> done = new ArrayList<>();
    model.stop(() -> done.add("stopped"), failure -> {});
    assertThat(done).containsExactly("stopped");
    assertThat(model.isRunning()).isFalse();
    assertThat(model.busyProperty().get()).isFalse();
    assertThat(model.statusProperty().get()).startsWith("Stopped");
  }

  @Test
  void startingToMintFundsOnlyAccountsLowOnEther() {
    DevnetModel model = new DevnetModel(devnet(), runner);
    String rich = "0x000000000000000000000000000000000000b0b0";
    model.start(node -> {}, failure -> {});
    model.fund(rich, b -> {}, failure -> {});

    AtomicReference<DevnetModel.Started> started = new AtomicReference<>();
    model.startAndFund(() -> List.of(ARTIST, rich), started::set, failure -> {});
    assertThat(started.get().funded()).containsExactly(ARTIST);
    assertThat(model.isRunning()).isTrue();
  }

  @Test
  void aFailedStartIsReportedAndLeavesItStopped() {
    LocalDevnet broken =
        new LocalDevnet(
            home.resolve("devnet"), LocalDevnet.Memory.NONE, () -> home.resolve("no-anvil"));
    DevnetModel model = new DevnetModel(broken, runner);
    List<Throwable> failures = new ArrayList<>();
    model.start(node -> {}, failures::add);
    assertThat(failures)
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("no-anvil is missing or not executable");
    assertThat(model.busyProperty().get()).isFalse();
    assertThat(model.isRunning()).isFalse();
    assertThat(model.statusProperty().get()).startsWith("Stopped");
  }
}
