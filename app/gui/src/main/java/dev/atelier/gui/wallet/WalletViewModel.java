package dev.atelier.gui.wallet;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.shell.ScreenModel;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Wallet screen: the wallet accounts in the catalog, by public address. */
public final class WalletViewModel implements ScreenModel {

  private final Catalog catalog;
  private final BackgroundRunner runner;
  private final ObservableList<WalletRow> accounts = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<LoadState> state =
      new ReadOnlyObjectWrapper<>(this, "state", LoadState.LOADING);
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

  public WalletViewModel(Catalog catalog, BackgroundRunner runner) {
    this.catalog = catalog;
    this.runner = runner;
  }

  @Override
  public void activate() {
    runner.run(
        () -> catalog.wallets().list().stream().map(WalletViewModel::row).toList(),
        list -> {
          accounts.setAll(list);
          error.set("");
          state.set(LoadState.of(list.size()));
        },
        failure -> {
          error.set("Could not read the wallet accounts: " + failure.getMessage());
          state.set(LoadState.FAILED);
        });
  }

  public ObservableList<WalletRow> accounts() {
    return FXCollections.unmodifiableObservableList(accounts);
  }

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** Why loading failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  private static WalletRow row(WalletAccount a) {
    return new WalletRow(
        a.label(), a.address(), a.derivationPath() == null ? "" : a.derivationPath());
  }
}
