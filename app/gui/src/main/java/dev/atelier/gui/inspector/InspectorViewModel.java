package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.License;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.gui.inspector.AssetInfo.SignatureState;
import dev.atelier.imagesettings.CatalogSettings;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.license.Permissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The inspector beside the catalog: what the selected assets are (provenance, signatures, license)
 * and what can be done with them (sign, mint). Follows {@link AssetSelection}. Used on the JavaFX
 * thread; catalog reads, file checks and signing run on the {@link BackgroundRunner}, chain work
 * that waits for blocks on a long lane of its own (see {@link MintViewModel}).
 *
 * <p>What it reads it says the studio's one way ({@link LoadStatus}): the selected assets' details
 * ({@link #stateProperty()}, "Could not read the selection: …" in their place) and the licenses
 * ({@link #licensesStateProperty()}, under the chooser); a file that cannot be read is a problem in
 * the asset's own checks. A refused sign is the {@link #messageProperty() message} by the sign
 * button; a failed one is a toast.
 */
public final class InspectorViewModel {

  /** One permission of a license, for people. */
  public record Permission(String label, boolean allowed) {}

  private final Studio studio;
  private final AssetSelection selection;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final PasswordPrompt passwords;
  private final Unlocker unlocker;
  private final MintViewModel mint;

  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ObservableList<AssetInfo> assets = FXCollections.observableArrayList();
  private final ObservableList<AssetInfo> assetsView =
      FXCollections.unmodifiableObservableList(assets);
  private final ReadOnlyObjectWrapper<AssetInfo> current =
      new ReadOnlyObjectWrapper<>(this, "current");
  private final ObservableList<License> licenses = FXCollections.observableArrayList();
  private final ObservableList<License> licensesView =
      FXCollections.unmodifiableObservableList(licenses);
  private final ObjectProperty<License> license = new SimpleObjectProperty<>(this, "license");
  private final ReadOnlyStringWrapper licenseSummary =
      new ReadOnlyStringWrapper(this, "licenseSummary", "");
  private final ObservableList<Permission> permissions = FXCollections.observableArrayList();
  private final ObservableList<Permission> permissionsView =
      FXCollections.unmodifiableObservableList(permissions);
  private final ReadOnlyStringWrapper signLabel =
      new ReadOnlyStringWrapper(this, "signLabel", "Sign");
  private final ReadOnlyStringWrapper signHint = new ReadOnlyStringWrapper(this, "signHint", "");
  private final ReadOnlyBooleanWrapper canSign = new ReadOnlyBooleanWrapper(this, "canSign");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final LoadStatus details = new LoadStatus("the selection");
  private final LoadStatus licensesStatus = new LoadStatus("the licenses");
  private long loads;
  private Consumer<Path> startFrom = file -> {};
  private BiConsumer<ImageSettings, String> useSettings = (settings, name) -> {};
  private final BooleanBinding canStartFrom =
      Bindings.createBooleanBinding(
          () -> current.get() != null && current.get().file() != null, current);

  /**
   * An inspector with a devnet model of its own (tests); chain work runs on a long lane of {@code
   * runner}.
   */
  public InspectorViewModel(
      Studio studio,
      AssetSelection selection,
      BackgroundRunner runner,
      Notices notices,
      PasswordPrompt passwords) {
    this(studio, new DevnetModel(studio.devnet(), runner), selection, runner, notices, passwords);
  }

  /**
   * The studio's inspector; chain work runs on a long lane of {@code runner}.
   *
   * @param devnet the studio's local devnet, shared with the other screens
   */
  public InspectorViewModel(
      Studio studio,
      DevnetModel devnet,
      AssetSelection selection,
      BackgroundRunner runner,
      Notices notices,
      PasswordPrompt passwords) {
    this.studio = studio;
    this.selection = selection;
    this.runner = runner;
    this.notices = notices;
    this.passwords = passwords;
    this.unlocker = new Unlocker(studio.wallet(), passwords);
    this.mint = new MintViewModel(studio, devnet, selection, runner, notices, unlocker);
    license.subscribe(this::showLicense);
    mint.networkProperty().subscribe(n -> updateSigning());
    mint.accountProperty().subscribe(a -> updateSigning());
    busy.subscribe(b -> updateSigning());
    selection.selected().subscribe(this::refresh);
    selection.revisionProperty().subscribe(this::refresh);
    runner.run(
        () -> studio.licenses().list(),
        list -> {
          licenses.setAll(list);
          licensesStatus.loaded(list.size());
          updateSigning();
        },
        licensesStatus::failed);
    refresh();
  }

  /** Reloads what the selected assets are, and the networks, accounts and collections. */
  public void refresh() {
    List<Long> ids = List.copyOf(selection.selected());
    int n = ids.size();
    summary.set(
        n == 0
            ? "Select an image to see its provenance"
            : n == 1 ? "Asset " + ids.getFirst() : n + " images selected");
    long load = ++loads;
    mint.refresh();
    if (ids.isEmpty()) {
      assets.clear();
      current.set(null);
      details.loaded(0);
      updateSigning();
      return;
    }
    runner.run(
        () -> {
          List<AssetInfo> out = new ArrayList<>();
          for (long id : ids) {
            out.add(AssetInfoLoader.load(studio, id, out.isEmpty()));
          }
          return out;
        },
        infos -> {
          if (load != loads) {
            return; // the selection changed meanwhile
          }
          assets.setAll(infos);
          current.set(infos.getFirst());
          details.loaded(infos.size());
          summary.set(summaryOf(infos));
          String signedUnder = infos.getFirst().licenseId();
          if (signedUnder != null) {
            licenses.stream()
                .filter(l -> l.id().equals(signedUnder))
                .findFirst()
                .ifPresent(license::set);
          }
          updateSigning();
        },
        e -> {
          if (load == loads) {
            assets.clear();
            current.set(null);
            details.failed(e);
            updateSigning();
          }
        });
  }

  private static String summaryOf(List<AssetInfo> infos) {
    if (infos.size() == 1) {
      AssetInfo a = infos.getFirst();
      return "Asset "
          + a.assetId()
          + " · "
          + switch (a.signature()) {
            case NOT_SIGNED -> "not signed";
            case VALID -> "signed";
            case INVALID -> "signature does not hold";
          };
    }
    long signed = infos.stream().filter(a -> a.signature() == SignatureState.VALID).count();
    return infos.size() + " images selected · " + signed + " signed";
  }

  private void showLicense(License l) {
    if (l == null) {
      licenseSummary.set("");
      permissions.clear();
    } else {
      licenseSummary.set(l.summary());
      Permissions p = Permissions.of(l);
      permissions.setAll(
          new Permission("Commercial use", p.commercialUse()),
          new Permission("Derivatives", p.derivatives()),
          new Permission("Credit required", p.attributionRequired()),
          new Permission("Share alike", p.shareAlike()),
          new Permission("AI training", p.aiTraining()));
    }
    updateSigning();
  }

  private void updateSigning() {
    int n = assets.size();
    String account = mint.account().orElse(null);
    long chain = mint.chainId();
    String network = mint.networkName();
    boolean allSignedHere =
        n > 0 && account != null && assets.stream().allMatch(a -> a.signedFor(account, chain));
    boolean anySigned = assets.stream().anyMatch(a -> a.signature() != SignatureState.NOT_SIGNED);
    boolean licenseChanged =
        license.get() != null
            && assets.stream().anyMatch(a -> !license.get().id().equals(a.licenseId()));
    String images = n == 1 ? "" : " " + n + " images";
    if (n == 0) {
      signLabel.set("Sign and embed");
      signHint.set("");
    } else if (!anySigned) {
      signLabel.set("Sign and embed" + images);
      signHint.set(
          license.get() == null
              ? "Choose a license, then sign: your wallet signs the provenance for "
                  + network
                  + " (chain "
                  + chain
                  + ")"
              : "Signs for " + network + " (chain " + chain + ") and embeds it in the PNG");
    } else if (!allSignedHere) {
      signLabel.set("Sign for this network");
      signHint.set(
          "To mint on "
              + network
              + " (chain "
              + chain
              + ") the image must be signed by "
              + (account == null ? "your account" : MintViewModel.shortHash(account))
              + " for that chain");
    } else if (licenseChanged) {
      signLabel.set("Sign again under " + license.get().id());
      signHint.set("Signing again replaces the manifest; the pixels stay as they are");
    } else {
      signLabel.set("Signed for " + network);
      signHint.set("Ready to mint on " + network);
    }
    canSign.set(
        n > 0
            && license.get() != null
            && account != null
            && !busy.get()
            && (!allSignedHere || licenseChanged));
  }

  /**
   * Signs the selected assets under the chosen license for the chosen network's chain with the
   * chosen account, asking for its password; embeds the provenance in each PNG.
   */
  public void sign() {
    List<Long> ids = List.copyOf(selection.selected());
    License terms = license.get();
    String account = mint.account().orElse(null);
    long chain = mint.chainId();
    if (ids.isEmpty()) {
      message.set("Select the images to sign");
      return;
    }
    if (terms == null) {
      message.set("Choose a license first");
      return;
    }
    if (account == null) {
      message.set("Create or import a wallet account first (Wallet)");
      return;
    }
    String what = ids.size() == 1 ? "1 image" : ids.size() + " images";
    unlocker.run(
        "Sign "
            + what
            + " under "
            + terms.id()
            + " for "
            + mint.networkName()
            + " (chain "
            + chain
            + ")",
        account,
        runner,
        unlocked -> {
          for (long id : ids) {
            studio.provenance().sign(id, terms.id(), chain, unlocked);
          }
          return ids.size();
        },
        () -> {
          busy.set(true);
          message.set("Signing " + what + "…");
        },
        count -> {
          busy.set(false);
          message.set("");
          notices.info(
              "Signed " + what,
              terms.id() + " · chain " + chain + " · " + MintViewModel.shortHash(account));
          selection.changed();
        },
        e -> {
          busy.set(false);
          message.set("");
          notices.error("Signing failed", e);
          refresh();
        },
        () -> message.set("Cancelled: nothing was signed"));
  }

  /** The view copied a field's whole value (a hash shown shortened) to the clipboard. */
  public void valueCopied(AssetInfo.Field field) {
    notices.info(field.label() + " copied", field.full() != null ? field.full() : field.value());
  }

  // ---- properties

  /** One line about the selection. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Where the selected assets' details stand: none selected (empty), ready, or failed. */
  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return details.stateProperty();
  }

  /** Why the selection could not be read ("Could not read the selection: …"), or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return details.errorProperty();
  }

  /** Where the list of licenses stands. */
  public ReadOnlyObjectProperty<LoadState> licensesStateProperty() {
    return licensesStatus.stateProperty();
  }

  /** Why the licenses could not be read ("Could not read the licenses: …"), or empty. */
  public ReadOnlyStringProperty licensesErrorProperty() {
    return licensesStatus.errorProperty();
  }

  /** The selected assets, as loaded. */
  public ObservableList<AssetInfo> assets() {
    return assetsView;
  }

  /** The first selected asset, whose fields are shown; null when none. */
  public ReadOnlyObjectProperty<AssetInfo> currentProperty() {
    return current.getReadOnlyProperty();
  }

  public ObservableList<License> licenses() {
    return licensesView;
  }

  /** The license to sign under. */
  public ObjectProperty<License> licenseProperty() {
    return license;
  }

  /** The chosen license in plain words. */
  public ReadOnlyStringProperty licenseSummaryProperty() {
    return licenseSummary.getReadOnlyProperty();
  }

  public ObservableList<Permission> permissions() {
    return permissionsView;
  }

  public ReadOnlyStringProperty signLabelProperty() {
    return signLabel.getReadOnlyProperty();
  }

  /** What signing will do, or why it is needed before a mint. */
  public ReadOnlyStringProperty signHintProperty() {
    return signHint.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canSignProperty() {
    return canSign.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Inline word about signing: progress, cancel, or why not. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * What "Use as start picture" does with the shown asset's image file; the studio's shell makes it
   * the Generate screen's start picture and shows that screen.
   */
  public void onUseAsStartPicture(Consumer<Path> action) {
    startFrom = Objects.requireNonNull(action);
  }

  /** Starts a generation from the shown asset's image (see {@link #onUseAsStartPicture}). */
  public void useAsStartPicture() {
    AssetInfo shown = current.get();
    if (shown != null && shown.file() != null) {
      startFrom.accept(Path.of(shown.file()));
    }
  }

  /**
   * What "Use these settings" does with the shown asset's settings, as the catalog keeps them (its
   * LoRAs and hires pass included) and the picture's name; the studio's shell puts them into the
   * Generate form and shows that screen.
   */
  public void onUseSettings(BiConsumer<ImageSettings, String> action) {
    useSettings = Objects.requireNonNull(action);
  }

  /** Reads the shown asset's settings from the catalog and uses them ({@link #onUseSettings}). */
  public void useSettings() {
    AssetInfo shown = current.get();
    if (shown == null) {
      return;
    }
    long id = shown.assetId();
    runner.run(
        () -> CatalogSettings.of(studio.catalog(), id),
        settings -> useSettings.accept(settings, "asset " + id),
        e -> notices.error("Could not read the settings of asset " + id, e));
  }

  /** True when an asset with an image file is shown. */
  public BooleanBinding canUseAsStartPictureProperty() {
    return canStartFrom;
  }

  /** The mint panel. */
  public MintViewModel mint() {
    return mint;
  }

  Studio studio() {
    return studio;
  }

  BackgroundRunner runner() {
    return runner;
  }

  Notices notices() {
    return notices;
  }

  PasswordPrompt passwords() {
    return passwords;
  }
}
