package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IpfsPinner}'s fault handling, by <b>fault injection</b>: a stand-in HTTP server started
 * here answers {@code /api/v0/add} the way a broken or misbehaving node would (or the way Kubo
 * does, to check the request Atelier sends). It is not an IPFS node: pinning against a real one
 * (js-ipfs, which speaks the Kubo RPC API) is {@link IpfsPinnerNodeTest}.
 */
class ContentPinnerFaultInjectionTest {

  private static final byte[] PNG = "pretend this is a signed png".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private final AtomicReference<String> query = new AtomicReference<>();
  private final AtomicReference<String> contentType = new AtomicReference<>();
  private final AtomicReference<byte[]> body = new AtomicReference<>();

  /** Starts the stand-in node; each request gets {@code status} and {@code answer}. */
  private URI fakeNode(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v0/add",
        exchange -> {
          query.set(exchange.getRequestURI().getRawQuery());
          contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
          body.set(exchange.getRequestBody().readAllBytes());
          respond(exchange, status, answer);
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void respond(HttpExchange exchange, int status, String answer) throws IOException {
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static IpfsPinner pinner(URI api) {
    return new IpfsPinner(api, Duration.ofSeconds(5));
  }

  @Test
  void aNodeThatAnswersWithOurCidPinsAndGetsAKuboStyleRequest() throws Exception {
    Cid ours = Cid.of(PNG);
    URI api = fakeNode(200, "{\"Name\":\"art.png\",\"Hash\":\"" + ours + "\",\"Size\":\"28\"}\n");
    assertThat(pinner(api).pin("art.png", PNG)).isEqualTo(ours);

    assertThat(query.get())
        .contains("cid-version=1", "raw-leaves=true", "pin=true", "hash=sha2-256")
        .contains("cid-base=base32")
        .contains("chunker=size-1048576");
    assertThat(contentType.get()).startsWith("multipart/form-data; boundary=");
    String boundary = contentType.get().substring(contentType.get().indexOf('=') + 1);
    String sent = new String(body.get(), StandardCharsets.ISO_8859_1);
    assertThat(sent)
        .startsWith("--" + boundary + "\r\n")
        .contains("name=\"file\"; filename=\"art.png\"")
        .contains("\r\n\r\n" + new String(PNG, StandardCharsets.ISO_8859_1) + "\r\n--" + boundary)
        .endsWith("--" + boundary + "--\r\n");
  }

  @Test
  void aNodeThatIsDownIsNamed() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free now, and nothing listens after the close
    }
    URI api = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> pinner(api).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("Cannot reach the IPFS node at http://127.0.0.1:" + port)
        .hasMessageContaining("ipfs daemon");
  }

  @Test
  void aCidMismatchIsAnError() throws Exception {
    Cid other = Cid.of("something else".getBytes(StandardCharsets.UTF_8));
    URI api = fakeNode(200, "{\"Name\":\"art.png\",\"Hash\":\"" + other + "\",\"Size\":\"9\"}");
    assertThatThrownBy(() -> pinner(api).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("The IPFS node at " + api)
        .hasMessageContaining("stored art.png as " + other)
        .hasMessageContaining("its content address is " + Cid.of(PNG));
  }

  @Test
  void aUnixFsCidFromAChunkedAddIsAMismatchToo() throws Exception {
    // What Kubo answers without raw-leaves: a dag-pb (UnixFS) root, another CID for the same file.
    Cid dagPb = Cid.of(Cid.Codec.DAG_PB, PNG);
    URI api = fakeNode(200, "{\"Name\":\"art.png\",\"Hash\":\"" + dagPb + "\"}");
    assertThatThrownBy(() -> pinner(api).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("as " + dagPb);
  }

  @Test
  void malformedAnswersAreNamed() throws Exception {
    URI notJson = fakeNode(200, "<html>hello</html>");
    assertThatThrownBy(() -> pinner(notJson).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("The IPFS node at " + notJson)
        .hasMessageContaining("not a Kubo /api/v0/add result (a line is not JSON)")
        .hasMessageContaining("<html>hello</html>");
    stop();

    URI noHash = fakeNode(200, "{\"Name\":\"art.png\"}");
    assertThatThrownBy(() -> pinner(noHash).pin("art.png", PNG))
        .hasMessageContaining("no \"Hash\" in it");
    stop();

    URI cidV0 = fakeNode(200, "{\"Hash\":\"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG\"}");
    assertThatThrownBy(() -> pinner(cidV0).pin("art.png", PNG))
        .hasMessageContaining("its Hash is not a CIDv1")
        .hasMessageContaining("CIDv0");
    stop();

    URI empty = fakeNode(200, "");
    assertThatThrownBy(() -> pinner(empty).pin("art.png", PNG))
        .hasMessageContaining("no \"Hash\" in it");
  }

  @Test
  void errorAnswersCarryKubosMessage() throws Exception {
    URI api =
        fakeNode(500, "{\"Message\":\"mfs: disk quota exceeded\",\"Code\":0,\"Type\":\"error\"}");
    assertThatThrownBy(() -> pinner(api).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("The IPFS node at " + api + " refused art.png")
        .hasMessageContaining("HTTP 500: mfs: disk quota exceeded");
    stop();
    URI notFound = fakeNode(404, "404 page not found");
    assertThatThrownBy(() -> pinner(notFound).pin("art.png", PNG))
        .hasMessageContaining("HTTP 404: 404 page not found");
  }

  @Test
  void aNodeThatDoesNotAnswerTimesOut() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v0/add",
        exchange -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, "{}");
        });
    server.start();
    URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    assertThatThrownBy(() -> new IpfsPinner(api, Duration.ofMillis(300)).pin("art.png", PNG))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("The IPFS node at " + api + " did not answer");
  }

  @Test
  void filesOverOneMebibyteAndBadUrlsAreRefusedBeforeAnyRequest() throws Exception {
    URI api = fakeNode(200, "{}");
    byte[] big = new byte[IpfsPinner.MAX_FILE_SIZE + 1];
    assertThatThrownBy(() -> pinner(api).pin("big.png", big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("big.png has 1048577 bytes")
        .hasMessageContaining("CAR");
    assertThat(body.get()).as("no request was sent").isNull();

    assertThat(IpfsPinner.configured(null)).isEmpty();
    assertThat(IpfsPinner.configured("  ")).isEmpty();
    assertThat(IpfsPinner.configured("http://127.0.0.1:5001").orElseThrow().apiUrl())
        .isEqualTo(URI.create("http://127.0.0.1:5001"));
    assertThatThrownBy(() -> IpfsPinner.configured("ftp://node:5001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be http://host:port");
    assertThatThrownBy(() -> IpfsPinner.configured("http://[broken"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
