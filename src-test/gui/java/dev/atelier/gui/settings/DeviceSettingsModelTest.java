package dev.atelier.gui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.config.Settings;
import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineRoute;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.GpuInfo;
import dev.atelier.engine.TorchInstall;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Notices;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Device settings on a real settings file, with a same-thread runner and a probe and download
 * that answer as the test says: GPUs or none, installations usable or not, a check that passes or
 * fails, a download that runs, fails or is cancelled.
 */
class DeviceSettingsModelTest {

  private static final GpuInfo RTX =
      new GpuInfo(0, "NVIDIA GeForce RTX 4090", 24564, 22630, "570.86");
  private static final GpuInfo A4000 = new GpuInfo(1, "NVIDIA RTX A4000", 16376, 16100, "570.86");

  @TempDir Path dir;
  private Settings settings;
  private final FakeProbe probe = new FakeProbe();
  private final FakeCuda cuda = new FakeCuda();
  private final Notices notices = new Notices();
  private int restarts;
  private Path usableLib;

  @BeforeEach
  void setUp() throws IOException {
    settings = Settings.load(dir.resolve("settings.properties"));
    usableLib = Files.createDirectories(dir.resolve("venv/site-packages/torch/lib"));
  }

  private DeviceSettingsModel open(EngineSetup running, Optional<String> notice) {
    BackgroundRunner runner = BackgroundRunner.sameThread();
    EngineStatusModel engine = new EngineStatusModel(runner, () -> Fixtures.ENGINE, notice);
    engine.detect();
    DeviceSettingsModel model =
        new DeviceSettingsModel(
            settings,
            new DevicePorts(probe, cuda, running, () -> restarts++),
            engine,
            runner,
            notices);
    model.refresh();
    return model;
  }

  private DeviceSettingsModel open() {
    return open(EngineSetup.DEFAULT, Optional.empty());
  }

