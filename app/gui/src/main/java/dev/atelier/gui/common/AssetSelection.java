package dev.atelier.gui.common;

import java.util.Collection;
import java.util.List;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The assets the artist has selected, shared by the screens: the catalog grid and the generate
 * screen's "Keep" write it, the inspector (provenance, license, signing, minting) reads it. Used on
 * the JavaFX thread only.
 *
 * <p>{@link #revisionProperty()} counts changes to the selected assets themselves (signed, minted,
 * kept), so views showing them reload even when the selection stays the same.
 */
public final class AssetSelection {

  private final ObservableList<Long> selected = FXCollections.observableArrayList();

  /**
   * One read-only view, kept: a view made per call listens to {@link #selected} only weakly, so a
   * listener added to it stops hearing once the view is garbage-collected.
   */
  private final ObservableList<Long> selectedView =
      FXCollections.unmodifiableObservableList(selected);

  private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");

  /** The selected asset ids, in selection order; read-only, see {@link #select}. */
  public ObservableList<Long> selected() {
    return selectedView;
  }

  /** Selects exactly these assets (none clears the selection). */
  public void select(Collection<Long> assetIds) {
    List<Long> distinct = assetIds.stream().distinct().toList();
    if (!distinct.equals(selected)) {
      selected.setAll(distinct);
    }
  }

  /** Selects one asset. */
  public void select(long assetId) {
    select(List.of(assetId));
  }

  /** Clears the selection. */
  public void clear() {
    selected.clear();
  }

  /** Says that selected (or any) assets changed in the catalog: views showing them reload. */
  public void changed() {
    revision.set(revision.get() + 1);
  }

  public ReadOnlyLongProperty revisionProperty() {
    return revision.getReadOnlyProperty();
  }
}
