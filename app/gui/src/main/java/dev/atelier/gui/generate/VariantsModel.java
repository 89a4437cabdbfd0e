package dev.atelier.gui.generate;

import dev.atelier.catalog.Asset;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.KeepService;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The variants a run made, as the artist looks at them: a grid, one zoomed, or two side by side;
 * and keeping one ({@link KeepService}: its PNG moves from the variants folder into the images
 * folder, its catalog row becomes a kept asset, and it is selected for the inspector). Where the
 * list stands is a {@link LoadStatus}: loading until the earlier generations were read, then empty
 * or ready by the variants shown, or failed when the earlier generations could not be read. Used on
 * the JavaFX thread; keeping runs on the {@link BackgroundRunner}.
 */
public final class VariantsModel {

  /** How the variants are shown. */
  public enum Layout {
    GRID,
    ZOOM,
    COMPARE
  }

  private final KeepService keeping;
  private final BackgroundRunner runner;
  private final AssetSelection selection;
  private final Notices notices;

  private final ObservableList<VariantItem> variants = FXCollections.observableArrayList();
  private final ObservableList<VariantItem> picked = FXCollections.observableArrayList();
  private final ObjectProperty<VariantItem> focused = new SimpleObjectProperty<>(this, "focused");
  private final ObjectProperty<Layout> layout =
      new SimpleObjectProperty<>(this, "layout", Layout.GRID);
  private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
  private final ReadOnlyBooleanWrapper restored = new ReadOnlyBooleanWrapper(this, "restored");
  private final LoadStatus status = new LoadStatus("your earlier generations");
  private final ObservableList<VariantItem> variantsView =
      FXCollections.unmodifiableObservableList(variants);
  private final ObservableList<VariantItem> pickedView =
      FXCollections.unmodifiableObservableList(picked);

  VariantsModel(
      KeepService keeping, BackgroundRunner runner, AssetSelection selection, Notices notices) {
    this.keeping = Objects.requireNonNull(keeping);
    this.runner = Objects.requireNonNull(runner);
    this.selection = Objects.requireNonNull(selection);
    this.notices = Objects.requireNonNull(notices);
  }

  /** The variants of a new run, or of the last session brought back ({@code restored}). */
  void show(List<VariantItem> items, boolean fromLastSession) {
    variants.setAll(items);
    picked.clear();
    focused.set(null);
    layout.set(Layout.GRID);
    restored.set(fromLastSession && !items.isEmpty());
    status.loaded(items.size());
  }

  /** Removes the run's variants when they are still the ones shown (a run that made nothing). */
  void discard(List<VariantItem> items) {
    if (variants.equals(items)) {
      variants.clear();
      status.loaded(0);
    }
  }

  /** The earlier generations were read (whether or not their variants are shown again). */
  void earlierRead() {
    status.loaded(variants.size());
  }

  /**
   * The earlier generations (the last one's variants, the prompt history) could not be read: the
   * list says so in its place, unless a run already shows its variants there.
   */
  void earlierFailed(Throwable problem) {
    if (variants.isEmpty()) {
      status.failed(problem);
    } else {
      status.partFailed(problem);
    }
  }

  /**
   * Keeps a finished variant: its PNG moves into the images folder, its catalog row becomes a kept
   * asset, and it is selected for the inspector.
   */
  public void keep(VariantItem item) {
    Asset asset = item.assetProperty().get();
    if (asset == null || item.keptProperty().get()) {
      return;
    }
    item.keptProperty().set(true);
    runner.run(
        () -> keeping.keep(asset),
        keptPath -> {
          selection.select(asset.id());
          selection.changed();
          notices.info(
              "Kept variant " + (item.index() + 1), "Saved to " + keptPath.toAbsolutePath());
        },
        error -> {
          item.keptProperty().set(false);
          notices.error("Could not keep variant " + (item.index() + 1), error);
        });
  }

  /** Adds the variant to, or removes it from, the side-by-side comparison (two at most). */
  public void togglePick(VariantItem item) {
    if (picked.remove(item)) {
      item.pickedProperty().set(false);
    } else {
      if (picked.size() == 2) {
        picked.removeFirst().pickedProperty().set(false);
      }
      picked.add(item);
      item.pickedProperty().set(true);
    }
    if (picked.size() < 2 && layout.get() == Layout.COMPARE) {
      layout.set(Layout.GRID);
    }
  }

  /** Shows the picked variants side by side (needs two). */
  public void compare() {
    if (picked.size() == 2) {
      layout.set(Layout.COMPARE);
    }
  }

  /** Shows one variant large. */
  public void zoomInto(VariantItem item) {
    if (focused.get() != item) {
      zoom.set(1);
    }
    focused.set(item);
    layout.set(Layout.ZOOM);
  }

  /** Back to the grid of variants. */
  public void showGrid() {
    layout.set(Layout.GRID);
  }

  public ObservableList<VariantItem> variants() {
    return variantsView;
  }

  /** Where the list of variants stands. */
  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return status.stateProperty();
  }

  /** Why the earlier generations could not be read ("Could not read …"), or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return status.errorProperty();
  }

  /** The variants picked for comparison, at most two. */
  public ObservableList<VariantItem> picked() {
    return pickedView;
  }

  /** The variant shown large. */
  public ObjectProperty<VariantItem> focusedProperty() {
    return focused;
  }

  public ObjectProperty<Layout> layoutProperty() {
    return layout;
  }

  /** Magnification of the zoomed variant: 1 fits it to the space, up to 8. */
  public DoubleProperty zoomProperty() {
    return zoom;
  }

  /** True when the variants shown are the last session's, brought back at start. */
  public ReadOnlyBooleanProperty restoredProperty() {
    return restored.getReadOnlyProperty();
  }

  /** The folder kept images go to. */
  public Path imagesDir() {
    return keeping.imagesDir();
  }

  /** The folder variants are written to before they are kept. */
  Path variantsDir() {
    return keeping.variantsDir();
  }

  /** Shows a step's progress, and its previews when it has them, on the run's variants. */
  static void stepped(List<VariantItem> items, ProgressRelay.Update u) {
    for (int i = 0; i < items.size(); i++) {
      VariantItem item = items.get(i);
      item.progressProperty().set(u.fraction());
      if (u.previews() != null && i < u.previews().size()) {
        item.imageProperty().set(u.previews().get(i));
      }
    }
  }

  /** Puts a finished run's pictures and recorded assets on its variants. */
  static void finished(List<VariantItem> items, GenerationService.Outcome outcome) {
    List<RgbImage> images = outcome.result().images();
    for (int i = 0; i < items.size(); i++) {
      VariantItem item = items.get(i);
      item.progressProperty().set(1);
      if (i < images.size()) {
        item.imageProperty().set(images.get(i));
      }
      if (i < outcome.variants().size()) {
        item.assetProperty().set(outcome.variants().get(i));
      }
    }
  }
}
