package dev.atelier.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real IPFS node for the tests: js-ipfs ({@code ipfs} from npm, in {@code tools/js}) running
 * {@code jsipfs daemon}, which serves the Kubo RPC API ({@code /api/v0/...}) and a read-only
 * gateway ({@code /ipfs/CID}).
 *
 * <p>The node is found the way the devnet tests find Anvil: under the {@code atelier.tools} folder
 * the root pom sets, after {@code npm ci} there; a missing Node or package fails the test, it is
 * never skipped. Each node has a repository of its own in a folder the caller owns and is offline:
 * no swarm addresses, no bootstrap peers, no MDNS, no preload, so it never reaches out to the
 * network. Its API, gateway and gRPC listen on 127.0.0.1 at ports the system picks (port 0), read
 * back from the daemon's output, so parallel runs cannot collide.
 *
 * <p>js-ipfs 0.66 is the last release and no longer maintained; its version ranges now pull in
 * {@code mortice} 3.3, which needs {@code Promise.withResolvers} (Node 22+), so {@code
 * tools/js/package.json} overrides {@code mortice} to 3.0.6, which runs on Node 20.
 *
 * <p>{@link #close()} stops it (SIGTERM, which the daemon answers by shutting down its repository,
 * then a forced stop after 15 s); a shutdown hook does the same should the test JVM exit first.
 */
public final class IpfsTestNode implements AutoCloseable {

  /** Where {@code npm ci} in {@code tools/js} puts js-ipfs's command line. */
  static final String CLI = "node_modules/ipfs/src/cli.js";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern API =
      Pattern.compile("HTTP API listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)/http");
  private static final Pattern GATEWAY =
      Pattern.compile("Gateway \\(read only\\) listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)/http");

  /** The repository's configuration at its creation: offline, loopback only, free ports. */
  private static final String CONFIG =
      """
      {
        "Addresses": {
          "Swarm": [],
          "Announce": [],
          "NoAnnounce": [],
          "API": "/ip4/127.0.0.1/tcp/0",
          "Gateway": "/ip4/127.0.0.1/tcp/0",
          "RPC": "/ip4/127.0.0.1/tcp/0",
          "Delegates": []
        },
        "Bootstrap": [],
        "Discovery": { "MDNS": { "Enabled": false }, "webRTCStar": { "Enabled": false } }
      }
      """;

  private final Process process;
  private final Path log;
  private final Thread shutdownHook;
  private final HttpClient http = HttpClient.newHttpClient();
  private URI api;
  private URI gateway;

  private IpfsTestNode(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "ipfs-test-node-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a node whose repository, configuration and log live in {@code folder}, and waits until
   * it is ready. A node that does not get ready is stopped before the test fails.
   */
  public static IpfsTestNode start(Path folder) {
    Path tools = tools();
    Path config = folder.resolve("ipfs-config.json");
    Path log = folder.resolve("ipfs-daemon.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "node",
                    CLI,
                    "daemon",
                    "--init-config",
                    config.toString(),
                    "--offline",
                    "--enable-preload=false"))
            .directory(tools.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("IPFS_PATH", folder.resolve("ipfs-repo").toString());
    builder.environment().put("NO_UPDATE_NOTIFIER", "1");
    IpfsTestNode node;
    try {
      Files.writeString(config, CONFIG);
      node = new IpfsTestNode(builder.start(), log);
    } catch (IOException e) {
      return fail("Cannot run node (is Node.js 18+ on the PATH?): " + e.getMessage(), e);
    }
    try {
      node.awaitReady();
      return node;
    } catch (RuntimeException | AssertionError e) {
      node.close();
      throw e;
    }
  }

  private static Path tools() {
    String dir = System.getProperty("atelier.tools");
    if (dir == null) {
      return fail(
          "The system property atelier.tools is not set: run the tests through Maven, whose root"
              + " pom points it at tools/js");
    }
    Path tools = Path.of(dir);
    if (!Files.isRegularFile(tools.resolve(CLI))) {
      return fail("js-ipfs is not installed in %s: run `npm ci` there", tools);
    }
    return tools;
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String output = output();
      if (output.contains("Daemon is ready")) {
        api = port(API, output);
        gateway = port(GATEWAY, output);
        return;
      }
      if (!process.isAlive()) {
        fail("jsipfs daemon exited with code %d at start:%n%s", process.exitValue(), output);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while starting jsipfs daemon", e);
      }
    }
    fail("jsipfs daemon was not ready within %d s:%n%s", START_TIMEOUT.toSeconds(), output());
  }

  private URI port(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      fail("jsipfs daemon did not say where it listens (%s):%n%s", pattern, output);
    }
    return URI.create("http://127.0.0.1:" + m.group(1));
  }

  /** The daemon's output so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Kubo RPC API's base URL, {@code http://127.0.0.1:PORT}. */
  public URI api() {
    return api;
  }

  /** The read-only gateway's base URL: {@code GET /ipfs/CID} serves a file. */
  public URI gateway() {
    return gateway;
  }

  /** An answer of the node: its HTTP status and body. */
  public record Answer(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** {@code POST /api/v0/COMMAND?QUERY} with an empty body. */
  public Answer rpc(String command, String query) {
    return send(
        HttpRequest.newBuilder(URI.create(api + "/api/v0/" + command + "?" + query))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** {@code POST /api/v0/COMMAND?QUERY} with {@code content} as the multipart file. */
  public Answer rpcWithFile(String command, String query, byte[] content) {
    String boundary = "atelier-test-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    return send(
        HttpRequest.newBuilder(URI.create(api + "/api/v0/" + command + "?" + query))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code GET /ipfs/CID} from the gateway. */
  public Answer gatewayGet(String cid) {
    return send(HttpRequest.newBuilder(URI.create(gateway + "/ipfs/" + cid)).GET());
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return fail("The IPFS test node did not answer: " + e + "\n" + output(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }

  /** True while the daemon runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the daemon: SIGTERM, then a forced stop of it and its children after 15 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already: the hook runs anyway
      }
    }
  }
}
