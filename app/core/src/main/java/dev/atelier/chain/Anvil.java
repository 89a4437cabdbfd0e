package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Anvil node process on 127.0.0.1, chain id {@value Devnet#CHAIN_ID}: where its binary is, how
 * it is started and waited for until it answers, and how it is stopped. The throw-away {@link
 * Devnet} and the user's {@link LocalDevnet} both run their node through this class; what they keep
 * around it (a temporary log, a state folder and its record) is theirs.
 */
public final class Anvil {

  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How to start one node.
   *
   * @param binary the Anvil executable
   * @param port its port on 127.0.0.1
   * @param options extra command-line options, such as {@code --state FILE}
   * @param log where its output goes (begun anew)
   * @param folder its working folder; null for this process's
   * @param ownSession true to start it in a session of its own (via {@code setsid} where there is
   *     one), so no Ctrl+C or hang-up of the starting terminal reaches it
   */
  public record Launch(
      Path binary, int port, List<String> options, Path log, Path folder, boolean ownSession) {

    public Launch {
      options = List.copyOf(options);
    }
  }

  private final Process process;
  private final int port;
  private final Path log;

  private Anvil(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Finds the Anvil binary: the {@code atelier.anvil} system property or {@code ATELIER_ANVIL} when
   * set, else the installed app's own copy, else the npm package under {@code atelier.tools}, else
   * {@code anvil} on the {@code PATH} (see {@link AnvilBinary}).
   *
   * @throws ChainException {@link Reason#DEVNET} when none of these is an executable file
   */
  public static Path locate() {
    return AnvilBinary.locate(AnvilBinary.Sources.current());
  }

  /**
   * Fails unless {@code binary} is an executable file.
   *
   * @throws ChainException {@link Reason#DEVNET} naming it, followed by {@code hint}
   */
  static void requireExecutable(Path binary, String hint) {
    AnvilBinary.requireExecutable(binary, hint);
  }

  /**
   * Starts a node and waits until it answers {@code eth_chainId} with {@value Devnet#CHAIN_ID}; a
   * node that does not is stopped again.
   *
   * @throws ChainException {@link Reason#DEVNET} when it cannot start, exits, answers another chain
   *     id, or does not answer within 30 s
   */
  public static Anvil start(Launch launch) {
    Anvil anvil = new Anvil(spawn(launch), launch.port(), launch.log());
    try {
      anvil.awaitAnswer();
    } catch (ChainException e) {
      anvil.stop(Duration.ofSeconds(5));
      throw e;
    }
    return anvil;
  }

  private static Process spawn(Launch launch) {
    List<String> command = new ArrayList<>();
    if (launch.ownSession()) {
      // setsid execs Anvil in its own process (no fork), so the pid stays Anvil's.
      findSetsid().ifPresent(setsid -> command.add(setsid.toString()));
    }
    command.addAll(
        List.of(
            launch.binary().toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(launch.port()),
            "--chain-id",
            Long.toString(Devnet.CHAIN_ID)));
    command.addAll(launch.options());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(launch.log().toFile());
    if (launch.folder() != null) {
      builder.directory(launch.folder().toFile());
    }
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new ChainException(
          Reason.DEVNET, "Cannot start Anvil " + launch.binary() + ": " + e.getMessage(), e);
    }
  }

  // Waits for an answer from the node while it still runs: a node that answered and then died
  // (e.g. it could not read its state) is no node.
  private void awaitAnswer() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    JsonRpc probe = new JsonRpc(rpcUrl(), Duration.ofSeconds(2));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new ChainException(
            Reason.DEVNET,
            "Anvil exited with code " + process.exitValue() + " at start: " + tail(log));
      }
      try {
        long id = probe.chainId();
        if (id != Devnet.CHAIN_ID) {
          throw new ChainException(
              Reason.DEVNET, "Anvil answered chain id " + id + ", not " + Devnet.CHAIN_ID);
        }
        if (process.isAlive()) {
          return;
        }
      } catch (ChainException e) {
        if (e.reason() != Reason.UNREACHABLE) {
          throw e;
        }
      }
      pause();
    }
    throw new ChainException(
        Reason.DEVNET,
        "Anvil did not answer on " + rpcUrl() + " within " + START_TIMEOUT.toSeconds() + " s");
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException(Reason.DEVNET, "Interrupted while starting Anvil", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String rpcUrl() {
    return rpcUrl(port);
  }

  /** The URL of a node on {@code port} of 127.0.0.1. */
  static String rpcUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The process started, which may be a launcher such as {@code setsid}. */
  public Process process() {
    return process;
  }

  /** The Anvil process itself: the one started, or (should a launcher have forked) its child. */
  public ProcessHandle node() {
    ProcessHandle handle = process.toHandle();
    if (handle.info().command().map(Anvil::looksLikeAnvil).orElse(true)) {
      return handle;
    }
    return handle
        .descendants()
        .filter(p -> p.info().command().map(Anvil::looksLikeAnvil).orElse(false))
        .findFirst()
        .orElse(handle);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node and its child processes, as {@link #stop(ProcessHandle, Duration)}. */
  public void stop(Duration grace) {
    stop(process.toHandle(), grace);
  }

  /**
   * Stops a node and its child processes: SIGTERM first, so Anvil writes its state, then a forced
   * stop of whatever has not exited within {@code grace}.
   */
  public static void stop(ProcessHandle process, Duration grace) {
    List<ProcessHandle> children = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      children.forEach(ProcessHandle::destroy);
      awaitExit(process, grace);
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void awaitExit(ProcessHandle process, Duration grace) {
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Anvil (pid {}) did not stop within {} s; forcing it (the last seconds of its chain may"
              + " be lost)",
          process.pid(),
          grace.toSeconds());
      process.destroyForcibly();
      process.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Waiting for Anvil to stop failed", e);
    }
  }

  /** True when {@code command} (a path) names an Anvil binary. */
  static boolean looksLikeAnvil(String command) {
    Path name = Path.of(command).getFileName();
    return name != null && name.toString().startsWith("anvil");
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
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    }
  }

  /** True when nothing listens on {@code port} of 127.0.0.1 at this moment. */
  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> findSetsid() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin"));
    if (path != null) {
      dirs.addAll(0, Arrays.asList(path.split(File.pathSeparator)));
    }
    return AnvilBinary.executableIn(dirs, "setsid");
  }
}
