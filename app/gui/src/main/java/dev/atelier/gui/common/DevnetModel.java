package dev.atelier.gui.common;

import dev.atelier.chain.Devnet;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.LocalDevnet.Node;
import dev.atelier.ethereum.Ether;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The studio's local devnet as the screens see it: the one place that starts, stops and funds it,
 * in the background, and shows whether it runs. The Settings, Wallet and mint screens share one, so
 * a node started on one screen shows as running on the others. What a screen says about the outcome
 * (a notice, a message) it decides in the callbacks it passes.
 *
 * <p>A node started here is {@link LocalDevnet.Mode#OWNED}: it stops when the studio closes (its
 * chain kept) and starts again with the studio until it is stopped.
 */
public final class DevnetModel {

  /** Accounts below this balance get test ether when the devnet is started to mint. */
  public static final BigInteger LOW_BALANCE = Ether.WEI_PER_ETHER;

  /**
   * A devnet started to mint on.
   *
   * @param node the running node
   * @param funded the accounts that were below {@link #LOW_BALANCE} and got {@link
   *     DevnetFaucet#DEFAULT_FUNDING}
   */
  public record Started(Node node, List<String> funded) {

    public Started {
      funded = List.copyOf(funded);
    }
  }

  private final LocalDevnet devnet;
  private final BackgroundRunner runner;
  private final ReadOnlyObjectWrapper<Optional<Node>> node =
      new ReadOnlyObjectWrapper<>(this, "node", Optional.empty());
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper(this, "status", "Checking…");

  public DevnetModel(LocalDevnet devnet, BackgroundRunner runner) {
    this.devnet = Objects.requireNonNull(devnet, "devnet");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** Asks whether the node runs, in the background. */
  public void refresh() {
    runner.run(devnet::running, this::show, this::showUnknown);
  }

  /**
   * Brings the devnet back if the user left it running last time, else only notices a node that
   * runs already: what the studio does when it opens.
   */
  public void resume(Consumer<Optional<Node>> onDone, Consumer<Throwable> onFailure) {
    runner.run(
        devnet::resume,
        found -> {
          show(found);
          onDone.accept(found);
        },
        failure -> {
          onFailure.accept(failure);
          refresh();
        });
  }

  /** Starts the devnet, or attaches to the node that runs. */
  public void start(Consumer<Node> onStarted, Consumer<Throwable> onFailure) {
    begin("Starting…");
    runner.run(
        () -> devnet.start(LocalDevnet.Mode.OWNED),
        started -> {
          busy.set(false);
          show(Optional.of(started));
          onStarted.accept(started);
        },
        failure -> fail(failure, onFailure));
  }

  /**
   * Starts the devnet, then gives each of the {@code accounts} (read in the background) whose
   * balance there is below {@link #LOW_BALANCE} the default test ether: what minting on the devnet
   * needs.
   */
  public void startAndFund(
      Supplier<List<String>> accounts, Consumer<Started> onStarted, Consumer<Throwable> onFailure) {
    begin("Starting…");
    runner.run(
        () -> {
          Node started = devnet.start(LocalDevnet.Mode.OWNED);
          return new Started(started, fundLow(devnet.faucet(), accounts.get()));
        },
        started -> {
          busy.set(false);
          show(Optional.of(started.node()));
          onStarted.accept(started);
        },
        failure -> fail(failure, onFailure));
  }

  private static List<String> fundLow(DevnetFaucet faucet, List<String> addresses) {
    List<String> funded = new ArrayList<>();
    for (String address : addresses) {
      if (faucet.balance(address).compareTo(LOW_BALANCE) < 0) {
        faucet.fund(address);
        funded.add(address);
      }
    }
    return funded;
  }

  /** Stops the devnet; its chain is kept for the next start. */
  public void stop(Runnable onStopped, Consumer<Throwable> onFailure) {
    begin("Stopping…");
    runner.run(
        devnet::stop,
        stopped -> {
          busy.set(false);
          show(Optional.empty());
          onStopped.run();
        },
        failure -> fail(failure, onFailure));
  }

  /**
   * Adds {@link DevnetFaucet#DEFAULT_FUNDING} to {@code address} on the running devnet.
   *
   * @param onFunded gets the address's new balance in wei
   */
  public void fund(String address, Consumer<BigInteger> onFunded, Consumer<Throwable> onFailure) {
    busy.set(true);
    runner.run(
        () -> devnet.faucet().fund(address),
        balance -> {
          busy.set(false);
          onFunded.accept(balance);
        },
        failure -> {
          busy.set(false);
          onFailure.accept(failure);
        });
  }

  private void begin(String what) {
    busy.set(true);
    status.set(what);
  }

  private void fail(Throwable failure, Consumer<Throwable> onFailure) {
    busy.set(false);
    onFailure.accept(failure);
    refresh();
  }

  // The node is set last: a listener on it sees running and status already in step.
  private void show(Optional<Node> now) {
    running.set(now.isPresent());
    status.set(
        now.map(n -> "Running at " + n.rpcUrl() + " · chain id " + Devnet.CHAIN_ID)
            .orElse("Stopped · its chain is kept in " + devnet.folder()));
    node.set(now);
  }

  private void showUnknown(Throwable failure) {
    running.set(false);
    status.set("Unknown: " + Notices.message(failure));
    node.set(Optional.empty());
  }

  /** The running node, as last seen; empty when stopped or not known. */
  public ReadOnlyObjectProperty<Optional<Node>> nodeProperty() {
    return node.getReadOnlyProperty();
  }

  /** Whether the node runs, as last seen. */
  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public boolean isRunning() {
    return running.get();
  }

  /** True while the devnet starts, stops or funds an account. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** E.g. "Running at http://127.0.0.1:8545 · chain id 31337", "Stopped · …", "Starting…". */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }
}
