package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.config.Settings;
import dev.atelier.ethereum.Address;
import dev.atelier.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>What is remembered, in {@link Settings}: the node's RPC URL in the {@value
 * Network#LOCAL_DEVNET} network (the next start reuses its port when it is free, so the URL stays
 * the same), and {@link Settings#DEVNET_AUTOSTART}: set by {@link #start}, cleared by {@link
 * #stop()}, read by {@link #resume()}.
 */
public final class LocalDevnet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDevnet.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One ether in wei. */
  public static final BigInteger ETHER = BigInteger.TEN.pow(18);

  /** What {@link #fund(String)} adds: 100 ETH. */
  public static final BigInteger DEFAULT_FUNDING = ETHER.multiply(BigInteger.valueOf(100));

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

  /**
   * A file lock belongs to the whole JVM, and a second lock on the same file in one JVM fails
   * instead of waiting; this lock makes the threads (and instances) of one JVM take turns first.
   */
  private static final Object JVM_LOCK = new Object();

  /** Who stops a node that {@link #start} starts. */
  public enum Mode {
    /** This object stops it when closed, or when the JVM exits: the studio's choice. */
    OWNED,
    /** It runs on, in its own session, after this process exits, until {@link #stop()}. */
    DETACHED
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
      return "http://127.0.0.1:" + port;
    }

    /** The {@value Network#LOCAL_DEVNET} network entry for this node. */
    public Network network() {
      return new Network(Network.LOCAL_DEVNET, Devnet.CHAIN_ID, rpcUrl());
    }
  }

  private final Path folder;
  private final Settings settings;
  private final Supplier<Path> anvil;

  // The node this object started in OWNED mode, with the hook that stops it at JVM exit.
  private Process owned;
  private Node ownedNode;
  private Thread shutdownHook;

  /** The devnet kept in {@code folder}, with Anvil found by {@link Devnet#locateAnvil()}. */
  public LocalDevnet(Path folder, Settings settings) {
    this(folder, settings, Devnet::locateAnvil);
  }

  /**
   * The devnet kept in {@code folder}.
   *
   * @param anvil finds the Anvil binary; asked only when a node must be started
   */
  public LocalDevnet(Path folder, Settings settings, Supplier<Path> anvil) {
    this.folder = folder.toAbsolutePath().normalize();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.anvil = Objects.requireNonNull(anvil, "anvil");
  }

  /** The devnet folder. */
  public Path folder() {
    return folder;
  }

  /** Where the chain is kept. */
  public Path stateFile() {
    return folder.resolve(STATE_FILE);
  }

  /** The node's output. */
  public Path logFile() {
    return folder.resolve(LOG_FILE);
  }

  /**
   * The running node, checked as described above; empty when none runs (a stale record is removed
   * on the way).
   */
  public Optional<Node> running() {
    return locked(this::findRunning);
  }

  /**
   * Attaches to the running node, or starts one on the saved chain. Either way the node's RPC URL
   * goes into the {@value Network#LOCAL_DEVNET} network and the devnet is remembered as wanted
   * ({@link Settings#DEVNET_AUTOSTART}).
   *
   * @param mode who stops a node started now; ignored when one runs already
   * @throws ChainException {@link Reason#DEVNET} when Anvil is missing or does not start
   */
  public Node start(Mode mode) {
    Objects.requireNonNull(mode, "mode");
    Node node =
        locked(
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
    Network current =
        Networks.find(settings, Network.LOCAL_DEVNET).orElse(node.network().withRpcUrl(""));
    Networks.put(settings, current.withRpcUrl(node.rpcUrl()));
    settings.setDevnetAutostart(true);
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
    if (settings.devnetAutostart()) {
      return Optional.of(start(Mode.OWNED));
    }
    return running();
  }

  /**
   * Stops the node, whoever started it: SIGTERM, so Anvil writes the chain to its state file, then
   * a forced stop if it has not exited within 15 s. The devnet is no longer started with the
   * studio; the chain stays for the next {@link #start}.
   *
   * @return false when no node was running
   */
  public boolean stop() {
    boolean stopped =
        locked(
            () -> {
              boolean any = false;
              if (owned != null) {
                any = owned.isAlive();
                terminate(owned.toHandle());
                releaseOwned();
              }
              Optional<Node> recorded = readRecord();
              if (recorded.isPresent()) {
                Optional<ProcessHandle> process = ourAnvil(recorded.get().pid());
                if (process.isPresent()) {
                  terminate(process.get());
                  any = true;
                }
                deleteRecord();
              }
              return any;
            });
    settings.setDevnetAutostart(false);
    if (stopped) {
      LOG.info("Local devnet stopped; its chain is kept in {}", stateFile());
    }
    return stopped;
  }

  /** A client for the running node. */
  public JsonRpc rpc() {
    return new JsonRpc(require().rpcUrl());
  }

  /**
   * Adds {@link #DEFAULT_FUNDING} (100 ETH) to an address's balance.
   *
   * @return the new balance in wei
   */
  public BigInteger fund(String address) {
    return fund(address, DEFAULT_FUNDING);
  }

  /**
   * Adds {@code wei} to an address's balance ({@code anvil_setBalance} to the old balance plus
   * {@code wei}).
   *
   * @return the new balance in wei
   * @throws IllegalArgumentException when the address is not {@code 0x} and 40 hex digits, or the
   *     amount is not positive
   * @throws ChainException {@link Reason#DEVNET} when the devnet is not running
   */
  public BigInteger fund(String address, BigInteger wei) {
    String checked = checkAddress(address);
    if (wei.signum() <= 0) {
      throw new IllegalArgumentException("The amount to fund must be positive");
    }
    JsonRpc rpc = rpc();
    BigInteger target = balance(rpc, checked).add(wei);
    rpc.call("anvil_setBalance", checked, JsonRpc.quantity(target));
    return balance(rpc, checked);
  }

  /** An address's balance on the devnet, in wei. */
  public BigInteger balance(String address) {
    return balance(rpc(), checkAddress(address));
  }

  /** The number of the devnet's latest block. */
  public long blockNumber() {
    return JsonRpc.quantity(rpc().call("eth_blockNumber")).longValueExact();
  }

  /**
   * Stops the node if this object started it {@link Mode#OWNED}; a detached or attached node keeps
   * running. The devnet stays remembered, so {@link #resume()} brings it back.
   */
  @Override
  public void close() {
    if (owned == null) {
      return;
    }
    locked(
        () -> {
          if (owned != null) {
            terminate(owned.toHandle());
            if (readRecord().filter(n -> n.pid() == ownedNode.pid()).isPresent()) {
              deleteRecord();
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
    Optional<Node> recorded = readRecord();
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    Node node = recorded.get();
    Optional<ProcessHandle> process = ourAnvil(node.pid());
    if (process.isEmpty()) {
      LOG.info("The local devnet (pid {}) is no longer running; removing its record", node.pid());
      deleteRecord();
      return Optional.empty();
    }
    if (answersChainId(node.rpcUrl())) {
      return Optional.of(node);
    }
    LOG.warn(
        "The local devnet's Anvil (pid {}) does not answer on {}; stopping it",
        node.pid(),
        node.rpcUrl());
    terminate(process.get());
    deleteRecord();
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
    if (command.isPresent() && !looksLikeAnvil(command.get())) {
      return false;
    }
    Optional<String[]> arguments = info.arguments();
    return arguments.isEmpty() || Arrays.asList(arguments.get()).contains(stateFile().toString());
  }

  private static boolean looksLikeAnvil(String command) {
    Path name = Path.of(command).getFileName();
    return name != null && name.toString().startsWith("anvil");
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
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new ChainException(
          Reason.DEVNET, "The Anvil binary " + binary + " is missing or not executable");
    }
    createFolder();
    ChainException last = null;
    boolean stateSetAside = false;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = attempt == 0 ? preferredPort() : Devnet.freePort();
      Process process = spawn(binary, port, mode);
      try {
        awaitReady(process, port);
      } catch (ChainException e) {
        terminate(process.toHandle());
        last = e;
        if (!stateSetAside && stateWasRefused()) {
          setStateAside();
          stateSetAside = true;
        }
        continue;
      }
      ProcessHandle node = anvilOf(process);
      Node started = new Node(node.pid(), port, Instant.now(), mode == Mode.DETACHED);
      writeRecord(started);
      if (mode == Mode.OWNED) {
        owned = process;
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
    throw last;
  }

  private Process spawn(Path binary, int port, Mode mode) {
    List<String> command = new ArrayList<>();
    if (mode == Mode.DETACHED) {
      // A session of its own: no Ctrl+C or hang-up of the starting terminal reaches the node.
      // setsid execs Anvil in its own process (no fork), so the pid stays Anvil's.
      findSetsid().ifPresent(setsid -> command.add(setsid.toString()));
    }
    command.addAll(
        List.of(
            binary.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(Devnet.CHAIN_ID),
            "--state",
            stateFile().toString(),
            "--state-interval",
            Integer.toString(STATE_INTERVAL_SECONDS)));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile().toFile())
              .start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new ChainException(
          Reason.DEVNET, "Cannot start Anvil " + binary + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(Process process, int port) {
    Devnet.awaitAnswer(process, "http://127.0.0.1:" + port, logFile());
  }

  /** The Anvil process: the one started, or (should a launcher have forked) its child. */
  private static ProcessHandle anvilOf(Process process) {
    ProcessHandle handle = process.toHandle();
    if (handle.info().command().map(LocalDevnet::looksLikeAnvil).orElse(true)) {
      return handle;
    }
    return handle
        .descendants()
        .filter(p -> p.info().command().map(LocalDevnet::looksLikeAnvil).orElse(false))
        .findFirst()
        .orElse(handle);
  }

  /** The port of the saved devnet URL when it is free (the URL then stays), else any free one. */
  private int preferredPort() {
    Optional<Integer> saved =
        Networks.find(settings, Network.LOCAL_DEVNET)
            .filter(Network::hasRpcUrl)
            .flatMap(n -> portOf(n.rpcUrl()));
    if (saved.isPresent() && isFree(saved.get())) {
      return saved.get();
    }
    return Devnet.freePort();
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

  private static boolean isFree(int port) {
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
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, "setsid"))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  // Anvil names the option whose value it cannot use, e.g. "invalid value '…' for '--state
  // <PATH>'".
  private boolean stateWasRefused() {
    try {
      String log = Files.readString(logFile(), StandardCharsets.UTF_8);
      return log.contains("'--state") && Files.exists(stateFile());
    } catch (IOException e) {
      return false;
    }
  }

  private void setStateAside() {
    Path aside = folder.resolve(STATE_FILE + ".unreadable");
    try {
      Files.move(stateFile(), aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.warn(
          "Anvil cannot read the devnet chain in {}; it is kept as {} and a new chain starts",
          stateFile(),
          aside);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the unreadable devnet state aside", e);
    }
  }

  // ---- stopping

  private static void terminate(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Anvil (pid {}) did not stop within {} s; forcing it (the last seconds of the chain may"
              + " be lost)",
          process.pid(),
          STOP_TIMEOUT.toSeconds());
      process.destroyForcibly();
      process.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Waiting for Anvil to stop failed", e);
    }
  }

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
    Process process = owned;
    Node node = ownedNode;
    if (process == null || node == null) {
      return;
    }
    terminate(process.toHandle());
    if (readRecord().filter(n -> n.pid() == node.pid()).isPresent()) {
      deleteRecord();
    }
  }

  // ---- files

  private <T> T locked(Supplier<T> action) {
    synchronized (JVM_LOCK) {
      createFolder();
      try (FileChannel channel =
              FileChannel.open(
                  folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return action.get();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot lock the devnet folder " + folder, e);
      }
    }
  }

  private void createFolder() {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the devnet folder " + folder, e);
    }
  }

  private Path nodeFile() {
    return folder.resolve(NODE_FILE);
  }

  private Optional<Node> readRecord() {
    try {
      JsonNode json = JSON.readTree(Files.readAllBytes(nodeFile()));
      return Optional.of(
          new Node(
              json.required("pid").asLong(),
              json.required("port").asInt(),
              Instant.parse(json.required("startedAt").asText()),
              json.path("detached").asBoolean(false)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("The devnet record {} is unreadable ({}); removing it", nodeFile(), e.getMessage());
      deleteRecord();
      return Optional.empty();
    }
  }

  private void writeRecord(Node node) {
    try {
      AtomicFiles.write(
          nodeFile(),
          JSON.writeValueAsBytes(
              JSON.createObjectNode()
                  .put("pid", node.pid())
                  .put("port", node.port())
                  .put("startedAt", node.startedAt().toString())
                  .put("detached", node.detached())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the devnet record " + nodeFile(), e);
    }
  }

  private void deleteRecord() {
    try {
      Files.deleteIfExists(nodeFile());
    } catch (IOException e) {
      LOG.warn("Cannot delete the devnet record {}", nodeFile(), e);
    }
  }

  private static String checkAddress(String address) {
    return Address.requireWellFormed(address == null ? "" : address.strip());
  }

  private static BigInteger balance(JsonRpc rpc, String address) {
    return JsonRpc.quantity(rpc.call("eth_getBalance", address, "latest"));
  }
}
