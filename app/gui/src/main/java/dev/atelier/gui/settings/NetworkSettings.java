package dev.atelier.gui.settings;

import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.chain.Networks;
import dev.atelier.config.SavedNetworks;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The networks part of the Settings screen: the networks to mint on, and the form that adds or
 * edits one. A network's RPC URL is saved only after its node answered with the expected chain id.
 * The local devnet's entry is Atelier's own and cannot be edited or removed here. Used on the
 * JavaFX thread.
 */
public final class NetworkSettings {

  /** How long a node may take to tell its chain id before a network is saved. */
  static final Duration CHAIN_CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final SavedNetworks saved;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final ObservableList<NetworkRow> rows = FXCollections.observableArrayList();
  // One kept read-only view: listeners on a view made per call are lost when it is collected.
  private final ObservableList<NetworkRow> rowsView =
      FXCollections.unmodifiableObservableList(rows);
  private final LoadStatus loadStatus = new LoadStatus("the networks");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

  NetworkSettings(SavedNetworks saved, BackgroundRunner runner, Notices notices) {
    this.saved = saved;
    this.runner = runner;
    this.notices = notices;
  }

  /** The networks, the local devnet's entry first. */
  public ObservableList<NetworkRow> rows() {
    return rowsView;
  }

  /** Reads the networks again. */
  public void load() {
    runner.run(
        () ->
            saved.all().stream().map(n -> NetworkRow.of(n, saved.unreadableUrl(n.name()))).toList(),
        loaded -> {
          rows.setAll(loaded);
          loadStatus.loaded(loaded.size());
        },
        loadStatus::failed);
  }

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return loadStatus.stateProperty();
  }

  /** Why the networks could not be read, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return loadStatus.errorProperty();
  }

  /**
   * Adds a network, or changes the one called {@code original}. When an RPC URL is given, the node
   * is asked its chain id first (in the background) and nothing is saved unless it matches; a blank
   * URL keeps the network's current one (the full URL is never shown, so it is not filled in).
   *
   * @param original the name of the network being edited, or null for a new one
   * @param onSaved run once saved
   */
  public void save(
      String original, String name, String chainIdText, String rpcUrl, Runnable onSaved) {
    if (busy.get()) {
      return;
    }
    String newName = name == null ? "" : name.strip();
    String url = rpcUrl == null ? "" : rpcUrl.strip();
    Optional<String> refused = refusal(original, newName, chainIdText, url);
    if (refused.isPresent()) {
      problem.set(refused.get());
      return;
    }
    long chainId = Long.parseLong(chainIdText.strip());
    problem.set("");
    busy.set(true);
    runner.run(
        () -> {
          String keptUrl =
              url.isEmpty() && original != null
                  ? saved.find(original).map(Network::rpcUrl).orElse("")
                  : url;
          Network network = new Network(newName, chainId, keptUrl);
          if (!url.isEmpty()) {
            Networks.checkChainId(new JsonRpc(url, CHAIN_CHECK_TIMEOUT), chainId);
          }
          if (original != null && !original.equals(newName)) {
            saved.remove(original);
          }
          saved.put(network);
          return network;
        },
        kept -> {
          busy.set(false);
          notices.info(
              "Network saved",
              kept.name()
                  + " · chain id "
                  + kept.chainId()
                  + (kept.hasRpcUrl() ? " · " + JsonRpc.redact(kept.rpcUrl()) : ""));
          load();
          onSaved.run();
        },
        failure -> {
          busy.set(false);
          problem.set("Not saved: " + Notices.message(failure));
        });
  }

  /** Why the form cannot be saved as it is, if it cannot. */
  private Optional<String> refusal(String original, String name, String chainIdText, String url) {
    if (Network.LOCAL_DEVNET.equals(original) || Network.LOCAL_DEVNET.equals(name)) {
      return Optional.of(
          "The local devnet's entry is managed by Atelier: start it below to set its URL.");
    }
    if (name.isEmpty()) {
      return Optional.of("Give the network a name.");
    }
    boolean nameTaken =
        rows.stream().anyMatch(n -> n.name().equals(name)) && !name.equals(original);
    if (nameTaken) {
      return Optional.of("There is a network called " + name + " already.");
    }
    long chainId;
    try {
      chainId = Long.parseLong(chainIdText == null ? "" : chainIdText.strip());
    } catch (NumberFormatException e) {
      return Optional.of("The chain id is a whole number, e.g. 11155111 for Sepolia.");
    }
    if (chainId < 1) {
      return Optional.of("The chain id is a positive number.");
    }
    if (!url.isEmpty()) {
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          return Optional.of("The RPC URL starts with https:// (or http://) and names a host.");
        }
      } catch (URISyntaxException e) {
        return Optional.of("The RPC URL is not a URL: " + e.getReason() + ".");
      }
    }
    return Optional.empty();
  }

  /** Removes a network (not the local devnet's entry). */
  public void remove(String name) {
    if (Network.LOCAL_DEVNET.equals(name)) {
      problem.set("The local devnet's entry cannot be removed.");
      return;
    }
    runner.run(
        () -> saved.remove(name),
        removed -> {
          problem.set("");
          if (removed) {
            notices.info("Network removed", name);
          }
          load();
        },
        failure -> notices.error("Could not remove " + name, failure));
  }

  /** Clears the network form's message. */
  public void clearProblem() {
    problem.set("");
  }

  /** Why the network form was refused; empty when nothing is wrong. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** True while a node is asked its chain id. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
