package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.config.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks the user can mint on, kept in {@link Settings} under {@value #SETTINGS_KEY} (a JSON
 * array of {@code {name, chainId, rpcUrl}}), and the chain-id check made before anything is signed.
 */
public final class Networks {

  private static final Logger LOG = LoggerFactory.getLogger(Networks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings key holding the network list. */
  public static final String SETTINGS_KEY = "chain.networks";

  /**
   * The list a new installation starts with: the local devnet (its URL is set when it starts), the
   * Sepolia and Base Sepolia test networks, Ethereum and Base; the user fills in the RPC URLs.
   */
  public static final List<Network> DEFAULTS =
      List.of(
          new Network(Network.LOCAL_DEVNET, Devnet.CHAIN_ID, ""),
          new Network("Sepolia", 11155111, ""),
          new Network("Base Sepolia", 84532, ""),
          new Network("Ethereum", 1, ""),
          new Network("Base", 8453, ""));

  private Networks() {}

  /** The saved list; the defaults when none is saved or the saved one cannot be read. */
  public static List<Network> load(Settings settings) {
    Optional<String> saved = settings.get(SETTINGS_KEY);
    if (saved.isEmpty() || saved.get().isBlank()) {
      return DEFAULTS;
    }
    try {
      List<Network> out = new ArrayList<>();
      JsonNode array = JSON.readTree(saved.get());
      if (!array.isArray()) {
        throw new IOException("not a JSON array");
      }
      for (JsonNode n : array) {
        out.add(
            new Network(
                n.path("name").asText(), n.path("chainId").asLong(), n.path("rpcUrl").asText("")));
      }
      return List.copyOf(out);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("The saved network list is unreadable ({}); using the defaults", e.getMessage());
      return DEFAULTS;
    }
  }

  /**
   * Saves the list.
   *
   * @throws IllegalArgumentException when two entries share a name
   */
  public static void save(Settings settings, List<Network> networks) {
    ArrayNode array = JSON.createArrayNode();
    List<String> names = new ArrayList<>();
    for (Network n : networks) {
      if (names.contains(n.name())) {
        throw new IllegalArgumentException("Two networks are called " + n.name());
      }
      names.add(n.name());
      array.addObject().put("name", n.name()).put("chainId", n.chainId()).put("rpcUrl", n.rpcUrl());
    }
    settings.put(SETTINGS_KEY, array.toString());
  }

  /**
   * Replaces the network of the same name where it stands in the list, or adds it at the end, and
   * saves the list.
   */
  public static List<Network> put(Settings settings, Network network) {
    List<Network> list = new ArrayList<>(load(settings));
    int at = indexOf(list, network.name());
    if (at >= 0) {
      list.set(at, network);
    } else {
      list.add(network);
    }
    save(settings, list);
    return List.copyOf(list);
  }

  /**
   * Removes the network called {@code name} and saves the list.
   *
   * @return false when there is no such network (nothing changes)
   */
  public static boolean remove(Settings settings, String name) {
    List<Network> list = new ArrayList<>(load(settings));
    int at = indexOf(list, name.strip());
    if (at < 0) {
      return false;
    }
    list.remove(at);
    save(settings, list);
    return true;
  }

  private static int indexOf(List<Network> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The network called {@code name}. */
  public static Optional<Network> find(Settings settings, String name) {
    String wanted = name.strip();
    return load(settings).stream().filter(n -> n.name().equals(wanted)).findFirst();
  }

  /**
   * Asks the node its chain id and fails unless it is {@code expected}. Call it before signing
   * anything for that chain: a signature made for one chain must not be sent to another.
   *
   * @throws ChainException {@link Reason#WRONG_CHAIN} naming both ids, or the node's failure
   */
  public static void checkChainId(JsonRpc rpc, long expected) {
    long actual = rpc.chainId();
    if (actual != expected) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "RPC URL "
              + rpc.url()
              + " serves chain id "
              + actual
              + ", but chain id "
              + expected
              + " was expected; nothing was signed or sent");
    }
  }
}
