package dev.atelier.gui.generate;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * "Add model…" on the Generate screen: starts an {@link CheckpointImportModel import} and, when it
 * has added a model, lists the installed models again and chooses the new one in the picker (which
 * loads it ahead, like any choice). Imports run on a long lane of their own, so hashing a large
 * checkpoint holds up neither generating nor the shared lane. Used on the JavaFX thread.
 */
final class ModelAdding implements AutoCloseable {

  private final Path userModels;
  private final BackgroundRunner runner;
  private final Callable<List<ModelLibrary.Installed>> installedModels;
  private final GenerateFormModel form;
  private final ModelLoading models;
  private final Notices notices;
  private Lane lane;

  ModelAdding(
      Path userModels,
      BackgroundRunner runner,
      Callable<List<ModelLibrary.Installed>> installedModels,
      GenerateFormModel form,
      ModelLoading models,
      Notices notices) {
    this.userModels = Objects.requireNonNull(userModels);
    this.runner = Objects.requireNonNull(runner);
    this.installedModels = Objects.requireNonNull(installedModels);
    this.form = Objects.requireNonNull(form);
    this.models = Objects.requireNonNull(models);
    this.notices = Objects.requireNonNull(notices);
  }

  /** A new import flow, for one "Add model…" dialog; the dialog closes it. */
  CheckpointImportModel start() {
    if (lane == null) {
      lane = runner.longLane("model-import");
    }
    return new CheckpointImportModel(userModels, lane, notices, this::added);
  }

  /** Lists the models again and chooses {@code model}. */
  private void added(ModelLibrary.Installed model) {
    runner.run(
        installedModels,
        installed -> {
          List<ModelChoice> choices = installed.stream().map(ModelChoice::of).toList();
          form.showModels(choices, model.id());
          choices.stream()
              .filter(c -> c.id().equals(model.id()))
              .findFirst()
              .ifPresent(form.modelProperty()::set);
          models.listed(choices.size());
        },
        models::listFailed);
  }

  /** Stops a running import (its dialog cancels it first) and the import lane. */
  @Override
  public void close() {
    if (lane != null) {
      lane.close();
    }
  }
}
