package dev.atelier.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atelier.chain.Network;
import dev.atelier.chain.Networks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks the user can mint on, kept in {@link Settings} under {@value #SETTINGS_KEY} (a JSON
 * array of {@code {name, chainId, rpcUrl}}); {@link Networks#DEFAULTS} until the user changes it.
 * The studio owns one; every change is saved at once.
 */
public final class SavedNetworks {

  private static final Logger LOG = LoggerFactory.getLogger(SavedNetworks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings key holding the network list. */
  public static final String SETTINGS_KEY = "chain.networks";

  private final Settings settings;

  /** The list kept in {@code settings}. */
  public SavedNetworks(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The saved list; the defaults when none is saved or the saved one cannot be read. */
  public List<Network> all() {
    Optional<String> saved = settings.get(SETTINGS_KEY);
    if (saved.isEmpty() || saved.get().isBlank()) {
      return Networks.DEFAULTS;
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
      return Networks.DEFAULTS;
    }
  }

  /**
   * Saves the list.
   *
   * @throws IllegalArgumentException when two entries share a name
   */
  public void save(List<Network> networks) {
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
  public List<Network> put(Network network) {
    List<Network> list = new ArrayList<>(all());
    int at = indexOf(list, network.name());
    if (at >= 0) {
      list.set(at, network);
    } else {
      list.add(network);
    }
    save(list);
    return List.copyOf(list);
  }

  /**
   * Removes the network called {@code name} and saves the list.
   *
   * @return false when there is no such network (nothing changes)
   */
  public boolean remove(String name) {
    List<Network> list = new ArrayList<>(all());
    int at = indexOf(list, name.strip());
    if (at < 0) {
      return false;
    }
    list.remove(at);
    save(list);
    return true;
  }

  /** The network called {@code name}. */
  public Optional<Network> find(String name) {
    String wanted = name.strip();
    return all().stream().filter(n -> n.name().equals(wanted)).findFirst();
  }

  private static int indexOf(List<Network> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
