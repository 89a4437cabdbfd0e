package dev.atelier.gui.generate;

import dev.atelier.gui.batch.BatchModel;
import dev.atelier.gui.batch.BatchView;
import dev.atelier.gui.common.ScreenHeader;
import dev.atelier.gui.generate.VariantsModel.Layout;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * The Generate screen: the prompt and settings on the left ({@link GenerateFormView}), the variants
 * in the middle ({@link VariantsView}: a grid, one zoomed, or two side by side), and on the right,
 * while they have something to show, the batch panel ({@link BatchView}) over the queue ({@link
 * QueueView}). Ctrl+Enter generates from anywhere on the screen (while a generation runs it adds
 * the settings to the queue), Escape cancels a run or a model's load (or goes back to the grid),
 * Ctrl+Up/Down in the prompt walk the prompt history. "Run batch file…" runs a CSV or JSON Lines
 * file with the chosen model.
 *
 * <p>Node ids: {@code generate-prompt}, {@code generate-advice} (the words the model knows, when
 * the prompt names none), {@code generate-negative}, {@code generate-history}, {@code
 * generate-model}, {@code generate-model-detail} (the chosen model's kind and size), {@code
 * generate-add-model} ("Add model…", see {@link AddModelDialog}), {@code generate-model-note} (why
 * the models could not be read, or where to put one), {@code generate-model-loading} with {@code
 * generate-model-loading-bar} and {@code generate-model-loading-stop} (the chosen model loading
 * ahead), {@code generate-engine} (the device), {@code generate-sampler}, {@code generate-steps},
 * {@code generate-cfg}, {@code generate-width}, {@code generate-height}, {@code generate-seed},
 * {@code generate-seed-lock}, {@code generate-seed-random}, {@code generate-variants}, {@code
 * generate-run}, {@code generate-cancel}, {@code generate-problem}, {@code generate-status}, {@code
 * generate-progress}, {@code generate-reroll}, {@code generate-compare}, {@code generate-grid},
 * {@code generate-stage} (the variants, the empty state, or why the earlier generations could not
 * be read), {@code generate-empty}, {@code generate-zoom}, {@code generate-side-by-side}; each
 * variant card {@code variant-<n>} (1-based); {@code generate-settings-from-image} and {@code
 * generate-settings-notice} ({@link SettingsRestore}: a PNG dropped anywhere on the screen does the
 * same, except on the start picture's section, {@link StartPictureView}, which takes it as the
 * picture to start from) with buttons of style class {@code variant-keep}, {@code variant-zoom},
 * {@code variant-pick}; {@code generate-batch-run} ("Run batch file…"), {@code generate-side} (the
 * batch panel and the queue).
 */
public final class GenerateView {

  private final GenerateViewModel model;
  private final VBox root;
  private final EventHandler<KeyEvent> keys = this::onKey;

  /**
   * @param batch runs batch files ("Run batch file…" and the batch panel)
   */
  public GenerateView(GenerateViewModel model, BatchModel batch) {
    this(model, batch, ModelSourceChooser.system());
  }

