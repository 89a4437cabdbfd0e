package dev.atelier.gui.wallet;

import dev.atelier.Studio;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.config.SavedNetworks;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.gui.shell.ScreenModel;
import dev.atelier.wallet.WalletException;
import dev.atelier.wallet.WalletService;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Wallet screen: the accounts with their lock state and their balance on every network that has
 * an RPC URL (asked in the background, with a short timeout), locking and unlocking, the create and
 * import flows ({@link CreateAccountModel}, {@link ImportAccountModel}), and the local devnet's
 * start and faucet. Passwords are asked through {@link PasswordPrompt} and wiped after use; nothing
 * secret is kept here.
 */
public final class WalletViewModel implements ScreenModel {

  /** How long one network may take to answer a balance request. */
  static final Duration BALANCE_TIMEOUT = Duration.ofSeconds(4);

  private final WalletService wallet;
  private final SavedNetworks networks;
  private final DevnetModel devnet;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final PasswordPrompt passwords;
  private final ObservableList<WalletRow> accounts = FXCollections.observableArrayList();
  // One kept read-only view: listeners on a view made per call are lost when it is collected.
  private final ObservableList<WalletRow> accountsView =
      FXCollections.unmodifiableObservableList(accounts);
  private final LoadStatus loadStatus = new LoadStatus("the wallet accounts");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private long loads;

  /** The screen over the studio's wallet and networks, and the shared local devnet. */
  public WalletViewModel(
      Studio studio,
      DevnetModel devnet,
      BackgroundRunner runner,
      Notices notices,
      PasswordPrompt passwords) {
    this(studio.wallet(), studio.networks(), devnet, runner, notices, passwords);
  }

  /** The screen over given services: tests pass a wallet with light scrypt settings. */
  public WalletViewModel(
      WalletService wallet,
      SavedNetworks networks,
      DevnetModel devnet,
      BackgroundRunner runner,
      Notices notices,
      PasswordPrompt passwords) {
    this.wallet = wallet;
    this.networks = networks;
    this.devnet = devnet;
    this.runner = runner;
    this.notices = notices;
    this.passwords = passwords;
  }

  @Override
  public void activate() {
    refresh();
  }

  /** Reloads the accounts, their lock state and the devnet's state, then asks for balances. */
  public void refresh() {
    long load = ++loads;
    devnet.refresh();
    runner.run(
        this::loadAccounts,
        loaded -> {
          if (load != loads) {
            return;
          }
          accounts.setAll(loaded.rows());
          loadStatus.loaded(loaded.rows().size());
          summary.set(summaryOf(loaded.rows().size(), loaded.networks().size()));
          loaded.networks().forEach(n -> fetchBalances(load, n, addresses(loaded.rows())));
        },
        failure -> {
          loadStatus.failed(failure);
        });
  }

  private record Loaded(List<WalletRow> rows, List<Network> networks) {}

  private Loaded loadAccounts() {
    List<Network> withUrl = networks.all().stream().filter(Network::hasRpcUrl).toList();
    List<Balance> loading = withUrl.stream().map(n -> Balance.loading(n.name())).toList();
    List<WalletRow> rows = new ArrayList<>();
    for (WalletAccount a : wallet.accounts()) {
      rows.add(
          new WalletRow(
              a.label(),
              a.address(),
              a.derivationPath() == null ? "" : a.derivationPath(),
              wallet.unlocked(a.address()).isPresent(),
              loading));
    }
    return new Loaded(rows, withUrl);
  }

  private static List<String> addresses(List<WalletRow> rows) {
    return rows.stream().map(WalletRow::address).toList();
  }

  private void fetchBalances(long load, Network network, List<String> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    runner.run(
        () -> {
          JsonRpc rpc = new JsonRpc(network.rpcUrl(), BALANCE_TIMEOUT);
          Map<String, BigInteger> out = new LinkedHashMap<>();
          for (String address : addresses) {
            out.put(address, JsonRpc.quantity(rpc.call("eth_getBalance", address, "latest")));
          }
          return out;
        },
        balances -> {
          if (load == loads) {
            balances.forEach((a, wei) -> setBalance(a, Balance.of(network.name(), wei)));
          }
        },
        failure -> {
          if (load == loads) {
            String why =
                network.name()
                    + " ("
                    + JsonRpc.redact(network.rpcUrl())
                    + ") did not answer: "
                    + Notices.message(failure);
            addresses.forEach(a -> setBalance(a, Balance.unknown(network.name(), why)));
          }
        });
  }

  private void setBalance(String address, Balance balance) {
    update(
        address,
        row -> {
          List<Balance> now = new ArrayList<>(row.balances());
          now.replaceAll(b -> b.network().equals(balance.network()) ? balance : b);
          return row.withBalances(now);
        });
  }

  private void update(String address, java.util.function.UnaryOperator<WalletRow> change) {
    for (int i = 0; i < accounts.size(); i++) {
      if (accounts.get(i).address().equalsIgnoreCase(address)) {
        accounts.set(i, change.apply(accounts.get(i)));
      }
    }
  }

  private static String summaryOf(int accounts, int networks) {
    String a = accounts == 1 ? "1 account" : accounts + " accounts";
    if (accounts == 0) {
      return a;
    }
    return a
        + " · "
        + (networks == 0
            ? "add an RPC URL under Settings to see balances"
            : "balances on " + (networks == 1 ? "1 network" : networks + " networks"));
  }

  // ---- locking

  /**
   * Asks for the account's password and unlocks it in the background; a wrong password asks again,
   * cancelling stops. The password is wiped once tried.
   */
  public void unlock(String address) {
    askAndUnlock(address, "");
  }

