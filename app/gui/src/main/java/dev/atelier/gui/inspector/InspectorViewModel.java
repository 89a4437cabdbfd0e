package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The inspector beside the catalog: what the selected assets are (provenance, signatures, license)
 * and what can be done with them (sign, mint). Follows {@link AssetSelection}.
 */
public final class InspectorViewModel {

  private final Studio studio;
  private final AssetSelection selection;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final PasswordPrompt passwords;
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

  public InspectorViewModel(
      Studio studio,
      AssetSelection selection,
      BackgroundRunner runner,
      Notices notices,
      PasswordPrompt passwords) {
    this.studio = studio;
    this.selection = selection;
    this.runner = runner;
    this.notices = notices;
    this.passwords = passwords;
    selection.selected().subscribe(this::refresh);
    refresh();
  }

  private void refresh() {
    int n = selection.selected().size();
    summary.set(
        n == 0
            ? "Select an image to see its provenance"
            : n == 1 ? "Asset " + selection.selected().getFirst() : n + " images selected");
  }

  /** One line about the selection. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
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
