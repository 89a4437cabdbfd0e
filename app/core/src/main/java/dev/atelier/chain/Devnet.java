package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local development chain: an Anvil node that Atelier starts on a free port of 127.0.0.1 and
 * stops again. {@link #close()} stops the node and every process it started; a JVM shutdown hook
 * does the same if the owner forgets, so no node outlives Atelier.
 *
 * <p>Anvil's well-known development accounts (from the public "test test ... junk" phrase) start
 * with 10 000 ETH each; {@link #fund} gives any address a balance. Chain id {@value #CHAIN_ID}.
 */
public final class Devnet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Devnet.class);

  /** The devnet's chain id. */
  public static final long CHAIN_ID = 31337;

  /** Where {@code npm ci} in {@code tools/js} puts the Anvil binary, relative to that folder. */
  public static final String NPM_BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final JsonRpc rpc;
  private final Path log;
  private final Thread shutdownHook;
  private boolean closed;

  private Devnet(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.rpc = new JsonRpc(rpcUrl());
    this.shutdownHook = new Thread(this::stopProcesses, "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Finds the Anvil binary: the {@code atelier.anvil} system property when set, else {@value
   * #NPM_BINARY} under the {@code atelier.tools} folder when that is set, else {@code anvil} on the
   * {@code PATH} (where Foundry's installer puts it).
   *
   * @throws ChainException {@link Reason#DEVNET} when none of these is an executable file
   */
  public static Path locateAnvil() {
    String explicit = System.getProperty("atelier.anvil");
    Path candidate;
    if (explicit != null && !explicit.isBlank()) {
      candidate = Path.of(explicit);
    } else {
      String tools = System.getProperty("atelier.tools");
      if (tools == null || tools.isBlank()) {
        return onPath("anvil")
            .orElseThrow(
                () ->
                    new ChainException(
                        Reason.DEVNET,
                        "No Anvil binary found: set atelier.anvil (the launcher: ATELIER_ANVIL) to"
                            + " its path, or atelier.tools to the tools/js folder after `npm ci`"
                            + " there, or put Foundry's anvil on the PATH"));
      }
      candidate = Path.of(tools).resolve(NPM_BINARY);
    }
    if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
      throw new ChainException(
          Reason.DEVNET,
          "The Anvil binary "
              + candidate
              + " is missing or not executable (run `npm ci` in tools/js)");
    }
    return candidate;
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        Path file = Path.of(dir, name);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts Anvil from {@link #locateAnvil()}. */
  public static Devnet start() {
    return start(locateAnvil());
  }

  /**
   * Starts Anvil from {@link #locateAnvil()} with extra command-line options, such as {@code
   * --gas-limit 100000000} for a larger block.
   */
  public static Devnet start(List<String> options) {
    return start(locateAnvil(), options);
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
   * Starts {@code anvil} with extra command-line {@code options} on a free port and waits until it
   * answers {@code eth_chainId}.
   *
   * @throws ChainException {@link Reason#DEVNET} when it does not start or answer in time
   */
  public static Devnet start(Path anvil, List<String> options) {
    ChainException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log = null;
      Process process;
      try {
        log = Files.createTempFile("atelier-anvil", ".log");
        List<String> command =
            new ArrayList<>(
                List.of(
                    anvil.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--chain-id",
                    Long.toString(CHAIN_ID)));
        command.addAll(options);
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
      } catch (IOException e) {
        deleteQuietly(log);
        throw new ChainException(Reason.DEVNET, "Cannot start Anvil " + anvil + ": " + e, e);
      }
      Devnet devnet = new Devnet(process, port, log);
      try {
        devnet.awaitReady();
        LOG.info("Devnet (Anvil) started on {}, pid {}", devnet.rpcUrl(), process.pid());
        return devnet;
      } catch (ChainException e) {
        devnet.close();
        last = e;
      }
    }
    throw last;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
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
    return process.pid();
  }

  /** True until closed (and while the node runs). */
  public boolean isRunning() {
    return !closed && process.isAlive();
  }

  /** Sets an address's balance ({@code anvil_setBalance}). */
  public void fund(String address, BigInteger wei) {
    rpc.call("anvil_setBalance", address, JsonRpc.quantity(wei));
  }

  /** Stops the node and its child processes and waits for them. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) anyway
    }
    deleteQuietly(log);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", file, e);
    }
  }

  private void stopProcesses() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void awaitReady() {
    awaitAnswer(process, rpcUrl(), log);
  }

  /**
   * Waits until the Anvil {@code process} answers {@code eth_chainId} with {@link #CHAIN_ID} on
   * {@code url} while still running. Shared with {@link LocalDevnet}.
   *
   * @param log Anvil's output, whose tail explains an early exit
   * @throws ChainException {@link Reason#DEVNET} when it exits, answers another chain id, or does
   *     not answer within 30 s
   */
  static void awaitAnswer(Process process, String url, Path log) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    JsonRpc probe = new JsonRpc(url, Duration.ofSeconds(2));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new ChainException(
            Reason.DEVNET,
            "Anvil exited with code " + process.exitValue() + " at start: " + tail(log));
      }
      try {
        long id = probe.chainId();
        if (id != CHAIN_ID) {
          throw new ChainException(
              Reason.DEVNET, "Anvil answered chain id " + id + ", not " + CHAIN_ID);
        }
        if (process.isAlive()) {
          return;
        }
      } catch (ChainException e) {
        if (e.reason() != Reason.UNREACHABLE) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException(Reason.DEVNET, "Interrupted while starting Anvil", e);
      }
    }
    throw new ChainException(
        Reason.DEVNET,
        "Anvil did not answer on " + url + " within " + START_TIMEOUT.toSeconds() + " s");
  }

  /** The last 500 characters of a log file, or "(no output)". */
  static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8).strip();
      return text.length() > 500 ? "…" + text.substring(text.length() - 500) : text;
    } catch (IOException e) {
      return "(no output)";
    }
  }

  /** A port of 127.0.0.1 that nothing listens on at this moment. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    }
  }
}
