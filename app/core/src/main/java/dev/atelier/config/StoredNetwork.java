package dev.atelier.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One network as the settings file holds it: an RPC URL with nothing secret in it is kept as it is;
 * one with a path, a query or a user part (where providers put API keys) is kept as its {@linkplain
 * JsonRpc#redact redacted} form plus a reference to the whole URL in a {@link SecretStore}.
 *
 * @param rpcUrl the URL, or its redacted form when {@code secret} is set
 * @param secret the reference to the whole URL in the secret store, or null
 */
record StoredNetwork(String name, long chainId, String rpcUrl, String secret) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The network with its URL kept as it is (no secret in it, or one from an older version). */
  static StoredNetwork plain(Network n) {
    return new StoredNetwork(n.name(), n.chainId(), n.rpcUrl(), null);
  }

  /** True when the URL has a part where an API key may be: after the port, or before the host. */
  static boolean mayHoldAKey(String url) {
    if (url == null || url.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(url.strip());
      String path = uri.getRawPath();
      return uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || (path != null && !path.isEmpty() && !path.equals("/"))
          || uri.getHost() == null;
    } catch (URISyntaxException e) {
      return true;
    }
  }

  /** True when this entry holds a URL in plain text that should be in the secret store. */
  boolean keyInPlainText() {
    return secret == null && mayHoldAKey(rpcUrl);
  }

  /**
   * The network with its whole URL.
   *
   * @throws SecretException when the URL is in the secret store and cannot be read from it
   */
  Network resolve(SecretStore secrets) {
    return new Network(name, chainId, secret == null ? rpcUrl : secrets.get(secret));
  }

  /** The network's name and chain id with its shown URL (never the secret part). */
  Network shown() {
    return new Network(name, chainId, rpcUrl);
  }

  /** Never the URL's secret part, should one be logged. */
  @Override
  public String toString() {
    return name + " (chain " + chainId + ", " + JsonRpc.redact(rpcUrl) + ")";
  }

  Optional<String> secretReference() {
    return Optional.ofNullable(secret);
  }

  /**
   * Reads the JSON array kept in the settings.
   *
   * @throws IOException when it is not a JSON array of networks
   */
  static List<StoredNetwork> parse(String json) throws IOException {
    JsonNode array = JSON.readTree(json);
    if (array == null || !array.isArray()) {
      throw new IOException("not a JSON array");
    }
    List<StoredNetwork> out = new ArrayList<>();
    for (JsonNode n : array) {
      Network checked =
          new Network(
              n.path("name").asText(), n.path("chainId").asLong(), n.path("rpcUrl").asText(""));
      String secret = n.hasNonNull("rpcSecret") ? n.get("rpcSecret").asText() : null;
      out.add(new StoredNetwork(checked.name(), checked.chainId(), checked.rpcUrl(), secret));
    }
    return out;
  }

  /** The JSON array kept in the settings. */
  static String toJson(List<StoredNetwork> networks) {
    ArrayNode array = JSON.createArrayNode();
    for (StoredNetwork n : networks) {
      ObjectNode o =
          array.addObject().put("name", n.name).put("chainId", n.chainId).put("rpcUrl", n.rpcUrl);
      if (n.secret != null) {
        o.put("rpcSecret", n.secret);
      }
    }
    return array.toString();
  }
}
