package dev.atelier.gui.settings;

import dev.atelier.config.Settings;
import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineRoute;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.TorchInstall;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringExpression;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Device part of the Settings screen: where generation runs (the CPU or a GPU) and where the
 * engine's CUDA libraries come from (a PyTorch installed on this computer, a one-time download, or
 * none: the built-in CPU libraries). The rule: a setup is saved only after it passed a {@linkplain
 * #check() check}, which loads the engine with it away from the running studio; the built-in CPU
 * libraries pass without one. A saved setup applies at the next start, so saving offers a restart.
 * Nothing here changes the running engine: whatever fails, the studio goes on as it started. Used
 * on the JavaFX thread.
 */
public final class DeviceSettingsModel {

  private final Settings settings;
  private final DeviceProbe probe;
  private final EngineSetup running;
  private final Runnable restart;
  private final EngineStatusModel engine;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final CudaDownloadModel download;
  private final EngineSetup saved;
  private Lane checkLane;

  private final ObservableList<DeviceOption> devices =
      FXCollections.observableArrayList(DeviceOption.CPU);
  private final ObservableList<DeviceOption> devicesView =
      FXCollections.unmodifiableObservableList(devices);
  private final ObjectProperty<DeviceOption> device = new SimpleObjectProperty<>(this, "device");
  private final ReadOnlyStringWrapper gpuProblem = new ReadOnlyStringWrapper(this, "gpuProblem");
  private final ObjectProperty<EngineRoute> route = new SimpleObjectProperty<>(this, "route");
  private final ObservableList<InstallRow> installs = FXCollections.observableArrayList();
  private final ObservableList<InstallRow> installsView =
      FXCollections.unmodifiableObservableList(installs);
  private final ObjectProperty<InstallRow> install = new SimpleObjectProperty<>(this, "install");
  private final ReadOnlyStringWrapper installProblem =
      new ReadOnlyStringWrapper(this, "installProblem", "");
  private final ReadOnlyObjectWrapper<EngineSetup> passed =
      new ReadOnlyObjectWrapper<>(this, "passed");
  private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
  private final ReadOnlyStringWrapper checkMessage =
      new ReadOnlyStringWrapper(this, "checkMessage", "");
  private final ReadOnlyBooleanWrapper checkFailed =
      new ReadOnlyBooleanWrapper(this, "checkFailed");
  private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
  private final ReadOnlyStringWrapper saveMessage =
      new ReadOnlyStringWrapper(this, "saveMessage", "");
  private final ReadOnlyBooleanWrapper restartOffered =
      new ReadOnlyBooleanWrapper(this, "restartOffered");
  private final BooleanBinding candidatePassed;
  private final BooleanBinding canSave;
  private Candidate shownFor;

  DeviceSettingsModel(
      Settings settings,
      DevicePorts ports,
      EngineStatusModel engine,
      BackgroundRunner runner,
      Notices notices) {
    this.settings = settings;
    this.probe = ports.probe();
    this.running = ports.running();
    this.restart = ports.restart();
    this.engine = engine;
    this.runner = runner;
    this.notices = notices;
    this.download =
        new CudaDownloadModel(
            ports.cuda(), runner, folder -> route.set(EngineRoute.DOWNLOADED_CUDA));
    this.saved = EngineSetup.read(settings);
    route.set(saved.route());
    device.set(saved.device().gpu() ? DeviceOption.missing(saved.device()) : DeviceOption.CPU);
    if (saved.device().gpu()) {
      devices.add(device.get());
    }
    candidatePassed =
        Bindings.createBooleanBinding(
            this::candidatePassed, route, device, install, download.folderProperty(), passed);
    canSave = candidatePassed.and(checking.not()).and(saving.not());
    shownFor = candidate();
    for (var input :
        List.of(
            route, device, install, download.folderProperty(), download.downloadingProperty())) {
      input.addListener((obs, old, now) -> candidateChanged());
    }
    route.subscribe(
        chosen -> {
          if (chosen == EngineRoute.DOWNLOADED_CUDA) {
            download.measure();
          }
        });
  }

  /** Finds the GPUs and the PyTorch installations again, and whether the download is here. */
  public void refresh() {
    runner.run(
        probe::gpus,
        this::showGpus,
        failure -> {
          showGpus(new DeviceProbe.Gpus(List.of(), Optional.of(Notices.message(failure))));
        });
    runner.run(
        probe::installs,
        this::showInstalls,
        failure -> installProblem.set("Could not look for PyTorch: " + Notices.message(failure)));
    download.refresh();
  }

  // ---- runs on

  /** The CPU, then each GPU found. */
  public ObservableList<DeviceOption> devices() {
    return devicesView;
  }

  /** Where generation is to run. */
  public ObjectProperty<DeviceOption> deviceProperty() {
    return device;
  }

  /** Why no GPU is offered, in the probe's words; empty when GPUs were found. */
  public ReadOnlyStringProperty gpuProblemProperty() {
    return gpuProblem.getReadOnlyProperty();
  }

  private void showGpus(DeviceProbe.Gpus gpus) {
    List<DeviceOption> options = new ArrayList<>();
    options.add(DeviceOption.CPU);
    gpus.found().forEach(g -> options.add(DeviceOption.of(g)));
    DeviceChoice chosen = device.get() == null ? DeviceChoice.CPU : device.get().choice();
    DeviceOption keep =
        options.stream()
            .filter(o -> o.choice().equals(chosen))
            .findFirst()
            .orElseGet(
                () -> {
                  DeviceOption missing = DeviceOption.missing(chosen);
                  options.add(missing);
                  return missing;
                });
    devices.setAll(options);
    device.set(keep);
    gpuProblem.set(
        gpus.problem()
            .orElse(gpus.found().isEmpty() ? "No GPU was found; generation runs on the CPU." : ""));
  }

  // ---- where the CUDA libraries come from

  /** The way to the engine's libraries that is chosen. */
  public ObjectProperty<EngineRoute> routeProperty() {
    return route;
  }

  /** The PyTorch installations found, and the folders chosen, each usable or with its problems. */
  public ObservableList<InstallRow> installs() {
    return installsView;
  }

  /** The installation chosen for {@link EngineRoute#INSTALLED_PYTORCH}. */
  public ObjectProperty<InstallRow> installProperty() {
    return install;
  }

  /** Why looking for installations or checking a chosen folder failed; empty otherwise. */
  public ReadOnlyStringProperty installProblemProperty() {
    return installProblem.getReadOnlyProperty();
  }

  /**
   * Checks a folder the artist chose and lists it, usable or not, chosen; the route turns to the
   * installed PyTorch.
   */
  public void chooseFolder(Path folder) {
    Objects.requireNonNull(folder, "folder");
    installProblem.set("");
    runner.run(
        () -> probe.check(folder),
        found -> {
          InstallRow row = InstallRow.of(found);
          installs.removeIf(r -> r.install().libraryDir().equals(found.libraryDir()));
          installs.add(row);
          install.set(row);
          route.set(EngineRoute.INSTALLED_PYTORCH);
        },
        failure -> installProblem.set("Could not check " + folder + ": " + failure.getMessage()));
  }

  private void showInstalls(List<TorchInstall> found) {
    InstallRow chosen = install.get();
    List<InstallRow> rows = new ArrayList<>(found.stream().map(InstallRow::of).toList());
    for (InstallRow kept : installs) { // folders chosen by hand stay listed
      if (rows.stream().noneMatch(r -> sameFolder(r, kept.install().libraryDir()))) {
        rows.add(kept);
      }
    }
    installs.setAll(rows);
    installProblem.set("");
    Optional<Path> wanted =
        chosen != null
            ? Optional.of(chosen.install().libraryDir())
            : saved.route() == EngineRoute.INSTALLED_PYTORCH ? saved.library() : Optional.empty();
    Optional<InstallRow> again =
        wanted.flatMap(dir -> rows.stream().filter(r -> sameFolder(r, dir)).findFirst());
    if (again.isPresent()) {
      install.set(again.get());
    } else if (wanted.isPresent()) {
      chooseFolder(wanted.get()); // the saved folder, not among the usual places
    } else {
      install.set(rows.stream().filter(InstallRow::usable).findFirst().orElse(null));
    }
  }

  private static boolean sameFolder(InstallRow row, Path dir) {
    return row.install().libraryDir().toAbsolutePath().normalize().equals(dir);
  }

  /** The one-time download of DJL's CUDA libraries. */
  public CudaDownloadModel download() {
    return download;
  }

  // ---- check, save, restart

  /**
   * Loads the engine with the chosen setup, in the background and away from the running studio; the
   * setup can be saved once this passed. The built-in CPU libraries pass at once.
   */
  public void check() {
    if (checking.get()) {
      return;
    }
    Candidate candidate = candidate();
    if (candidate.setup().isEmpty()) {
      showCheck(candidate.refusal(), true);
      return;
    }
    EngineSetup setup = candidate.setup().get();
    if (setup.route() == EngineRoute.BUNDLED_CPU) {
      passed.set(setup);
      showCheck("The built-in CPU libraries are always there.", false);
      return;
    }
    if (checkLane == null) {
      checkLane = runner.longLane("engine-check");
    }
    checking.set(true);
    showCheck("", false);
    checkLane.run(
        () -> probe.tryRoute(setup),
        trial -> {
          checking.set(false);
          if (trial.passed()) {
            passed.set(setup);
          }
          if (candidate().setup().equals(Optional.of(setup))) {
            showCheck(
                trial.passed() ? "It works: " + trial.detail() : trial.detail(), !trial.passed());
          }
        },
        failure -> {
          checking.set(false);
          showCheck("The check did not finish: " + Notices.message(failure), true);
        });
  }

  /** True while a check runs. */
  public ReadOnlyBooleanProperty checkingProperty() {
    return checking.getReadOnlyProperty();
  }

  /** What the last check of the chosen setup said; empty before one. */
  public ReadOnlyStringProperty checkMessageProperty() {
    return checkMessage.getReadOnlyProperty();
  }

  /** Whether {@link #checkMessageProperty()} tells of a failure. */
  public ReadOnlyBooleanProperty checkFailedProperty() {
    return checkFailed.getReadOnlyProperty();
  }

  /** Whether the chosen setup passed its check (the built-in CPU libraries always do). */
  public BooleanBinding checkPassedBinding() {
    return candidatePassed;
  }

  /** Whether {@link #save()} would save: the chosen setup passed, and nothing runs. */
  public BooleanBinding canSaveBinding() {
    return canSave;
  }

  /** Saves the chosen setup, once it passed; it applies at the next start. */
  public void save() {
    if (!canSave.get()) {
      return;
    }
    EngineSetup setup = candidate().setup().orElseThrow();
    saving.set(true);
    runner.run(
        () -> {
          setup.save(settings);
          return setup;
        },
        done -> {
          saving.set(false);
          boolean same = done.equals(running);
          saveMessage.set(
              same
                  ? "Saved: " + describe(done) + ". Atelier runs this way already."
                  : "Saved: " + describe(done) + ". Restart Atelier to use it.");
          restartOffered.set(!same);
        },
        failure -> {
          saving.set(false);
          notices.error("Not saved", failure);
        });
  }

  /** What saving said; empty before. */
  public ReadOnlyStringProperty saveMessageProperty() {
    return saveMessage.getReadOnlyProperty();
  }

  /** Whether a restart is offered: a setup other than the running one was saved. */
  public ReadOnlyBooleanProperty restartOfferedProperty() {
    return restartOffered.getReadOnlyProperty();
  }

  /** Closes the studio the normal way (nothing is lost) and starts it again. */
  public void restart() {
    if (restartOffered.get()) {
      restart.run();
    }
  }

  /** The engine line: what really runs, e.g. "PyTorch 2.7.1 on CPU (2 threads)". */
  public StringExpression engineText() {
    return engine.text();
  }

  /** What start-up said about the saved setup, e.g. that it fell back to the CPU; or empty. */
  public String startNotice() {
    return engine.notice().orElse("");
  }

  /** The setup to check and save as chosen, in words for the artist: "PyTorch in /x on GPU 0". */
  static String describe(EngineSetup setup) {
    String where = " on " + setup.device().label();
    return switch (setup.route()) {
      case BUNDLED_CPU -> "the built-in CPU libraries" + where;
      case INSTALLED_PYTORCH -> "PyTorch in " + setup.library().orElseThrow() + where;
      case DOWNLOADED_CUDA -> "the downloaded CUDA libraries" + where;
    };
  }

  // ---- the chosen setup

  /** The setup as chosen, or why it cannot be one. */
  private record Candidate(Optional<EngineSetup> setup, String refusal) {
    static Candidate of(EngineSetup setup) {
      return new Candidate(Optional.of(setup), "");
    }

    static Candidate refused(String why) {
      return new Candidate(Optional.empty(), why);
    }
  }

  private Candidate candidate() {
    DeviceChoice on = device.get() == null ? DeviceChoice.CPU : device.get().choice();
    EngineRoute way = route.get() == null ? EngineRoute.BUNDLED_CPU : route.get();
    return switch (way) {
      case BUNDLED_CPU ->
          on.gpu()
              ? Candidate.refused(
                  "The built-in libraries run on the CPU only. To run on a GPU, use an installed"
                      + " PyTorch or download the CUDA libraries.")
              : Candidate.of(EngineSetup.DEFAULT);
      case INSTALLED_PYTORCH -> installed(on);
      case DOWNLOADED_CUDA ->
          download.downloadingProperty().get()
              ? Candidate.refused("Wait for the download to finish.")
              : download
                  .folderProperty()
                  .get()
                  .map(dir -> Candidate.of(EngineSetup.cuda(EngineRoute.DOWNLOADED_CUDA, dir, on)))
                  .orElse(
                      Candidate.refused(
                          "Download the CUDA libraries first: tick the box, then Download."));
    };
  }

  private Candidate installed(DeviceChoice on) {
    InstallRow row = install.get();
    if (row == null) {
      return Candidate.refused("Choose one of the installations found, or a folder.");
    }
    if (!row.usable()) {
      return Candidate.refused("This PyTorch cannot be used: " + row.status());
    }
    return Candidate.of(
        EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, row.install().libraryDir(), on));
  }

  private boolean candidatePassed() {
    Optional<EngineSetup> setup = candidate().setup();
    return setup.isPresent()
        && (setup.get().route() == EngineRoute.BUNDLED_CPU || setup.get().equals(passed.get()));
  }

  /** A new choice: what was said of the old one no longer holds. */
  private void candidateChanged() {
    Candidate now = candidate();
    if (!now.equals(shownFor)) {
      shownFor = now;
      showCheck("", false);
      saveMessage.set("");
      restartOffered.set(false);
    }
  }

  private void showCheck(String message, boolean failed) {
    checkMessage.set(message);
    checkFailed.set(failed);
  }
}