  @Test
  void listsTheCpuThenEachGpuWithItsNameAndMemory() {
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX, A4000), Optional.empty());

    DeviceSettingsModel model = open();

    assertThat(model.devices())
        .extracting(DeviceOption::label)
        .containsExactly(
            "CPU",
            "GPU 0: NVIDIA GeForce RTX 4090 (24.0 GiB, 22.1 GiB free)",
            "GPU 1: NVIDIA RTX A4000 (16.0 GiB, 15.7 GiB free)");
    assertThat(model.deviceProperty().get()).isEqualTo(DeviceOption.CPU);
    assertThat(model.gpuProblemProperty().get()).isEmpty();
  }

  @Test
  void withoutAGpuTheProbesReasonIsShownAndOnlyTheCpuIsOffered() {
    probe.gpus =
        new DeviceProbe.Gpus(
            List.of(), Optional.of("No NVIDIA driver is installed (nvidia-smi was not found)."));

    DeviceSettingsModel model = open();

    assertThat(model.devices()).containsExactly(DeviceOption.CPU);
    assertThat(model.gpuProblemProperty().get())
        .isEqualTo("No NVIDIA driver is installed (nvidia-smi was not found).");
  }

  @Test
  void aProbeThatThrowsIsShownAsTheReasonAndTheCpuStays() {
    probe.gpuFailure = new IllegalStateException("nvidia-smi stopped with status 9");

    DeviceSettingsModel model = open();

    assertThat(model.devices()).containsExactly(DeviceOption.CPU);
    assertThat(model.gpuProblemProperty().get()).contains("nvidia-smi stopped with status 9");
    assertThat(model.engineText().get()).isEqualTo(Fixtures.ENGINE_LINE);
  }

  @Test
  void aSavedGpuNotFoundNowStaysChosenAndSaysSo() {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, usableLib, DeviceChoice.gpu(1)).save(settings);
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX), Optional.empty());

    DeviceSettingsModel model = open();

    assertThat(model.deviceProperty().get().label()).isEqualTo("GPU 1 (not found now)");
    assertThat(model.devices()).hasSize(3);
    // The saved folder is not in a usual place: it is checked and listed, chosen.
    assertThat(probe.checkedFolders).containsExactly(usableLib);
    assertThat(model.installProperty().get().install().libraryDir()).isEqualTo(usableLib);
    assertThat(model.routeProperty().get()).isEqualTo(EngineRoute.INSTALLED_PYTORCH);
  }

  @Test
  void anUnusableInstallationShowsItsProblemsAndItsCheckRefusesWithoutLoadingAnything() {
    probe.installs =
        List.of(
            new TorchInstall(
                Path.of("/usr/lib/python3/dist-packages/torch/lib"),
                "system Python",
                "1.13.1",
                "",
                List.of(
                    "This is PyTorch 1.13.1; Atelier's engine needs 2.7.1.",
                    "It is built for the CPU only, without CUDA.")));

    DeviceSettingsModel model = open();

    InstallRow row = model.installs().getFirst();
    assertThat(row.usable()).isFalse();
    assertThat(row.status())
        .isEqualTo(
            "This is PyTorch 1.13.1; Atelier's engine needs 2.7.1.\nIt is built for the CPU only,"
                + " without CUDA.");
    assertThat(row.title()).isEqualTo("system Python · /usr/lib/python3/dist-packages/torch/lib");

    model.installProperty().set(row);
    model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
    model.check();

    assertThat(probe.tried).isEmpty();
    assertThat(model.checkFailedProperty().get()).isTrue();
    assertThat(model.checkMessageProperty().get())
        .startsWith("This PyTorch cannot be used: This is PyTorch 1.13.1");
    assertThat(model.canSaveBinding().get()).isFalse();
  }

  @Test
  void aFailingCheckShowsTheProbesSentenceAndKeepsSaveDisabled() {
    probe.installs = List.of(usable(usableLib));
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX), Optional.empty());
    probe.trial = RouteTrial.failed("libcudart.so.12 is missing: install the CUDA 12 runtime.");
    DeviceSettingsModel model = open();
    model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
    model.deviceProperty().set(model.devices().get(1));

    model.check();
    model.save();

    assertThat(probe.tried)
        .containsExactly(
            EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, usableLib, DeviceChoice.gpu(0)));
    assertThat(model.checkMessageProperty().get())
        .isEqualTo("libcudart.so.12 is missing: install the CUDA 12 runtime.");
    assertThat(model.checkFailedProperty().get()).isTrue();
    assertThat(model.canSaveBinding().get()).isFalse();
    assertThat(settings.get(EngineSetup.ROUTE)).isEmpty();
    assertThat(model.restartOfferedProperty().get()).isFalse();
  }

  @Test
  void aCheckThatThrowsIsAFailureInWordsAndNothingElse() {
    probe.installs = List.of(usable(usableLib));
    probe.tryFailure = new IllegalStateException("the check's process did not start");
    DeviceSettingsModel model = open();
    model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);

    model.check();

    assertThat(model.checkingProperty().get()).isFalse();
    assertThat(model.checkMessageProperty().get())
        .isEqualTo("The check did not finish: the check's process did not start");
    assertThat(model.canSaveBinding().get()).isFalse();
  }

  @Test
  void aPassingCheckThenSaveWritesTheSettingsAndOffersARestart() {
    probe.installs = List.of(usable(usableLib));
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX), Optional.empty());
    probe.trial = RouteTrial.passed("PyTorch 2.7.1 cu128, 1 GPU");
    DeviceSettingsModel model = open();
    model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
    model.deviceProperty().set(model.devices().get(1));
    assertThat(model.canSaveBinding().get()).as("not before a check").isFalse();

    model.check();

    assertThat(model.checkMessageProperty().get())
        .isEqualTo("It works: PyTorch 2.7.1 cu128, 1 GPU");
    assertThat(model.checkFailedProperty().get()).isFalse();
    assertThat(model.canSaveBinding().get()).isTrue();

    model.save();

    Settings reread = Settings.load(settings.file());
    assertThat(reread.get(EngineSetup.ROUTE)).contains("installed");
    assertThat(reread.get(EngineSetup.LIBRARY)).contains(usableLib.toString());
    assertThat(reread.get(EngineSetup.DEVICE)).contains("gpu:0");
    assertThat(model.saveMessageProperty().get())
        .isEqualTo("Saved: PyTorch in " + usableLib + " on GPU 0. Restart Atelier to use it.");
    assertThat(model.restartOfferedProperty().get()).isTrue();

    model.restart();
    assertThat(restarts).isEqualTo(1);
  }

  @Test
  void changingTheChoiceAfterAPassingCheckAsksForANewOne() {
    probe.installs = List.of(usable(usableLib));
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX, A4000), Optional.empty());
    DeviceSettingsModel model = open();
    model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
    model.deviceProperty().set(model.devices().get(1));
    model.check();
    assertThat(model.canSaveBinding().get()).isTrue();

    model.deviceProperty().set(model.devices().get(2));

    assertThat(model.canSaveBinding().get()).isFalse();
    assertThat(model.checkMessageProperty().get()).isEmpty();
    model.save();
    assertThat(settings.get(EngineSetup.ROUTE)).isEmpty();
  }

  @Test
  void theBuiltInLibrariesOnTheCpuSaveWithoutACheckAndNeedNoRestartWhenRunning() {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, usableLib, DeviceChoice.gpu(0)).save(settings);
    probe.installs = List.of(usable(usableLib));
    DeviceSettingsModel model =
        open(EngineSetup.DEFAULT, Optional.of("The saved CUDA libraries did not load."));
    assertThat(model.routeProperty().get()).isEqualTo(EngineRoute.INSTALLED_PYTORCH);
    assertThat(model.installProperty().get().install().libraryDir()).isEqualTo(usableLib);
    assertThat(model.startNotice()).isEqualTo("The saved CUDA libraries did not load.");
    assertThat(model.engineText().get())
        .isEqualTo(Fixtures.ENGINE_LINE + " — The saved CUDA libraries did not load.");

    model.routeProperty().set(EngineRoute.BUNDLED_CPU);
    model.deviceProperty().set(DeviceOption.CPU);
    assertThat(model.canSaveBinding().get()).isTrue();
    model.save();

    assertThat(probe.tried).isEmpty();
    assertThat(settings.get(EngineSetup.ROUTE)).contains("bundled");
    assertThat(settings.get(EngineSetup.LIBRARY)).isEmpty();
    assertThat(settings.get(EngineSetup.DEVICE)).contains("cpu");
    assertThat(model.saveMessageProperty().get()).endsWith("Atelier runs this way already.");
    assertThat(model.restartOfferedProperty().get()).isFalse();
    model.restart();
    assertThat(restarts).isZero();
  }

  @Test
  void theBuiltInLibrariesOnAGpuAreRefusedInWords() {
    probe.gpus = new DeviceProbe.Gpus(List.of(RTX), Optional.empty());
    DeviceSettingsModel model = open();
    model.deviceProperty().set(model.devices().get(1));

    model.check();

    assertThat(model.checkMessageProperty().get())
        .startsWith("The built-in libraries run on the CPU only");
    assertThat(model.canSaveBinding().get()).isFalse();
  }

  @Test
  void aChosenFolderIsCheckedAndListedWithItsProblems() {
    DeviceSettingsModel model = open();
    Path wrong = dir.resolve("Downloads");
    probe.checked =
        new TorchInstall(
            wrong, "chosen folder", "", "", List.of("There is no libtorch.so in " + wrong + "."));

    model.chooseFolder(wrong);

    assertThat(model.routeProperty().get()).isEqualTo(EngineRoute.INSTALLED_PYTORCH);
    assertThat(model.installProperty().get().status())
        .isEqualTo("There is no libtorch.so in " + wrong + ".");
    assertThat(model.installs()).hasSize(1);
    model.refresh(); // a folder chosen by hand stays listed
    assertThat(model.installs()).extracting(r -> r.install().libraryDir()).containsExactly(wrong);
  }

  @Test
  void nothingIsDownloadedWithoutConsent() {
    DeviceSettingsModel model = open();
    CudaDownloadModel download = model.download();
    assertThat(download.sizeProperty().get())
        .as("nothing goes online before the artist chooses the download")
        .isEqualTo("size not known yet");
    model.routeProperty().set(EngineRoute.DOWNLOADED_CUDA);
    assertThat(download.sizeProperty().get()).isEqualTo("about 2.61 GB");

    download.download();

    assertThat(cuda.downloads).isZero();
    assertThat(download.problemProperty().get()).startsWith("Tick the box first");
  }

  @Test
  void aDownloadWithConsentShowsProgressThenTheRouteCanBeChecked() throws IOException {
    Path target = Files.createDirectories(dir.resolve("cuda/lib"));
    cuda.result = target;
    List<Double> seen = new ArrayList<>();
    DeviceSettingsModel model = open();
    CudaDownloadModel download = model.download();
    cuda.onProgress = () -> seen.add(download.progressProperty().get());
    model.routeProperty().set(EngineRoute.DOWNLOADED_CUDA);
    model.check();
    assertThat(model.checkMessageProperty().get()).startsWith("Download the CUDA libraries first");

    download.consentProperty().set(true);
    download.download();

    assertThat(seen).containsExactly(0.5, 1.0);
    assertThat(download.folderProperty().get()).contains(target);
    assertThat(download.downloadingProperty().get()).isFalse();
    assertThat(download.statusProperty().get()).isEqualTo("Downloaded, in " + target);
    assertThat(model.routeProperty().get()).isEqualTo(EngineRoute.DOWNLOADED_CUDA);
    model.check();
    assertThat(probe.tried)
        .containsExactly(EngineSetup.cuda(EngineRoute.DOWNLOADED_CUDA, target, DeviceChoice.CPU));
  }

  @Test
  void aFailedDownloadSaysWhyAndLeavesNothing() {
    cuda.failure = new IOException("DJL's servers could not be reached (offline?)");
    DeviceSettingsModel model = open();
    model.download().consentProperty().set(true);

    model.download().download();

    assertThat(model.download().problemProperty().get())
        .isEqualTo("The download failed: DJL's servers could not be reached (offline?)");
    assertThat(model.download().folderProperty().get()).isEmpty();
    assertThat(model.download().downloadingProperty().get()).isFalse();
  }

  @Test
  void cancellingStopsTheDownloadAndKeepsNothing() {
    DeviceSettingsModel model = open();
    CudaDownloadModel download = model.download();
    cuda.onProgress = download::cancel;
    download.consentProperty().set(true);

    download.download();

    assertThat(cuda.sawCancel).isTrue();
    assertThat(download.downloadingProperty().get()).isFalse();
    assertThat(download.folderProperty().get()).isEmpty();
    assertThat(download.statusProperty().get()).startsWith("Download cancelled");
    assertThat(download.problemProperty().get()).isEmpty();
  }

  private static TorchInstall usable(Path lib) {
    return new TorchInstall(lib, "pip (venv)", "2.7.1+cu128", "12.8", List.of());
  }

  /** Answers as the test sets it, and records the setups tried. */
  private static final class FakeProbe implements DeviceProbe {
    Gpus gpus = new Gpus(List.of(), Optional.of("No NVIDIA GPU was found."));
    RuntimeException gpuFailure;
    List<TorchInstall> installs = List.of();
    TorchInstall checked;
    RouteTrial trial = RouteTrial.passed("PyTorch 2.7.1 cu128, 1 GPU");
    RuntimeException tryFailure;
    final List<EngineSetup> tried = new ArrayList<>();
    final List<Path> checkedFolders = new ArrayList<>();

    @Override
    public Gpus gpus() {
      if (gpuFailure != null) {
        throw gpuFailure;
      }
      return gpus;
    }

    @Override
    public List<TorchInstall> installs() {
      return installs;
    }

    @Override
    public TorchInstall check(Path folder) {
      checkedFolders.add(folder);
      return checked != null ? checked : usable(folder);
    }

    @Override
    public RouteTrial tryRoute(EngineSetup setup) {
      tried.add(setup);
      if (tryFailure != null) {
        throw tryFailure;
      }
      return trial;
    }
  }

  /** A download of two halves, each reported; it stops when cancelled, as the real one does. */
  private static final class FakeCuda implements CudaLibraries {
    static final long TOTAL = 2_610_000_000L;
    Path result;
    IOException failure;
    Runnable onProgress = () -> {};
    int downloads;
    boolean sawCancel;

    @Override
    public long downloadBytes() {
      return TOTAL;
    }

    @Override
    public Optional<Path> installed() {
      return Optional.empty();
    }

    @Override
    public Path download(Progress progress, CancellationToken cancel) throws IOException {
      downloads++;
      if (failure != null) {
        throw failure;
      }
      for (long done : new long[] {TOTAL / 2, TOTAL}) {
        progress.bytes(done, TOTAL);
        onProgress.run();
        if (cancel.isCancelled()) {
          sawCancel = true;
          throw new CancellationException("Cancelled");
        }
      }
      return result;
    }
  }
}
