package dev.atelier.config;

import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.chain.Networks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks the user can mint on, kept in {@link Settings} under {@value #SETTINGS_KEY} (a JSON
 * array of {@code {name, chainId, rpcUrl, rpcSecret}}); {@link Networks#DEFAULTS} until the user
 * changes it. Every change is saved at once, as a change of the list the file holds at that moment
 * (under the settings' lock), so a network another process added in between is kept.
 *
 * <p>An RPC URL that may hold an API key (anything after the port, or a user part) is never written
 * to the settings: the settings keep its redacted form and a reference into a {@link SecretStore},
 * and {@link #all()} gives the whole URL back. URLs in plain text from older versions are moved to
 * the store by {@link #open} and at every change of the list.
 */
public final class SavedNetworks {

  private static final Logger LOG = LoggerFactory.getLogger(SavedNetworks.class);

  /** The settings key holding the network list. */
  public static final String SETTINGS_KEY = "chain.networks";

  private final Settings settings;
  private final SecretStore secrets;
  // A reference always names the same secret (a changed URL gets a new one), so it can be cached.
  private final Map<String, String> resolved = new ConcurrentHashMap<>();

  /** The list kept in {@code settings}, with the URLs' keys in {@code secrets}. */
  public SavedNetworks(Settings settings, SecretStore secrets) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /**
   * The list kept in {@code settings}, with keys in the user's secret store ({@link
   * SecretStores#forUser}); URLs saved in plain text by an older version are moved there now.
   */
  public static SavedNetworks open(Settings settings, AppDirs dirs) {
    SavedNetworks networks = new SavedNetworks(settings, SecretStores.forUser(dirs));
    networks.moveKeysToSecretStore();
    return networks;
  }

  /**
   * The saved list with whole URLs; the defaults when none is saved or the saved one cannot be
   * read. A network whose URL cannot be read from the secret store comes with no URL (nothing is
   * sent to a wrong one): {@link #unreadableUrl} says why.
   */
  public List<Network> all() {
    List<Network> out = new ArrayList<>();
    for (StoredNetwork n : stored()) {
      try {
        out.add(resolve(n));
      } catch (SecretException e) {
        LOG.warn("The RPC URL of {} cannot be read: {}", n.name(), e.getMessage());
        out.add(n.shown().withRpcUrl(""));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Why the RPC URL of the network called {@code name} cannot be used, when it is kept in the
   * secret store and cannot be read back from it; empty when it can (or there is no such network).
   */
  public Optional<String> unreadableUrl(String name) {
    Optional<StoredNetwork> n = stored().stream().filter(s -> s.name().equals(name)).findFirst();
    if (n.isEmpty() || n.get().secretReference().isEmpty()) {
      return Optional.empty();
    }
    try {
      resolve(n.get());
      return Optional.empty();
    } catch (SecretException e) {
      return Optional.of(
          "The RPC URL of "
              + name
              + " ("
              + n.get().rpcUrl()
              + ") is kept encrypted, but it cannot be read back ("
              + e.getMessage()
              + "); set the RPC URL again");
    }
  }

  /**
   * Saves the list.
   *
   * @throws IllegalArgumentException when two entries share a name
   * @throws SecretException when a URL's key cannot be kept in the secret store (nothing is saved)
   */
  public void save(List<Network> networks) {
    Set<String> names = new HashSet<>();
    for (Network n : networks) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("Two networks are called " + n.name());
      }
    }
    change(
        current -> {
          List<StoredNetwork> next = new ArrayList<>();
          for (Network n : networks) {
            next.add(storedForm(n, find(current, n.name())));
          }
          return next;
        });
  }

  /**
   * Replaces the network of the same name where it stands in the list, or adds it at the end, and
   * saves the list.
   *
   * @throws SecretException when the URL's key cannot be kept in the secret store (nothing is
   *     saved)
   */
  public List<Network> put(Network network) {
    change(
        current -> {
          List<StoredNetwork> next = new ArrayList<>(current);
          Optional<StoredNetwork> old = find(current, network.name());
          StoredNetwork entry = storedForm(network, old);
          if (old.isPresent()) {
            next.set(current.indexOf(old.get()), entry);
          } else {
            next.add(entry);
          }
          return next;
        });
    return all();
  }

  /**
   * Removes the network called {@code name} and saves the list.
   *
   * @return false when there is no such network (nothing changes)
   */
  public boolean remove(String name) {
    String wanted = name.strip();
    boolean[] found = {false};
    change(
        current -> {
          List<StoredNetwork> next = new ArrayList<>(current);
          found[0] = next.removeIf(n -> n.name().equals(wanted));
          return next;
        });
    return found[0];
  }

  /** The network called {@code name}. */
  public Optional<Network> find(String name) {
    String wanted = name.strip();
    return all().stream().filter(n -> n.name().equals(wanted)).findFirst();
  }

  /**
   * Moves every RPC URL that an older version saved in plain text, key and all, to the secret
   * store; a store that cannot take them is logged and the URLs stay as they are (they still work).
   *
   * @return how many were moved
   */
  public int moveKeysToSecretStore() {
    if (stored().stream().noneMatch(StoredNetwork::keyInPlainText)) {
      return 0;
    }
    int[] moved = {0};
    try {
      change(
          current -> {
            moved[0] = (int) current.stream().filter(StoredNetwork::keyInPlainText).count();
            return current;
          });
      LOG.info("Moved the RPC URLs of {} network(s) to {}", moved[0], secrets.describe());
    } catch (SecretException e) {
      LOG.warn("RPC URLs stay in the settings file: {}", e.getMessage());
      return 0;
    }
    return moved[0];
  }

  /** A change of the stored list, as it is in the file now. */
  private interface ListChange {
    List<StoredNetwork> apply(List<StoredNetwork> current);
  }

  /**
   * Applies {@code change} to the list the file holds now, under the settings' lock, moves keys
   * still in plain text to the secret store, saves, then forgets the secrets no entry uses any
   * more.
   */
  private void change(ListChange change) {
    Set<String> before = new HashSet<>();
    Set<String> after = new HashSet<>();
    settings.update(
        SETTINGS_KEY,
        old -> {
          List<StoredNetwork> current = parseOrDefaults(old);
          current.forEach(n -> n.secretReference().ifPresent(before::add));
          List<StoredNetwork> next = new ArrayList<>();
          for (StoredNetwork n : change.apply(current)) {
            next.add(n.keyInPlainText() ? storedForm(n.resolve(secrets), Optional.empty()) : n);
          }
          next.forEach(n -> n.secretReference().ifPresent(after::add));
          return Optional.of(StoredNetwork.toJson(next));
        });
    before.removeAll(after);
    for (String unused : before) {
      try {
        secrets.remove(unused);
        resolved.remove(unused);
      } catch (SecretException e) {
        LOG.warn("A secret no network uses could not be removed: {}", e.getMessage());
      }
    }
  }

  /**
   * How {@code network} is stored: its URL as it is when it may hold no key; else the redacted URL
   * and a reference, reusing {@code old}'s when it holds the same URL.
   */
  private StoredNetwork storedForm(Network network, Optional<StoredNetwork> old) {
    if (!StoredNetwork.mayHoldAKey(network.rpcUrl())) {
      return StoredNetwork.plain(network);
    }
    String shown = JsonRpc.redact(network.rpcUrl());
    if (old.isPresent() && old.get().secretReference().isPresent()) {
      try {
        if (resolve(old.get()).rpcUrl().equals(network.rpcUrl())) {
          return new StoredNetwork(
              network.name(), network.chainId(), shown, old.get().secretReference().get());
        }
      } catch (SecretException e) {
        // unreadable: a new secret replaces it
      }
    }
    String reference = secrets.put("RPC URL of " + network.name(), network.rpcUrl());
    resolved.put(reference, network.rpcUrl());
    return new StoredNetwork(network.name(), network.chainId(), shown, reference);
  }

  private Network resolve(StoredNetwork n) {
    Optional<String> reference = n.secretReference();
    if (reference.isEmpty()) {
      return n.resolve(secrets);
    }
    String url = resolved.computeIfAbsent(reference.get(), secrets::get);
    return n.shown().withRpcUrl(url);
  }

  private List<StoredNetwork> stored() {
    return parseOrDefaults(settings.get(SETTINGS_KEY));
  }

  private static List<StoredNetwork> parseOrDefaults(Optional<String> saved) {
    if (saved.isPresent() && !saved.get().isBlank()) {
      try {
        return StoredNetwork.parse(saved.get());
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("The saved network list is unreadable ({}); using the defaults", e.getMessage());
      }
    }
    return new ArrayList<>(Networks.DEFAULTS.stream().map(StoredNetwork::plain).toList());
  }

  private static Optional<StoredNetwork> find(List<StoredNetwork> list, String name) {
    return list.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
