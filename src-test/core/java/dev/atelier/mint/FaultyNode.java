package dev.atelier.mint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Fault injection around a real node: a JSON-RPC proxy in front of Anvil that passes every call
 * through, except {@code eth_sendRawTransaction} when told to misbehave.
 */
final class FaultyNode implements AutoCloseable {

  /** What happens to {@code eth_sendRawTransaction}. */
  enum Send {
    /** Passed through. */
    PASS,
    /** Passed to the node, which takes the transaction, but the answer is lost on the way back. */
    LOSE_ANSWER,
    /** Refused with a JSON-RPC error; the node never sees it. */
    REFUSE
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final URI upstream;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile Send send = Send.PASS;

  FaultyNode(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void send(Send mode) {
    this.send = mode;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode request = JSON.readTree(body);
    boolean isSend = request.path("method").asText().equals("eth_sendRawTransaction");
    Send mode = isSend ? send : Send.PASS;
    if (mode == Send.REFUSE) {
      String error =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + request.path("id")
              + ",\"error\":{\"code\":-32003,\"message\":\"transaction pool is full\"}}";
      reply(exchange, error.getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] answer;
    try {
      answer =
          http.send(
                  HttpRequest.newBuilder(upstream)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    if (mode == Send.LOSE_ANSWER) {
      // The node has the transaction; the caller only sees the connection drop.
      exchange.close();
      return;
    }
    reply(exchange, answer);
  }

  private static void reply(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
