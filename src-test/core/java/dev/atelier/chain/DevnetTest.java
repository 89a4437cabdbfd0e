package dev.atelier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.SecretStores;
import dev.atelier.config.Settings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local devnet (a real Anvil), the RPC client's errors and the network list. */
class DevnetTest {

  @Test
  void startsAnsweringChainIdFundsAndStopsWithoutLeavingAProcess() {
    Devnet devnet = Devnet.start();
    long pid;
    String url;
    try {
      pid = devnet.pid();
      url = devnet.rpcUrl();
      assertThat(devnet.isRunning()).isTrue();
      assertThat(devnet.rpc().chainId()).isEqualTo(31337);

      String fresh = "0x000000000000000000000000000000000000bEEF";
      Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
      assertThat(txs.balance(fresh)).isZero();
      devnet.fund(fresh, new BigInteger("1234500000000000000"));
      assertThat(txs.balance(fresh)).isEqualTo(new BigInteger("1234500000000000000"));
    } finally {
      devnet.close();
    }
    assertThat(devnet.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    devnet.close(); // twice is fine

    assertThatThrownBy(() -> new JsonRpc(url).chainId())
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("Cannot reach RPC URL " + url)
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.UNREACHABLE);
  }

  @Test
  void messagesNeverShowTheApiKeyOrPasswordOfAnRpcUrl() {
    JsonRpc remote = new JsonRpc("https://user:pw@rpc.example.org/v3/SECRETKEY?token=T0KEN");
    assertThat(remote.url()).isEqualTo("https://rpc.example.org/…");
    JsonRpc down = new JsonRpc("http://127.0.0.1:1/v3/SECRETKEY", java.time.Duration.ofSeconds(2));
    assertThatThrownBy(down::chainId)
        .hasMessageStartingWith("Cannot reach RPC URL http://127.0.0.1:1/…")
        .hasMessageNotContaining("SECRETKEY");
    assertThatThrownBy(() -> new JsonRpc("ftp://host/SECRETKEY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("SECRETKEY");
  }

  @Test
  void aMissingBinaryIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> Devnet.start(dir.resolve("anvil")))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("Cannot start Anvil");
  }

  @Test
  void chainIdCheckNamesBothIds() {
    try (Devnet devnet = Devnet.start()) {
      Networks.checkChainId(devnet.rpc(), 31337);
      assertThatThrownBy(() -> Networks.checkChainId(devnet.rpc(), 11155111))
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("31337")
          .hasMessageContaining("11155111")
          .extracting(e -> ((ChainException) e).reason())
          .isEqualTo(Reason.WRONG_CHAIN);
    }
  }

  @Test
  void jsonRpcErrorsCarryTheNodesMessage() {
    try (Devnet devnet = Devnet.start()) {
      assertThatThrownBy(() -> devnet.rpc().call("eth_noSuchMethod"))
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("eth_noSuchMethod")
          .extracting(e -> ((ChainException) e).reason())
          .isEqualTo(Reason.RPC_ERROR);
    }
  }

  @Test
  void networksHaveDefaultsAndAreRemembered(@TempDir Path home) {
    SavedNetworks networks =
        new SavedNetworks(
            Settings.load(home.resolve("settings.properties")),
            SecretStores.fileOnly(home.resolve("secrets")));
    assertThat(networks.all())
        .extracting(Network::chainId)
        .containsExactly(31337L, 11155111L, 84532L, 1L, 8453L);
    assertThat(networks.all()).allMatch(n -> !n.hasRpcUrl());

    networks.put(new Network("Sepolia", 11155111, "https://sepolia.example/rpc"));
    SavedNetworks reloaded =
        new SavedNetworks(
            Settings.load(home.resolve("settings.properties")),
            SecretStores.fileOnly(home.resolve("secrets")));
    assertThat(reloaded.find("Sepolia").orElseThrow().rpcUrl())
        .isEqualTo("https://sepolia.example/rpc");
    assertThat(reloaded.all()).hasSize(5);

    assertThatThrownBy(
            () -> networks.save(List.of(new Network("A", 1, ""), new Network("A", 2, ""))))
        .hasMessageContaining("Two networks are called A");
    assertThatThrownBy(() -> new Network("x", 0, "")).hasMessageContaining("positive");
  }

  @Test
  void anUnreadableNetworkListFallsBackToTheDefaults(@TempDir Path home) {
    Settings settings = Settings.load(home.resolve("settings.properties"));
    settings.put(SavedNetworks.SETTINGS_KEY, "{not json");
    assertThat(new SavedNetworks(settings, SecretStores.fileOnly(home.resolve("secrets"))).all())
        .isEqualTo(Networks.DEFAULTS);
  }
}
