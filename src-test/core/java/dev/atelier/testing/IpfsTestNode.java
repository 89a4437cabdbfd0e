package dev.atelier.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A real IPFS node for the tests: js-ipfs (npm {@code ipfs-core} with {@code ipfs-http-server} and
 * {@code ipfs-http-gateway}, the parts {@code jsipfs daemon} runs) started by {@code
 * tools/js/ipfs-node.mjs}. It serves the Kubo RPC API ({@code /api/v0/...}) and a read-only gateway
 * ({@code /ipfs/CID}).
 *
 * <p>The node is found the way the devnet tests find Anvil: under the {@code atelier.tools} folder
 * the root pom sets, after {@code npm ci} there; a missing Node or package fails the test, it is
 * never skipped. Each node has a repository of its own in a folder the caller owns and is offline:
 * no swarm addresses, no bootstrap peers, no MDNS, no preload, so it never reaches out to the
 * network. Its API and gateway listen on 127.0.0.1 at ports the system picks (port 0), which the
 * script prints, so parallel runs cannot collide.
 *
 * <p>js-ipfs is no longer maintained; its version ranges now pull in {@code mortice} 3.3, which
 * needs {@code Promise.withResolvers} (Node 22+), so {@code tools/js/package.json} overrides {@code
 * mortice} to 3.0.6, which runs on Node 20.
 *
 * <p>{@link #close()} stops it (SIGTERM: the script stops its servers, then its repository, which
 * releases the repository's lock; a forced stop after 15 s). Should the test JVM end without
 * closing it, the script stops when its standard input, a pipe from this JVM, closes; a shutdown
 * hook stops it too.
 */
public final class IpfsTestNode implements AutoCloseable {

  /** The script in {@code tools/js} that runs the node. */
  static final String SCRIPT = "ipfs-node.mjs";

  private static final List<String> PACKAGES =
      List.of("ipfs-core", "ipfs-http-server", "ipfs-http-gateway");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private final Thread shutdownHook;
  private final HttpClient http = HttpClient.newHttpClient();
  private URI api;
  private URI gateway;

  private IpfsTestNode(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(process::destroy, "ipfs-test-node-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a node whose repository and log live in {@code folder}, and waits until it is ready. A
   * node that does not get ready is stopped before the test fails.
   */
  public static IpfsTestNode start(Path folder) {
    Path tools = tools();
    Path log = folder.resolve("ipfs-node.log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("node", SCRIPT, folder.resolve("ipfs-repo").toString()))
            .directory(tools.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    IpfsTestNode node;
    try {
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
    for (String pkg : PACKAGES) {
      if (!Files.isDirectory(tools.resolve("node_modules").resolve(pkg))) {
        return fail("%s is not installed in %s/node_modules: run `npm ci` there", pkg, tools);
      }
    }
    return tools;
  }

  /** Waits for the script's one JSON line with the API and gateway URLs. */
  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String output = output();
      int start = output.indexOf("{\"api\"");
      int end = start < 0 ? -1 : output.indexOf('\n', start);
      if (end > 0) {
        JsonNode ready = json(output.substring(start, end), output);
        api = URI.create(ready.path("api").asText());
        gateway = URI.create(ready.path("gateway").asText());
        return;
      }
      if (!process.isAlive()) {
        fail("The IPFS node exited with code %d at start:%n%s", process.exitValue(), output);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while starting the IPFS node", e);
      }
    }
    fail("The IPFS node was not ready within %d s:%n%s", START_TIMEOUT.toSeconds(), output());
  }

  private static JsonNode json(String line, String output) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return fail("The IPFS node's ready line is not JSON:%n%s", output);
    }
  }

  /** The node's output so far. */
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

  /** True while the node runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node: SIGTERM, then a forced stop of it and its children after 15 s. */
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
