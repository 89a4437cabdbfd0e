package dev.atelier.gui;

import dev.atelier.AppInfo;
import dev.atelier.Studio;
import dev.atelier.engine.EngineInfo;
import dev.atelier.engine.EngineLoadException;
import dev.atelier.engine.EngineStart;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.common.PasswordDialog;
import dev.atelier.gui.generate.GenerateFormModel;
import dev.atelier.gui.generate.ModelChoice;
import dev.atelier.gui.settings.SettingsViewModel;
import dev.atelier.gui.shell.ShellView;
import dev.atelier.gui.shell.ShellViewModel;
import dev.atelier.gui.theme.ThemeBase;
import dev.atelier.gui.theme.ThemeManager;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio window. {@link #init()} starts the core services (off the JavaFX thread), {@link
 * #start} builds the main window, {@link #stop()} closes everything. If the core cannot start, a
 * dialog says why in plain words and the application exits.
 *
 * <p>See {@link LaunchOptions} for the (hidden) command-line options.
 */
public final class AtelierApp extends Application {

  private static final Logger LOG = LoggerFactory.getLogger(AtelierApp.class);

  /** The window icon (the same drawing as the installer's, installer/icon/MakeIcon.java). */
  private static final String ICON = "atelier-icon.png";

  private static final double WIDTH = 1280;
  private static final double HEIGHT = 800;
  private static final double MIN_WIDTH = 960;
  private static final double MIN_HEIGHT = 600;
  private static final Duration SCREENSHOT_TIME_LIMIT = Duration.seconds(10);

  /** How long settling unfinished mints waits for each network's node. */
  private static final java.time.Duration MINT_RECOVERY_WAIT = java.time.Duration.ofSeconds(3);

  /** See {@link #exitStatus()}. */
  private static volatile int exitStatus;

  private final Supplier<Studio> studioFactory;
  private Callable<EngineInfo> engineProbe;
  private Optional<DeviceSetup> deviceSetup;

  /**
   * Whether {@link #init()} sets the engine up from the saved settings, as the real studio does.
   */
  private final boolean localEngine;

  private List<String> restartCommand;
  private LaunchOptions options = LaunchOptions.DEFAULT;
  private FxBackgroundRunner runner;
  private Studio studio;
  private ThemeManager themes;
  private RuntimeException startupFailure;
  private ShellViewModel shell;
  private Stage shownStage;

  /**
   * The studio on the current user's folders, with the real engine; its core is the one {@link
   * Main} started beside the JavaFX toolkit.
   */
  public AtelierApp() {
    this(Main.studio(), EngineInfo::detect, Optional.empty(), true);
  }

  /**
   * The studio on a given core, e.g. one on a temporary folder in tests. The application owns the
   * studio it gets and closes it in {@link #stop()}.
   *
   * @param studioFactory starts the core services; called once, in {@link #init()}
   * @param engineProbe detects the inference engine; called once, in the background
   */
  public AtelierApp(Supplier<Studio> studioFactory, Callable<EngineInfo> engineProbe) {
    this(studioFactory, engineProbe, Optional.empty());
  }

  /**
   * The studio on a given core, with the Settings screen's Device section.
   *
   * @param deviceSetup what the Device section needs; without it the section is not shown
   */
  public AtelierApp(
      Supplier<Studio> studioFactory,
      Callable<EngineInfo> engineProbe,
      Optional<DeviceSetup> deviceSetup) {
    this(studioFactory, engineProbe, deviceSetup, false);
  }

  private AtelierApp(
      Supplier<Studio> studioFactory,
      Callable<EngineInfo> engineProbe,
      Optional<DeviceSetup> deviceSetup,
      boolean localEngine) {
    this.studioFactory = Objects.requireNonNull(studioFactory);
    this.engineProbe = Objects.requireNonNull(engineProbe);
    this.deviceSetup = Objects.requireNonNull(deviceSetup);
    this.localEngine = localEngine;
  }

  /** The status the process exits with: 1 when start-up or a screenshot failed. */
  static int exitStatus() {
    return exitStatus;
  }

  @Override
  public void init() {
    Parameters parameters = getParameters();
    if (parameters != null) {
      options = LaunchOptions.parse(parameters.getRaw());
    }
    runner = new FxBackgroundRunner();
    try {
      studio = studioFactory.get();
      SettingsViewModel.applySavedThreads(studio.settings());
      if (localEngine) {
        setUpEngine();
      }
      themes = ThemeManager.load(studio.dirs().userThemes(), studio.settings(), runner);
    } catch (RuntimeException e) {
      LOG.error("Atelier could not start", e);
      startupFailure = e;
    }
  }

  /**
   * Applies the saved engine setup before anything loads the engine (its libraries load once the
   * window is shown), and marks the start done or failed once they did: a start that crashed inside
   * the native load leaves its marker, and the next one falls back to the CPU libraries.
   */
  private void setUpEngine() {
    EngineStart start = EngineStart.prepare(studio.settings(), studio.dirs().data());
    deviceSetup = Optional.of(DeviceSetup.local(start));
    Callable<EngineInfo> detect = engineProbe;
    engineProbe =
        () -> {
          try {
            EngineInfo info = detect.call();
            start.loaded();
            return info;
          } catch (EngineLoadException e) {
            start.failed(e);
            throw e;
          }
        };
  }

  @Override
  public void start(Stage stage) {
    if (startupFailure != null) {
      reportStartupFailure();
      return;
    }
    options
        .theme()
        .ifPresent(
            id ->
                themes
                    .find(id)
                    .ifPresentOrElse(
                        themes::use,
                        () -> LOG.warn("Unknown theme '{}'; using {}", id, themes.current().id())));

    themes.applyBase();

    EngineStatusModel engine =
        new EngineStatusModel(runner, engineProbe, deviceSetup.flatMap(DeviceSetup::startNotice));
    ShellViewModel model =
        new ShellViewModel(
            studio,
            engine,
            themes,
            runner,
            new PasswordDialog(stage),
            deviceSetup.map(d -> d.ports(this::restart)));
    shell = model;
    ShellView view = new ShellView(model);
    Scene scene = new Scene(view.root(), WIDTH, HEIGHT);
    view.installShortcuts(scene);
    themes.attach(scene);

    dressWindow(stage);
    stage.setScene(scene);
    model.show(options.screen());
    boolean showLoras = hiddenOptions(model);
    // The start-up figure the installer's measurements use (installer/measure-startup.sh). Engine
    // detection loads PyTorch's natives: it starts once the window is there, not before.
    // Once, and cleared when the application stops: where the toolkit outlives this application
    // object (tests), the same stage is shown again for others.
    shownStage = stage;
    stage.setOnShown(
        e -> {
          stage.setOnShown(null);
          LOG.info(
              "Window shown {} ms after the process started ({} ms of CPU)",
              ProcessAge.millis().orElse(-1L),
              ProcessAge.cpuMillis().orElse(-1L));
          engine.detect();
        });
    stage.show();
    if (showLoras && scene.lookup(".generate-form-scroll") instanceof ScrollPane form) {
      Platform.runLater(() -> form.setVvalue(1)); // the LoRAs and the hires fix in view
    }
    // Hidden, for screenshots of the Settings screen's Device section: -Datelier.showDevice=true
    if (Boolean.getBoolean("atelier.showDevice")) {
      Platform.runLater(() -> scrollTo(scene, ".device-settings"));
    }
    resumeDevnet(model);

    options
        .screenshot()
        .ifPresent(
            file ->
                new Screenshot(scene, runner, file, screenshotTimeLimit())
                    .takeWhenSettled(
                        saved -> {
                          if (!saved) {
                            exitStatus = 1;
                          }
                          Platform.exit();
                        }));
  }

  /** The window's title, icon and smallest size. */
  private static void dressWindow(Stage stage) {
    stage.setTitle(AppInfo.NAME);
    try (var icon = AtelierApp.class.getResourceAsStream(ICON)) {
      if (icon != null) {
        stage.getIcons().add(new Image(icon));
      }
    } catch (java.io.IOException e) {
      LOG.debug("No window icon", e);
    }
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
  }

  /**
   * Brings back the local devnet if the artist left it running last time (or attaches to one that
   * runs), in the background: starting Anvil takes a second or two. Then, still in the background,
   * settles mints an earlier exit left unfinished, on every network that answers (the local devnet
   * included, now that it runs).
   */
  private void resumeDevnet(ShellViewModel model) {
    model
        .devnet()
        .resume(
            node -> {
              node.ifPresent(n -> LOG.info("Local devnet on {} (pid {})", n.rpcUrl(), n.pid()));
              settleUnfinishedMints(model);
            },
            failure -> {
              model.notices().error("The local devnet did not start", failure);
              settleUnfinishedMints(model);
            });
  }

  private void settleUnfinishedMints(ShellViewModel model) {
    runner.run(
        () -> studio.settleUnfinishedMints(MINT_RECOVERY_WAIT),
        settled ->
            settled.forEach(
                (chain, r) ->
                    model
                        .notices()
                        .info("Unfinished mints settled on chain " + chain, r.summary())),
        failure -> LOG.warn("Settling unfinished mints failed", failure));
  }

  @Override
  public void stop() {
    if (shownStage != null) {
      shownStage.setOnShown(null);
    }
    if (shell != null) {
      shell.close(); // a running generation ends as cancelled before the catalog closes
    }
    if (runner != null) {
      runner.close();
    }
    if (studio != null) {
      studio.close();
    }
    if (restartCommand != null) {
      Restart.start(restartCommand);
    }
  }

  /**
   * Closes the studio the normal way (as closing its window does), then starts it again: the new
   * process starts once this one's work is closed, in {@link #stop()}.
   */
  private void restart() {
    if (restartCommand != null) {
      return;
    }
    List<String> args = getParameters() == null ? List.of() : getParameters().getRaw();
    restartCommand = Restart.commandForThisProcess(args);
    LOG.info("Restarting: {}", restartCommand);
    Platform.exit();
  }

  private void reportStartupFailure() {
    exitStatus = 1;
    if (options.screenshot().isEmpty()) {
      Application.setUserAgentStylesheet(ThemeBase.LIGHT.userAgentStylesheet());
      Alert alert = new Alert(Alert.AlertType.ERROR);
      alert.setTitle(AppInfo.NAME);
      alert.setHeaderText("Atelier could not start");
      alert.setContentText(
          startupFailure.getMessage()
              + "\n\nNone of your files were changed. If Atelier is already open, close it;"
              + " otherwise check that its folders can be read and written, then try again.");
      alert.getDialogPane().setPrefWidth(520);
      alert.showAndWait();
    }
    Platform.exit();
  }

  /**
   * Scrolls the screen's page so that the section holding {@code selector} starts at its top, again
   * each time the page's height changes while its parts load (screenshots only).
   */
  private static void scrollTo(Scene scene, String selector) {
    if (scene.lookup(".screen-scroll") instanceof ScrollPane page
        && scene.lookup(selector) instanceof javafx.scene.Node node) {
      javafx.scene.Node section = node.getParent() != null ? node.getParent() : node;
      Runnable scroll =
          () -> {
            double top = page.getContent().sceneToLocal(section.localToScene(0, 0)).getY();
            double room =
                page.getContent().getLayoutBounds().getHeight()
                    - page.getViewportBounds().getHeight();
            page.setVvalue(room > 0 ? Math.min(1, Math.max(0, top - 16) / room) : 0);
          };
      page.getContent().layoutBoundsProperty().subscribe(bounds -> scroll.run());
      page.viewportBoundsProperty().subscribe(bounds -> scroll.run());
    }
  }

  /**
   * How long a screenshot waits for the window to settle; hidden, for screenshots of work under
   * way: -Datelier.screenshotSeconds=N.
   */
  private static Duration screenshotTimeLimit() {
    Long seconds = Long.getLong("atelier.screenshotSeconds");
    return seconds == null ? SCREENSHOT_TIME_LIMIT : Duration.seconds(seconds);
  }

  /**
   * The hidden options for screenshots; returns whether they fill the LoRAs (which the form then
   * scrolls to).
   */
  private static boolean hiddenOptions(ShellViewModel model) {
    // Hidden, for screenshots of the inspector: -Datelier.select=ASSET_ID
    Long select = Long.getLong("atelier.select");
    if (select != null) {
      model.selection().select(select);
    }
    // Hidden, for screenshots of the Generate form with a start picture:
    // -Datelier.startPicture=FILE
    String startPicture = System.getProperty("atelier.startPicture");
    if (startPicture != null) {
      model.generate().form().startPicture().choose(java.nio.file.Path.of(startPicture));
    }
    // Hidden, for screenshots of the Generate form with LoRAs and the hires fix:
    // -Datelier.loras=FILE[,FILE...] -Datelier.hires=true
    String loras = System.getProperty("atelier.loras");
    if (loras != null) {
      for (String lora : loras.split(",")) {
        model.generate().form().loras().add(java.nio.file.Path.of(lora));
      }
    }
    model.generate().form().hires().enabledProperty().set(Boolean.getBoolean("atelier.hires"));
    // Hidden, for screenshots of the Generate form filled from a picture's settings:
    // -Datelier.settingsFrom=PNG
    String settingsFrom = System.getProperty("atelier.settingsFrom");
    if (settingsFrom != null) {
      var form = model.generate().form();
      Runnable restore =
          () -> form.settingsRestore().restoreFrom(java.nio.file.Path.of(settingsFrom));
      if (!form.models().isEmpty()) {
        restore.run();
      } else { // once the installed models are listed, so the picture's model can be chosen
        form.models()
            .addListener(
                new javafx.collections.ListChangeListener<Object>() {
                  @Override
                  public void onChanged(Change<?> c) {
                    form.models().removeListener(this);
                    restore.run();
                  }
                });
      }
    }
    queueAndBatch(model);
    return loras != null || settingsFrom != null;
  }

  /**
   * Hidden, for screenshots of the queue and the batch panel, once the form has chosen a model:
   * -Datelier.steps=N and -Datelier.variants=N set the form's steps and variants;
   * -Datelier.queue=PROMPT|PROMPT... generates the first prompt and queues the others;
   * -Datelier.batch=FILE runs a batch file.
   */
  private static void queueAndBatch(ShellViewModel model) {
    String prompts = System.getProperty("atelier.queue");
    String batch = System.getProperty("atelier.batch");
    Integer steps = Integer.getInteger("atelier.steps");
    Integer variants = Integer.getInteger("atelier.variants");
    if (prompts == null && batch == null && steps == null && variants == null) {
      return;
    }
    GenerateFormModel form = model.generate().form();
    form.modelProperty()
        .subscribe(
            new java.util.function.Consumer<>() {
              boolean done;

              @Override
              public void accept(ModelChoice choice) {
                if (choice == null || done) {
                  return;
                }
                done = true;
                if (steps != null) {
                  form.stepsProperty().set(steps);
                }
                if (variants != null) {
                  form.variantCountProperty().set(variants);
                }
                if (batch != null) {
                  model.batch().run(java.nio.file.Path.of(batch), choice.installed());
                }
                if (prompts != null) {
                  for (String prompt : prompts.split("\\|")) {
                    form.promptProperty().set(prompt.strip());
                    model.generate().generate();
                  }
                }
              }
            });
  }
}
