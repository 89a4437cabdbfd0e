package dev.atelier.gui.generate;

import dev.atelier.catalog.Catalog;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.shell.ScreenModel;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Generate screen. Until the diffusion engine lands it reports what generation will run on: the
 * inference engine and device, and the models installed in the catalog.
 */
public final class GenerateViewModel implements ScreenModel {

  private final Catalog catalog;
  private final EngineStatusModel engine;
  private final BackgroundRunner runner;
  private final ReadOnlyStringWrapper models =
      new ReadOnlyStringWrapper(this, "models", "Checking installed models…");

  public GenerateViewModel(Catalog catalog, EngineStatusModel engine, BackgroundRunner runner) {
    this.catalog = catalog;
    this.engine = engine;
    this.runner = runner;
  }

  @Override
  public void activate() {
    runner.run(
        () -> catalog.models().list().size(),
        count -> models.set(describeModels(count)),
        error -> models.set("Could not read the installed models: " + error.getMessage()));
  }

  /** The engine line, e.g. "PyTorch 2.7.1 on CPU". */
  public StringBinding engineText() {
    return engine.text();
  }

  public ReadOnlyObjectProperty<EngineStatus> engineStatusProperty() {
    return engine.statusProperty();
  }

  /** How many models are installed, in words. */
  public ReadOnlyStringProperty modelsProperty() {
    return models.getReadOnlyProperty();
  }

  static String describeModels(int count) {
    return switch (count) {
      case 0 -> "No models installed yet";
      case 1 -> "1 model installed";
      default -> count + " models installed";
    };
  }
}
