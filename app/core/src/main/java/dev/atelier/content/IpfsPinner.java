package dev.atelier.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.io.Failures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Pins files to an IPFS node through its HTTP RPC API (Kubo's {@code /api/v0/add}), and checks that
 * the node addressed each file exactly as Atelier does.
 *
 * <p>A file goes up as one multipart part with {@code cid-version=1}, {@code raw-leaves=true},
 * {@code hash=sha2-256}, {@code pin=true}, {@code cid-base=base32} (Kubo's default for CIDv1, but
 * not every node's: js-ipfs answers in base58btc otherwise) and a 1 MiB chunk size, so a file of up
 * to {@value #MAX_FILE_SIZE} bytes is stored as a single raw block whose CID is {@link
 * Cid#of(byte[])} of its bytes. The node's answer (a JSON line with {@code Hash}) must name that
 * CID; any other CID is an error, since a token would then point to content the node does not serve
 * under that name. Larger files would be split into a UnixFS tree with a different CID: they are
 * refused here (export a CAR with {@link CarWriter} for those).
 *
 * <p>The API URL is the node's RPC address, e.g. {@code http://127.0.0.1:5001} (Kubo's default). It
 * is an administrative API: point it at your own node, never at a public one.
 */
public final class IpfsPinner {

  /** The largest file that is pinned as one raw block: Kubo's largest chunk, 1 MiB. */
  public static final int MAX_FILE_SIZE = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI api;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param apiUrl the node's RPC API, {@code http://host:port} (a path prefix is kept)
   * @param timeout how long one request may take
   */
  public IpfsPinner(URI apiUrl, Duration timeout) {
    String scheme = apiUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || apiUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "The IPFS API URL must be http://host:port or https://host:port, not " + apiUrl);
    }
    this.api = apiUrl;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .build();
  }

  /**
   * A pinner for the API URL in the settings, or none when no URL is configured (blank or null).
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL
   */
  public static Optional<IpfsPinner> configured(String apiUrl) {
    if (apiUrl == null || apiUrl.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new IpfsPinner(new URI(apiUrl.strip()), Duration.ofSeconds(60)));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The IPFS API URL is not a URL: " + apiUrl, e);
    }
  }

  /** The node's API URL. */
  public URI apiUrl() {
    return api;
  }

  /** Pins a block's bytes; see {@link #pin(String, byte[])}. */
  public Cid pin(String fileName, Block block) {
    return pin(fileName, block.data());
  }

  /**
   * Adds and pins {@code content} on the node under the file name {@code fileName} (only a label).
   *
   * @return the CID, which is {@link Cid#of(byte[])} of {@code content}
   * @throws IllegalArgumentException when the file is larger than {@value #MAX_FILE_SIZE} bytes
   * @throws IpfsException when the node cannot be reached, answers with an error or something that
   *     is not a Kubo answer, or stored the file under another CID
   * @throws CancellationException when the thread is interrupted
   */
  public Cid pin(String fileName, byte[] content) {
    if (content.length > MAX_FILE_SIZE) {
      throw new IllegalArgumentException(
          fileName
              + " has "
              + content.length
              + " bytes; files up to 1 MiB are pinned as one raw block (export larger ones as a"
              + " CAR file)");
    }
    Cid expected = Cid.of(content);
    URI add = endpoint();
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String boundary = "atelier-" + HexFormat.of().formatHex(nonce);
    HttpRequest request =
        HttpRequest.newBuilder(add)
            .timeout(timeout)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fileName, content)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new IpfsException(
          "Cannot reach the IPFS node at "
              + api
              + " (connection refused): is the IPFS daemon running (ipfs daemon) and is this its"
              + " API address?",
          e);
    } catch (HttpTimeoutException e) {
      throw new IpfsException(
          "The IPFS node at " + api + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new IpfsException("Cannot talk to the IPFS node at " + api + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("Pinning " + fileName + " cancelled");
      c.initCause(e);
      throw c;
    }
    Cid answered = answer(response, fileName);
    if (!answered.equals(expected)) {
      throw new IpfsException(
          "The IPFS node at "
              + api
              + " stored "
              + fileName
              + " as "
              + answered
              + ", but its content address is "
              + expected
              + ": the node did not add it as one raw block (a token must not point to a"
              + " different CID)");
    }
    return answered;
  }

  private URI endpoint() {
    String base = api.toString();
    if (!base.endsWith("/")) {
      base += "/";
    }
    return URI.create(
        base
            + "api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&pin=true&cid-base=base32"
            + "&chunker=size-"
            + MAX_FILE_SIZE
            + "&progress=false");
  }

  /** The CID in Kubo's answer: one JSON object a line, the file's with {@code Hash}. */
  private Cid answer(HttpResponse<String> response, String fileName) {
    String body = response.body() == null ? "" : response.body();
    if (response.statusCode() != 200) {
      String message = kuboMessage(body);
      throw new IpfsException(
          "The IPFS node at "
              + api
              + " refused "
              + fileName
              + " (HTTP "
              + response.statusCode()
              + (message == null ? "" : ": " + message)
              + ")");
    }
    String hash = null;
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw malformed(body, "a line is not JSON");
      }
      if (node != null && node.path("Hash").isTextual()) {
        hash = node.path("Hash").textValue();
      }
    }
    if (hash == null) {
      throw malformed(body, "no \"Hash\" in it");
    }
    try {
      return Cid.parse(hash);
    } catch (ContentException e) {
      throw malformed(body, "its Hash is not a CIDv1: " + e.getMessage());
    }
  }

  private IpfsException malformed(String body, String why) {
    String shown = body.length() > 200 ? body.substring(0, 200) + "…" : body;
    return new IpfsException(
        "The IPFS node at "
            + api
            + " gave an answer that is not a Kubo /api/v0/add result ("
            + why
            + "): "
            + shown.strip());
  }

  /** Kubo's error answer is {@code {"Message": "...", "Code": 0, "Type": "error"}}. */
  private static String kuboMessage(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.path("Message").isTextual()) {
        return node.path("Message").textValue();
      }
    } catch (JsonProcessingException e) {
      // not Kubo's error format: show the start of the body instead
    }
    String text = body.strip();
    return text.isEmpty() ? null : text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static byte[] multipart(String boundary, String fileName, byte[] content) {
    String safeName = fileName.replaceAll("[\"\\r\\n\\\\]", "_");
    ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 300);
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + safeName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static String describe(IOException e) {
    return Failures.describe(e);
  }
}
