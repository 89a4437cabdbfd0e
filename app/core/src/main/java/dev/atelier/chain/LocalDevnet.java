package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's own local devnet: one Anvil node whose chain lives in a folder of Atelier's data, so
 * balances, contracts and tokens are still there after a restart, and which every Atelier process
 * of the user shares (the studio, the command line while the studio runs, a process started after a
 * crash). Unlike {@link Devnet}, a throw-away node for one owner, this one is found again.
 *
 * <p>The folder holds:
 *
 * <ul>
 *   <li>{@value #STATE_FILE}: the chain, which Anvil loads at start ({@code --state}), writes every
 *       {@value #STATE_INTERVAL_SECONDS} seconds ({@code --state-interval}) and on a clean exit
 *       (SIGTERM), so a killed node loses at most those last seconds;
 *   <li>{@value #NODE_FILE}: the running node's process id and port, written (atomically) once it
 *       answers; another process finds the node through it, and attaches only when that process is
 *       alive, is Anvil on this state file, and its URL answers chain id {@value Devnet#CHAIN_ID}.
 *       A record that fails these checks is stale: it is removed (a hung node on this state file is
 *       stopped) and a fresh node starts;
 *   <li>{@value #LOG_FILE}: the node's output, begun anew at each start;
 *   <li>{@code lock}: held (file lock) while a process starts, checks or stops the node, so two
 *       processes never start two nodes on one state file.
 * </ul>
 *
 * <p>Who stops the node: one started {@link Mode#OWNED} stops when this object is {@linkplain
 * #close() closed} (or the JVM exits); one started {@link Mode#DETACHED} runs in its own session
 * and outlives this process until {@link #stop()}. A node that was already running when {@link
 * #start} was called is only attached to, and {@code close()} leaves it running. {@code stop()}
 * always sends SIGTERM first, so Anvil writes its state before it exits.
 *
 * <p>What is remembered between runs is the owner's ({@link Memory}): the node's RPC URL (the next
 * start reuses its port when it is free, so the URL stays the same) and whether the user wants the
 * node: set by {@link #start}, cleared by {@link #stop()}, read by {@link #resume()}. The node
 * process itself is an {@link Anvil}; test ether comes from its {@link #faucet()}.
 */
public final class LocalDevnet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDevnet.class);

  /** How often Anvil writes the chain to disk while it runs. */
  public static final int STATE_INTERVAL_SECONDS = 3;

  /** The chain's file in the devnet folder. */
  public static final String STATE_FILE = "state.json";

  /** The running node's record in the devnet folder. */
  public static final String NODE_FILE = "node.json";

  /** The node's output in the devnet folder. */
  public static final String LOG_FILE = "anvil.log";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** Who stops a node that {@link #start} starts. */
  public enum Mode {
    /** This object stops it when closed, or when the JVM exits: the studio's choice. */
    OWNED,
    /** It runs on, in its own session, after this process exits, until {@link #stop()}. */
    DETACHED
  }

  /**
   * What the devnet's owner remembers of it between runs. The devnet reads and tells; where it is
   * kept (the studio keeps it in its settings) is the owner's business.
   */
  public interface Memory {

    /** The node's RPC URL when it last ran, if known; its port is tried first at the next start. */
    Optional<String> lastRpcUrl();

    /** Whether the user wants the node running, so {@link #resume()} starts it. */
    boolean wanted();

    /** Called once a node runs after {@link #start}: remember its URL and that it is wanted. */
    void started(Node node);

    /** Called after {@link #stop()}: the node is no longer wanted. */
    void stopped();

    /** Remembers nothing: every start takes any free port, and resume only attaches. */
    Memory NONE =
        new Memory() {
          @Override
          public Optional<String> lastRpcUrl() {
            return Optional.empty();
          }

          @Override
          public boolean wanted() {
            return false;
          }

          @Override
          public void started(Node node) {}

          @Override
          public void stopped() {}
        };
  }

  /**
   * A running devnet node.
   *
   * @param pid the Anvil process
   * @param port its port on 127.0.0.1
   * @param startedAt when it started
   * @param detached whether it was started to outlive its starter
   */
  public record Node(long pid, int port, Instant startedAt, boolean detached) {

    public Node {
      Objects.requireNonNull(startedAt, "startedAt");
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String rpcUrl() {
      return Anvil.rpcUrl(port);
    }

    /** The {@value Network#LOCAL_DEVNET} network entry for this node. */
    public Network network() {
      return new Network(Network.LOCAL_DEVNET, Devnet.CHAIN_ID, rpcUrl());
    }
  }

  private final DevnetFolder files;
  private final Memory memory;
  private final Supplier<Path> anvil;

  // The node this object started in OWNED mode, with the hook that stops it at JVM exit.
  private Anvil owned;
  private Node ownedNode;
  private Thread shutdownHook;

  /** The devnet kept in {@code folder}, with Anvil found by {@link Anvil#locate()}. */
  public LocalDevnet(Path folder, Memory memory) {
    this(folder, memory, Anvil::locate);
  }

  /**
   * The devnet kept in {@code folder}.
   *
   * @param memory what is remembered of it between runs
   * @param anvil finds the Anvil binary; asked only when a node must be started
   */
  public LocalDevnet(Path folder, Memory memory, Supplier<Path> anvil) {
    this.files = new DevnetFolder(folder);
    this.memory = Objects.requireNonNull(memory, "memory");
    this.anvil = Objects.requireNonNull(anvil, "anvil");
  }

  /** The devnet folder. */
  public Path folder() {
    return files.folder();
  }

  /** Where the chain is kept. */
  public Path stateFile() {
    return files.stateFile();
  }

  /** The node's output. */
  public Path logFile() {
    return files.logFile();
  }

  /**
   * The running node, checked as described above; empty when none runs (a stale record is removed
   * on the way).
   */
  public Optional<Node> running() {
    return files.locked(this::findRunning);
  }

  /**
   * Attaches to the running node, or starts one on the saved chain. Either way the {@link Memory}
   * is told of the node, so it remembers its URL and that it is wanted.
   *
   * @param mode who stops a node started now; ignored when one runs already
   * @throws ChainException {@link Reason#DEVNET} when Anvil is missing or does not start
   */
  public Node start(Mode mode) {
    Objects.requireNonNull(mode, "mode");
    Node node =
        files.locked(
            () -> {
              Optional<Node> found = findRunning();
              if (found.isPresent()) {
                LOG.info(
                    "Local devnet already runs on {}, pid {}",
                    found.get().rpcUrl(),
                    found.get().pid());
                return found.get();
              }
              return launch(mode);
            });
    memory.started(node);
    return node;
  }

  /**
   * What the studio calls when it opens: starts the devnet ({@link Mode#OWNED}) if the user left it
   * running last time, else only attaches to a node that runs already. Call it off the UI thread: a
   * start takes a second or two.
   *
   * @return the running node, if any
   */
  public Optional<Node> resume() {
    if (memory.wanted()) {
      return Optional.of(start(Mode.OWNED));
    }
    return running();
  }

  /**
   * Stops the node, whoever started it: SIGTERM, so Anvil writes the chain to its state file, then
   * a forced stop if it has not exited within 15 s. The devnet is no longer wanted; the chain stays
   * for the next {@link #start}.
   *
   * @return false when no node was running
   */
  public boolean stop() {
    boolean stopped =
        files.locked(
            () -> {
              boolean any = false;
              if (owned != null) {
                any = owned.isAlive();
                owned.stop(STOP_TIMEOUT);
                releaseOwned();
              }
              Optional<Node> recorded = files.readRecord();
              if (recorded.isPresent()) {
                Optional<ProcessHandle> process = ourAnvil(recorded.get().pid());
                if (process.isPresent()) {
                  Anvil.stop(process.get(), STOP_TIMEOUT);
                  any = true;
                }
                files.deleteRecord();
              }
              return any;
            });
    memory.stopped();
    if (stopped) {
      LOG.info("Local devnet stopped; its chain is kept in {}", stateFile());
    }
    return stopped;
  }

  /**
   * A client for the running node.
   *
   * @throws ChainException {@link Reason#DEVNET} when the devnet is not running
   */
  public JsonRpc rpc() {
    return new JsonRpc(require().rpcUrl());
  }

  /**
   * Test ether on the running node.
   *
   * @throws ChainException {@link Reason#DEVNET} when the devnet is not running
   */
  public DevnetFaucet faucet() {
    return new DevnetFaucet(rpc());
  }

  /**
   * Stops the node if this object started it {@link Mode#OWNED}; a detached or attached node keeps
   * running. The devnet stays wanted, so {@link #resume()} brings it back.
   */
  @Override
  public void close() {
    if (owned == null) {
      return;
    }
    files.locked(
        () -> {
          if (owned != null) {
            owned.stop(STOP_TIMEOUT);
            if (files.readRecord().filter(n -> n.pid() == ownedNode.pid()).isPresent()) {
              files.deleteRecord();
            }
            releaseOwned();
          }
          return null;
        });
  }

  // ---- finding the node

  private Node require() {
    return running()
        .orElseThrow(
            () ->
                new ChainException(
                    Reason.DEVNET, "The local devnet is not running; start it first"));
  }

  private Optional<Node> findRunning() {
    Optional<Node> recorded = files.readRecord();
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    Node node = recorded.get();
    Optional<ProcessHandle> process = ourAnvil(node.pid());
    if (process.isEmpty()) {
      LOG.info("The local devnet (pid {}) is no longer running; removing its record", node.pid());
      files.deleteRecord();
      return Optional.empty();
    }
    if (answersChainId(node.rpcUrl())) {
      return Optional.of(node);
    }
    LOG.warn(
        "The local devnet's Anvil (pid {}) does not answer on {}; stopping it",
        node.pid(),
        node.rpcUrl());
    Anvil.stop(process.get(), STOP_TIMEOUT);
    files.deleteRecord();
    return Optional.empty();
  }

  /** The live process {@code pid} if it is Anvil on this folder's state file. */
  private Optional<ProcessHandle> ourAnvil(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurAnvil);
  }

  // Guards against a reused pid. Where the system does not tell a process's command or
  // arguments, the chain-id check that follows has the last word.
  private boolean isOurAnvil(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    Optional<String> command = info.command();
    if (command.isPresent() && !Anvil.looksLikeAnvil(command.get())) {
      return false;
    }
    Optional<String[]> arguments = info.arguments();
    return arguments.isEmpty() || Arrays.asList(arguments.get()).contains(stateFile().toString());
  }

  private static boolean answersChainId(String url) {
    try {
      return new JsonRpc(url, PROBE_TIMEOUT).chainId() == Devnet.CHAIN_ID;
    } catch (ChainException e) {
      return false;
    }
  }

  // ---- starting

  private Node launch(Mode mode) {
    Path binary = anvil.get();
    Anvil.requireExecutable(binary, "");
    files.create();
    ChainException last = null;
    boolean stateSetAside = false;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = attempt == 0 ? preferredPort() : Anvil.freePort();
      Anvil node;
      try {
        node = Anvil.start(launchOf(binary, port, mode));
      } catch (ChainException e) {
        if (e.getCause() instanceof IOException) {
          throw e; // the binary cannot be run at all: another port will not help
        }
        last = e;
        if (!stateSetAside && files.stateWasRefused()) {
          files.setStateAside();
          stateSetAside = true;
        }
        continue;
      }
      return recordStarted(node, mode);
    }
    throw last;
  }

  private Anvil.Launch launchOf(Path binary, int port, Mode mode) {
    List<String> options =
        List.of(
            "--state",
            stateFile().toString(),
            "--state-interval",
            Integer.toString(STATE_INTERVAL_SECONDS));
    // DETACHED: a session of its own, so no Ctrl+C or hang-up of the starting terminal reaches it.
    return new Anvil.Launch(binary, port, options, logFile(), folder(), mode == Mode.DETACHED);
  }

  private Node recordStarted(Anvil node, Mode mode) {
    Node started = new Node(node.node().pid(), node.port(), Instant.now(), mode == Mode.DETACHED);
    files.writeRecord(started);
    if (mode == Mode.OWNED) {
      owned = node;
      ownedNode = started;
      shutdownHook = new Thread(this::stopOwnedAtExit, "devnet-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    LOG.info(
        "Local devnet started on {}, pid {} ({}), chain kept in {}",
        started.rpcUrl(),
        started.pid(),
        mode == Mode.OWNED ? "stops with Atelier" : "detached",
        stateFile());
    return started;
  }

  /** The port of the remembered URL when it is free (the URL then stays), else any free one. */
  private int preferredPort() {
    Optional<Integer> saved = memory.lastRpcUrl().flatMap(LocalDevnet::portOf);
    if (saved.isPresent() && Anvil.isFree(saved.get())) {
      return saved.get();
    }
    return Anvil.freePort();
  }

  private static Optional<Integer> portOf(String url) {
    try {
      URI uri = URI.create(url);
      boolean local = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
      return local && uri.getPort() > 0 ? Optional.of(uri.getPort()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ---- stopping

  private void releaseOwned() {
    owned = null;
    ownedNode = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs (or ran) anyway
      }
      shutdownHook = null;
    }
  }

  // Runs at JVM exit without the locks: no other work of this JVM is left to wait for.
  private void stopOwnedAtExit() {
    Anvil process = owned;
    Node node = ownedNode;
    if (process == null || node == null) {
      return;
    }
    process.stop(STOP_TIMEOUT);
    if (files.readRecord().filter(n -> n.pid() == node.pid()).isPresent()) {
      files.deleteRecord();
    }
  }
}
