package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.io.Failures;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small Ethereum JSON-RPC 2.0 client over HTTP. Each call is one request; errors come back as
 * {@link ChainException}s that name the URL and the node's own message.
 */
public final class JsonRpc {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  /** A client with a 30-second request timeout. */
  public JsonRpc(String url) {
    this(url, Duration.ofSeconds(30));
  }

  public JsonRpc(String url, Duration timeout) {
    this.url = parse(url);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
            .build();
  }

  /**
   * The RPC URL as shown in messages and logs: scheme, host and port only, since providers put API
   * keys in the path or query ({@code https://mainnet.example/v3/KEY}) and user names and passwords
   * before the host. A path, when there is one, shows as {@code /…}.
   */
  public String url() {
    return shown(url);
  }

  /**
   * How an RPC URL is shown to the user, as {@link #url()} does: never with what follows the port
   * or precedes the host, where API keys and passwords go.
   *
   * @return {@code scheme://host:port} (plus {@code /…}), or a placeholder for an unusable URL
   */
  public static String redact(String rpcUrl) {
    if (rpcUrl == null || rpcUrl.isBlank()) {
      return "";
    }
    try {
      return shown(parse(rpcUrl));
    } catch (IllegalArgumentException e) {
      return "(not a usable URL)";
    }
  }

  private static String shown(URI url) {
    String port = url.getPort() == -1 ? "" : ":" + url.getPort();
    boolean more =
        (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"))
            || url.getRawQuery() != null;
    return url.getScheme() + "://" + url.getHost() + port + (more ? "/…" : "");
  }

  /**
   * Calls {@code method} with {@code params} (strings, numbers, JSON nodes, booleans, lists) and
   * returns the {@code result}.
   *
   * @throws ChainException {@link Reason#UNREACHABLE} when the node does not answer, {@link
   *     Reason#RPC_ERROR} for a JSON-RPC error (its message, and its {@code data} when present), or
   *     {@link Reason#INSUFFICIENT_FUNDS} when the node says the sender cannot pay
   */
  public JsonNode call(String method, Object... params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p));
    }
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ChainException(
          Reason.UNREACHABLE,
          "Cannot reach RPC URL " + url() + " (" + describe(e) + "); is the node running?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException(Reason.UNREACHABLE, "Interrupted while calling " + url(), e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new ChainException(
          Reason.RPC_ERROR,
          "RPC URL "
              + url()
              + " answered "
              + method
              + " with HTTP "
              + response.statusCode()
              + " and no JSON-RPC response");
    }
    JsonNode error = body.get("error");
    if (error != null && !error.isNull()) {
      throw rpcError(method, error);
    }
    if (!body.has("result")) {
      throw new ChainException(
          Reason.RPC_ERROR, "RPC URL " + url() + " answered " + method + " without a result");
    }
    return body.get("result");
  }

  /** {@code eth_chainId}. */
  public long chainId() {
    return quantity(call("eth_chainId")).longValueExact();
  }

  /** Reads a hex quantity ({@code 0x1a}) as a number. */
  public static BigInteger quantity(JsonNode value) {
    if (value == null || !value.isTextual() || !value.asText().startsWith("0x")) {
      throw new ChainException(Reason.RPC_ERROR, "Expected a hex quantity, got " + value);
    }
    String hex = value.asText().substring(2);
    return hex.isEmpty() ? BigInteger.ZERO : new BigInteger(hex, 16);
  }

  /** Writes a number as a hex quantity. */
  public static String quantity(BigInteger value) {
    return "0x" + value.toString(16);
  }

  /** Writes a number as a hex quantity. */
  public static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  private ChainException rpcError(String method, JsonNode error) {
    String message = error.path("message").asText("unknown error");
    JsonNode data = error.get("data");
    String revertData = null;
    if (data != null && data.isTextual() && data.asText().startsWith("0x")) {
      revertData = data.asText();
    } else if (data != null && data.path("data").isTextual()) {
      revertData = data.path("data").asText();
    }
    if (revertData != null && revertData.length() >= 10) {
      return new ChainException(
          Reason.REVERTED, method + " reverted: " + Reverts.describe(revertData, null), revertData);
    }
    if (message.toLowerCase(java.util.Locale.ROOT).contains("revert")) {
      return new ChainException(Reason.REVERTED, method + " reverted: " + message, "0x");
    }
    String text =
        "RPC URL "
            + url()
            + " refused "
            + method
            + ": "
            + message
            + " (code "
            + error.path("code").asText()
            + ")";
    if (message.toLowerCase(java.util.Locale.ROOT).contains("insufficient funds")) {
      return new ChainException(
          Reason.INSUFFICIENT_FUNDS,
          "Insufficient funds: the sender cannot pay for gas and value (" + text + ")");
    }
    Reason reason = Reason.RPC_ERROR;
    return new ChainException(reason, text);
  }

  private static String describe(IOException e) {
    return Failures.describe(e);
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("it is not an http or https URL");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("it has no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      // The URL itself is not repeated: it may hold an API key.
      throw new IllegalArgumentException("Not a usable RPC URL (" + e.getMessage() + ")");
    }
  }
}