  private void askAndUnlock(String address, String problem) {
    Optional<char[]> typed = passwords.ask("Unlock account", address, problem);
    if (typed.isEmpty()) {
      return;
    }
    char[] password = typed.get();
    runner.run(
        () -> {
          try {
            wallet.unlock(address, password);
            return address;
          } finally {
            Arrays.fill(password, '\0');
          }
        },
        done -> {
          update(address, row -> row.withUnlocked(true));
          notices.info(
              "Account unlocked",
              address
                  + " signs without asking again until you lock it, or after "
                  + minutes(wallet.autoLock())
                  + " unused.");
        },
        failure -> {
          if (failure instanceof WalletException w
              && w.reason() == WalletException.Reason.WRONG_PASSWORD) {
            askAndUnlock(address, "Wrong password. Try again.");
          } else {
            notices.error("Could not unlock " + address, failure);
          }
        });
  }

  /** Locks one account now. */
  public void lock(String address) {
    wallet.lock(address);
    update(address, row -> row.withUnlocked(false));
  }

  /** Locks every account now. */
  public void lockAll() {
    wallet.lockAll();
    accounts.replaceAll(row -> row.withUnlocked(false));
    notices.info("All accounts locked", "Their keys are no longer in memory.");
  }

  /** Re-reads which accounts are unlocked (they lock themselves after idle time). */
  public void refreshLockState() {
    accounts.replaceAll(row -> row.withUnlocked(wallet.unlocked(row.address()).isPresent()));
  }

  private static String minutes(Duration d) {
    long m = d.toMinutes();
    return m == 1 ? "1 minute" : m + " minutes";
  }

  /** The view copied an address to the clipboard. */
  public void addressCopied(String address) {
    notices.info("Address copied", address);
  }

  // ---- keystore files

  /** Copies the account's encrypted keystore file into {@code folder}, in the background. */
  public void exportKeystore(String address, Path folder) {
    runner.run(
        () -> wallet.export(address, folder),
        written ->
            notices.info(
                "Keystore exported",
                written + " · it opens only with the account's password; keep it safe."),
        failure -> notices.error("The keystore was not exported", failure));
  }

  /**
   * Re-encrypts the account's keystore under a new password, in the background. Takes ownership of
   * the arrays: all are cleared when done.
   *
   * @return false when the new password is refused before anything runs ({@code onProblem} says
   *     why)
   */
  public boolean changePassword(
      String address,
      char[] current,
      char[] newPassword,
      char[] again,
      java.util.function.Consumer<String> onProblem) {
    Optional<String> refused = CreateAccountModel.passwordProblem(newPassword, again);
    if (refused.isPresent()) {
      wipe(current, newPassword, again);
      onProblem.accept(refused.get());
      return false;
    }
    runner.run(
        () -> {
          try {
            wallet.changePassword(address, current, newPassword);
            return address;
          } finally {
            wipe(current, newPassword, again);
          }
        },
        done -> notices.info("Password changed", address + " now opens with the new password."),
        failure ->
            notices.error(
                "Password not changed",
                failure instanceof WalletException w
                        && w.reason() == WalletException.Reason.WRONG_PASSWORD
                    ? "The current password is wrong; the old password still opens the account."
                    : Notices.message(failure)));
    return true;
  }

  private static void wipe(char[]... secrets) {
    for (char[] s : secrets) {
      Arrays.fill(s, '\0');
    }
  }

  // ---- creating and importing

  /** A new create-account flow; a created account is listed at once. */
  public CreateAccountModel newAccount() {
    return new CreateAccountModel(wallet, runner, account -> added("Account created", account));
  }

  /** A new import flow; an imported account is listed at once. */
  public ImportAccountModel importAccount() {
    return new ImportAccountModel(wallet, runner, account -> added("Account imported", account));
  }

  private void added(String title, WalletAccount account) {
    notices.info(title, account.label() + " · " + account.address());
    refresh();
  }

  // ---- local devnet

  /** Starts the local devnet (or attaches to the running one) in the background. */
  public void startDevnet() {
    devnet.start(
        node -> {
          notices.info(
              "Local devnet running", "Chain id " + Devnet.CHAIN_ID + " at " + node.rpcUrl());
          refresh();
        },
        failure -> notices.error("The local devnet did not start", failure));
  }

  /**
   * Adds {@link DevnetFaucet#DEFAULT_FUNDING} of test ether on the local devnet to {@code address}.
   */
  public void fund(String address) {
    devnet.fund(
        address,
        balance -> {
          notices.info(
              "Added " + Ether.format(DevnetFaucet.DEFAULT_FUNDING) + " of test ether",
              address + " now holds " + Ether.format(balance) + " there.");
          refresh();
        },
        failure -> notices.error("Could not add test ether", failure));
  }

  // ---- properties

  public ObservableList<WalletRow> accounts() {
    return accountsView;
  }

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return loadStatus.stateProperty();
  }

  /** Why loading failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return loadStatus.errorProperty();
  }

  /** E.g. "2 accounts · balances on 1 network". */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Whether the local devnet's node runs (as of the last refresh). */
  public ReadOnlyBooleanProperty devnetRunningProperty() {
    return devnet.runningProperty();
  }

  /** True while the devnet starts or funds an account. */
  public ReadOnlyBooleanProperty devnetBusyProperty() {
    return devnet.busyProperty();
  }

  /** How long an unlocked account stays unlocked unused. */
  public Duration autoLock() {
    return wallet.autoLock();
  }
}
