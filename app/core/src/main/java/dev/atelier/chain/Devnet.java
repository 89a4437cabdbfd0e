package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away development chain: an {@link Anvil} node that its owner starts on a free port of
 * 127.0.0.1 and stops again, with no state kept. {@link #close()} stops the node and every process
 * it started; a JVM shutdown hook does the same if the owner forgets, so no node outlives Atelier.
 * (The user's own devnet, kept between runs, is {@link LocalDevnet}.)
 *
 * <p>Anvil's well-known development accounts (from the public "test test ... junk" phrase) start
 * with 10 000 ETH each; {@link #fund} gives any address a balance. Chain id {@value #CHAIN_ID}.
 */
public final class Devnet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Devnet.class);

  /** The chain id of every devnet Atelier starts. */
  public static final long CHAIN_ID = 31337;

  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Anvil anvil;
  private final JsonRpc rpc;
  private final Path log;
  private final Thread shutdownHook;
  private boolean closed;

  private Devnet(Anvil anvil, Path log) {
    this.anvil = anvil;
    this.log = log;
    this.rpc = new JsonRpc(anvil.rpcUrl());
    this.shutdownHook = new Thread(() -> anvil.stop(STOP_GRACE), "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts Anvil from {@link Anvil#locate()}. */
  public static Devnet start() {
    return start(Anvil.locate());
  }

  /**
   * Starts Anvil from {@link Anvil#locate()} with extra command-line options, such as {@code
   * --gas-limit 100000000} for a larger block.
   */
  public static Devnet start(List<String> options) {
    return start(Anvil.locate(), options);
  }

  /**
   * Starts {@code anvil} on a free port and waits until it answers {@code eth_chainId}.
   *
   * @throws ChainException {@link Reason#DEVNET} when it does not start or answer in time
   */
  public static Devnet start(Path anvil) {
    return start(anvil, List.of());
  }

  /**
   * Starts {@code anvil} with extra command-line {@code options} on a free port (three tries, in
   * case another process takes the port first) and waits until it answers {@code eth_chainId}.
   *
   * @throws ChainException {@link Reason#DEVNET} when it does not start or answer in time
   */
  public static Devnet start(Path anvil, List<String> options) {
    ChainException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path log = newLog();
      try {
        Anvil node =
            Anvil.start(new Anvil.Launch(anvil, Anvil.freePort(), options, log, null, false));
        LOG.info("Devnet (Anvil) started on {}, pid {}", node.rpcUrl(), node.process().pid());
        return new Devnet(node, log);
      } catch (ChainException e) {
        deleteQuietly(log);
        if (e.getCause() instanceof IOException) {
          throw e; // the binary cannot be run at all: another port will not help
        }
        last = e;
      }
    }
    throw last;
  }

  private static Path newLog() {
    try {
      return Files.createTempFile("atelier-anvil", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the devnet's log file", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String rpcUrl() {
    return anvil.rpcUrl();
  }

  /** A client for this node. */
  public JsonRpc rpc() {
    return rpc;
  }

  /** The network entry of this devnet. */
  public Network network() {
    return new Network(Network.LOCAL_DEVNET, CHAIN_ID, rpcUrl());
  }

  /** The node's process id. */
  public long pid() {
    return anvil.process().pid();
  }

  /** True until closed (and while the node runs). */
  public boolean isRunning() {
    return !closed && anvil.isAlive();
  }

  /** Sets an address's balance, as {@link DevnetFaucet#setBalance}. */
  public void fund(String address, BigInteger wei) {
    new DevnetFaucet(rpc).setBalance(address, wei);
  }

  /** Stops the node and its child processes and waits for them. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    anvil.stop(STOP_GRACE);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) anyway
    }
    deleteQuietly(log);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", file, e);
    }
  }
}