  /**
   * @param chooser asks where a checkpoint is, for "Add model…"
   */
  GenerateView(GenerateViewModel model, BatchModel batch, ModelSourceChooser chooser) {
    this.model = model;
    HBox content =
        new HBox(
            new GenerateFormView(model, chooser).build(),
            new VariantsView(model).build(),
            side(batch));
    content.getStyleClass().add("generate-content");
    VBox.setVgrow(content, Priority.ALWAYS);

    root = new VBox(new ScreenHeader("Generate", "Turn prompts into images, on this computer."));
    SettingsRestore restore = model.form().settingsRestore();
    Button fromImage = new Button("Settings from image…");
    fromImage.setId("generate-settings-from-image");
    fromImage.setOnAction(e -> chooseImage(restore));
    Label notice = new Label();
    notice.setId("generate-settings-notice");
    notice.setWrapText(true);
    notice.textProperty().bind(restore.noticeProperty());
    notice.visibleProperty().bind(restore.noticeProperty().isNotEmpty());
    notice.managedProperty().bind(notice.visibleProperty());
    // The button keeps its words; a long notice wraps beside it.
    fromImage.setMinWidth(Region.USE_PREF_SIZE);
    notice.setMaxWidth(Double.MAX_VALUE);
    notice.setMinHeight(Region.USE_PREF_SIZE);
    HBox.setHgrow(notice, Priority.ALWAYS);
    Button runBatch =
        new Button("Run batch file…", new FontIcon(MaterialDesignF.FILE_TABLE_OUTLINE));
    runBatch.setId("generate-batch-run");
    runBatch.setTooltip(
        new Tooltip(
            "Generate every line of a CSV or JSON Lines file with the chosen model, in the"
                + " background; a batch stopped part way can be resumed"));
    runBatch.setOnAction(
        e ->
            BatchView.choose(root.getScene() == null ? null : root.getScene().getWindow())
                .ifPresent(file -> runBatch(batch, file)));
    runBatch.disableProperty().bind(batch.busyProperty());
    runBatch.setMinWidth(Region.USE_PREF_SIZE);
    HBox settingsBar = new HBox(8, fromImage, runBatch, notice);
    settingsBar.getStyleClass().add("generate-settings-bar");
    root.getChildren().addAll(settingsBar, content);
    root.setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles()
              && e.getDragboard().getFiles().stream()
                  .anyMatch(f -> SettingsRestore.accepts(f.toPath()))) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
          }
        });
    root.setOnDragDropped(
        e -> {
          boolean done = dropped(restore, e.getDragboard().getFiles());
          e.setDropCompleted(done);
          e.consume();
        });
    root.getStyleClass().addAll("screen", "generate-screen");

    // Keyboard: on the scene while this screen is shown, so it works whatever has the focus.
    root.sceneProperty()
        .addListener(
            (obs, old, now) -> {
              if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
              }
              if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, keys);
              }
            });
  }

  /** Right of the variants: the batch panel over the queue, shown while either has something. */
  private Node side(BatchModel batch) {
    BatchView batchView = new BatchView(batch);
    QueueView queueView = new QueueView(model);
    VBox side = new VBox(12, batchView.build(), queueView.build());
    side.setId("generate-side");
    side.getStyleClass().add("generate-side");
    side.setMinWidth(320);
    side.setPrefWidth(320);
    side.setMaxWidth(320);
    ViewParts.showWhen(side, batchView.shown().or(queueView.shown()));
    return side;
  }

  private void runBatch(BatchModel batch, Path file) {
    ModelChoice choice = model.form().modelProperty().get();
    batch.run(file, choice == null ? null : choice.installed());
  }

  /** Restores from the first PNG of a drop; whether there was one. */
  static boolean dropped(SettingsRestore restore, List<File> files) {
    Optional<File> png =
        files.stream().filter(f -> SettingsRestore.accepts(f.toPath())).findFirst();
    png.ifPresent(f -> restore.restoreFrom(f.toPath()));
    return png.isPresent();
  }

  private void chooseImage(SettingsRestore restore) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Settings from image");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images", "*.png"));
    File file =
        chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
    if (file != null) {
      restore.restoreFrom(file.toPath());
    }
  }

  public Parent root() {
    return root;
  }

  private void onKey(KeyEvent e) {
    Scene scene = root.getScene();
    if (scene == null || !root.isVisible()) {
      return;
    }
    if (ViewParts.GENERATE.match(e)) {
      model.generate();
      e.consume();
    } else if (e.getCode() == KeyCode.ESCAPE && !e.isShortcutDown()) {
      if (model.runningProperty().get() || model.modelLoadingProperty().get()) {
        model.cancel(); // the generation, or the model loading ahead
        e.consume();
      } else if (model.results().layoutProperty().get() != Layout.GRID) {
        model.results().showGrid();
        e.consume();
      }
    }
  }
}
