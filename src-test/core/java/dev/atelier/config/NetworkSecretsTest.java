package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys in RPC URLs are kept encrypted, never in the settings file. */
class NetworkSecretsTest {

  static final String KEY = "k3yOnlyTheProviderKnows9f2";
  static final String ALCHEMY = "https://eth-sepolia.g.alchemy.com/v2/" + KEY;

  @TempDir Path home;
  private HttpServer node;

  /**
   * A node that answers only when the key is in the path, as hosted providers do (with Alchemy's
   * answer to a wrong key).
   */
  @BeforeEach
  void startNode() throws IOException {
    node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          boolean keyed = exchange.getRequestURI().getPath().equals("/v2/" + KEY);
          byte[] body =
              (keyed
                      ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xaa36a7\"}"
                      : "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,"
                          + "\"message\":\"Must be authenticated!\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(keyed ? 200 : 401, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    node.start();
  }

  @AfterEach
  void stopNode() {
    node.stop(0);
  }

  private String nodeUrl(String key) {
    return "http://127.0.0.1:" + node.getAddress().getPort() + "/v2/" + key;
  }

  private Path settingsFile() {
    return home.resolve("config/settings.properties");
  }

  /** The networks as a new process would open them: new settings, new store, same files. */
  private SavedNetworks reopened() {
    return new SavedNetworks(
        Settings.load(settingsFile()), SecretStores.fileOnly(home.resolve("data/secrets")));
  }

  /** The settings file's bytes, as text, to look for a key in. */
  private String settingsBytes() throws IOException {
    return new String(Files.readAllBytes(settingsFile()), StandardCharsets.ISO_8859_1);
  }

  /** The saved network list as the settings file holds it. */
  private String savedList() {
    return Settings.load(settingsFile()).get(SavedNetworks.SETTINGS_KEY).orElseThrow();
  }

  @Test
  void aKeyNeverReachesTheSettingsFileAndTheNetworkStillWorks() throws IOException {
    reopened().put(new Network("Sepolia", 11155111, nodeUrl(KEY)));
    reopened().put(new Network("Alchemy", 11155111, ALCHEMY));
    reopened().put(new Network("Infura", 1, "https://mainnet.infura.io/v3/" + KEY + "?x=1"));

    assertThat(settingsBytes()).doesNotContain(KEY);
    assertThat(savedList()).contains("https://eth-sepolia.g.alchemy.com/…", "rpcSecret", "file:");
    Path secrets = home.resolve("data/secrets/secrets.properties");
    assertThat(Files.readString(secrets)).doesNotContain(KEY).doesNotContain("alchemy");

    SavedNetworks networks = reopened();
    assertThat(networks.find("Alchemy").orElseThrow().rpcUrl()).isEqualTo(ALCHEMY);
    Network sepolia = networks.find("Sepolia").orElseThrow();
    assertThat(sepolia.rpcUrl()).isEqualTo(nodeUrl(KEY));
    assertThat(new JsonRpc(sepolia.rpcUrl(), Duration.ofSeconds(5)).chainId()).isEqualTo(11155111L);
    assertThat(networks.unreadableUrl("Sepolia")).isEmpty();
  }

  @Test
  void aWrongKeyIsRefusedByTheNodeWithoutShowingIt() {
    reopened().put(new Network("Sepolia", 11155111, nodeUrl("wrongkey42")));
    JsonRpc rpc = new JsonRpc(reopened().find("Sepolia").orElseThrow().rpcUrl());
    assertThatThrownBy(rpc::chainId)
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("Must be authenticated!")
        .hasMessageNotContaining("wrongkey42");
  }

  @Test
  void urlsWithoutAKeyStayAsTheyAre() throws IOException {
    reopened().put(new Network(Network.LOCAL_DEVNET, 31337, "http://127.0.0.1:8545"));
    reopened().put(new Network("Base Sepolia", 84532, "https://sepolia.base.org/"));
    assertThat(savedList())
        .contains("http://127.0.0.1:8545", "https://sepolia.base.org/")
        .doesNotContain("rpcSecret");
    assertThat(home.resolve("data/secrets")).doesNotExist();
  }

  @Test
  void aMissingOrWrongSecretIsSaidClearlyAndNoUrlIsUsed() throws IOException {
    reopened().put(new Network("Alchemy", 11155111, ALCHEMY));
    Path key = home.resolve("data/secrets/key");
    Files.write(key, new byte[32]);

    SavedNetworks networks = reopened();
    assertThat(networks.find("Alchemy").orElseThrow().hasRpcUrl()).isFalse();
    assertThat(networks.unreadableUrl("Alchemy").orElseThrow())
        .contains("The RPC URL of Alchemy (https://eth-sepolia.g.alchemy.com/…)")
        .contains("cannot be decrypted")
        .contains("set the RPC URL again")
        .doesNotContain(KEY);

    Files.delete(key);
    assertThat(reopened().unreadableUrl("Alchemy").orElseThrow()).contains("is missing");

    // Setting it again makes it work, with a new key.
    reopened().put(new Network("Alchemy", 11155111, ALCHEMY));
    assertThat(reopened().find("Alchemy").orElseThrow().rpcUrl()).isEqualTo(ALCHEMY);
    assertThat(reopened().unreadableUrl("Alchemy")).isEmpty();
  }

  @Test
  void theKeyFileIsTheOwnersOnlyAndARemovedNetworkTakesItsSecretAlong() throws IOException {
    SavedNetworks networks = reopened();
    networks.put(new Network("Alchemy", 11155111, ALCHEMY));
    Path secrets = home.resolve("data/secrets/secrets.properties");
    assertThat(Files.readAllLines(secrets)).filteredOn(l -> !l.startsWith("#")).hasSize(1);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secrets.resolveSibling("key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.getParent())))
        .isEqualTo("rwx------");

    networks.put(new Network("Alchemy", 11155111, ALCHEMY));
    assertThat(Files.readAllLines(secrets))
        .as("same URL, same secret")
        .filteredOn(l -> !l.startsWith("#"))
        .hasSize(1);
    networks.put(new Network("Alchemy", 11155111, ALCHEMY + "x"));
    networks.remove("Alchemy");
    assertThat(Files.readAllLines(secrets)).filteredOn(l -> !l.startsWith("#")).isEmpty();
  }

  @Test
  void plainKeysFromAnOlderVersionMoveToTheStore() throws IOException {
    String legacy =
        "[{\"name\":\"Local devnet\",\"chainId\":31337,\"rpcUrl\":\"http://127.0.0.1:8545\"},"
            + "{\"name\":\"Alchemy\",\"chainId\":11155111,\"rpcUrl\":\""
            + ALCHEMY
            + "\"}]";
    Settings.load(settingsFile()).put(SavedNetworks.SETTINGS_KEY, legacy);
    assertThat(settingsBytes()).contains(KEY);

    SavedNetworks networks = reopened();
    assertThat(networks.find("Alchemy").orElseThrow().rpcUrl())
        .as("still works before it moves")
        .isEqualTo(ALCHEMY);
    assertThat(networks.moveKeysToSecretStore()).isEqualTo(1);
    assertThat(settingsBytes()).doesNotContain(KEY);
    assertThat(savedList()).contains("http://127.0.0.1:8545");
    assertThat(reopened().find("Alchemy").orElseThrow().rpcUrl()).isEqualTo(ALCHEMY);
    assertThat(reopened().moveKeysToSecretStore()).isZero();
  }

  @Test
  void plainKeysFromAnOlderVersionMoveAtTheFirstChangeOfTheList() throws IOException {
    String legacy =
        "[{\"name\":\"Infura\",\"chainId\":1,\"rpcUrl\":\"https://mainnet.infura.io/v3/"
            + KEY
            + "\"}]";
    Settings.load(settingsFile()).put(SavedNetworks.SETTINGS_KEY, legacy);
    reopened().put(new Network("Local devnet", 31337, "http://127.0.0.1:8545"));
    assertThat(settingsBytes()).doesNotContain(KEY);
    assertThat(reopened().all())
        .extracting(Network::rpcUrl)
        .containsExactly("https://mainnet.infura.io/v3/" + KEY, "http://127.0.0.1:8545");
  }

  @Test
  void theStudioMovesPlainKeysWhenItOpensTheList() throws IOException {
    AppDirs dirs = AppDirs.under(home);
    Settings.load(dirs.settingsFile())
        .put(
            SavedNetworks.SETTINGS_KEY,
            "[{\"name\":\"Alchemy\",\"chainId\":11155111,\"rpcUrl\":\"" + ALCHEMY + "\"}]");
    SavedNetworks opened = SavedNetworks.open(Settings.load(dirs.settingsFile()), dirs);
    assertThat(settingsBytes()).doesNotContain(KEY);
    assertThat(opened.all()).extracting(Network::rpcUrl).containsExactly(ALCHEMY);
  }
}
