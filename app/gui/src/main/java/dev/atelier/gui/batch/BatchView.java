package dev.atelier.gui.batch;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.batch.BatchModel.State;
import dev.atelier.gui.common.FxImages;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The batch panel ({@link BatchModel}): the file's name, the item being made and its prompt beside
 * the last picture made, a bar over the whole batch, what happened, and Cancel while it runs;
 * Resume and "Let go" for a run that stopped part way; Close once it ended.
 *
 * <p>Node ids: {@code batch-panel} (shown while there is a batch to show), {@code batch-title},
 * {@code batch-item}, {@code batch-prompt}, {@code batch-picture}, {@code batch-progress}, {@code
 * batch-message}, {@code batch-cancel}, {@code batch-resume}, {@code batch-let-go}, {@code
 * batch-close}.
 */
public final class BatchView {

  /** The side of the last picture made, shown beside the item. */
  private static final double PICTURE_SIDE = 56;

  private final BatchModel model;

  public BatchView(BatchModel model) {
    this.model = model;
  }

  /** Whether the panel is shown. */
  public BooleanBinding shown() {
    return model.stateProperty().isNotEqualTo(State.NONE);
  }

  /** Asks for a batch file: CSV with a header row, or JSON Lines. */
  public static Optional<Path> choose(Window owner) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Run batch file");
    chooser
        .getExtensionFilters()
        .add(
            new FileChooser.ExtensionFilter(
                "Batch files (CSV with a header, JSON Lines)", "*.csv", "*.jsonl", "*.ndjson"));
    File file = chooser.showOpenDialog(owner);
    return Optional.ofNullable(file).map(File::toPath);
  }

  public Node build() {
    Label title = new Label();
    title.setId("batch-title");
    title.getStyleClass().add("batch-title");
    title.setGraphic(new FontIcon(MaterialDesignF.FILE_TABLE_OUTLINE));
    title.setMinWidth(0);
    title
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> "Batch · " + model.titleProperty().get(), model.titleProperty()));

    Label item = label("batch-item", "batch-item");
    item.textProperty().bind(model.itemTextProperty());
    showWhen(item, model.itemTextProperty().isNotEmpty());

    Label prompt = label("batch-prompt", "batch-prompt");
    prompt.setWrapText(true);
    prompt.textProperty().bind(model.promptProperty());
    showWhen(prompt, model.promptProperty().isNotEmpty());

    ProgressBar bar = new ProgressBar();
    bar.setId("batch-progress");
    bar.getStyleClass().add("batch-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(model.progressProperty());
    showWhen(bar, model.stateProperty().isNotEqualTo(State.FAILED));

    Label message = label("batch-message", "batch-message");
    message.setWrapText(true);
    message.setMinHeight(Region.USE_PREF_SIZE);
    message.textProperty().bind(model.messageProperty());
    showWhen(message, model.messageProperty().isNotEmpty());
    model
        .stateProperty()
        .subscribe(
            s ->
                message.pseudoClassStateChanged(
                    javafx.css.PseudoClass.getPseudoClass("failed"), s == State.FAILED));

    ImageView picture = new ImageView();
    picture.setId("batch-picture");
    picture.setFitWidth(PICTURE_SIDE);
    picture.setFitHeight(PICTURE_SIDE);
    picture.setPreserveRatio(true);
    picture.setSmooth(true);
    picture
        .imageProperty()
        .bind(
            Bindings.createObjectBinding(
                () -> FxImages.of(model.lastPictureProperty().get()), model.lastPictureProperty()));
    StackPane frame = new StackPane(picture);
    frame.getStyleClass().add("batch-picture");
    frame.setMinSize(PICTURE_SIDE, PICTURE_SIDE);
    frame.setMaxSize(PICTURE_SIDE, PICTURE_SIDE);
    showWhen(frame, model.lastPictureProperty().isNotNull());
    VBox words = new VBox(2, item, prompt);
    HBox.setHgrow(words, Priority.ALWAYS);
    HBox now = new HBox(10, frame, words);
    now.setAlignment(Pos.CENTER_LEFT);

    VBox panel = new VBox(6, title, now, bar, message, buttons());
    panel.setId("batch-panel");
    panel.getStyleClass().add("batch-panel");
    showWhen(panel, shown());
    return panel;
  }

  private Node buttons() {
    Button cancel = button("batch-cancel", "Cancel", Styles.DANGER);
    cancel.setGraphic(new FontIcon(MaterialDesignS.STOP_CIRCLE_OUTLINE));
    cancel.setTooltip(new Tooltip("Stop after this step; what is done stays done"));
    cancel.setOnAction(e -> model.cancel());
    cancel.disableProperty().bind(model.stateProperty().isEqualTo(State.CANCELLING));
    showWhen(cancel, model.busyProperty());

    Button resume = button("batch-resume", "Resume", Styles.ACCENT);
    resume.setGraphic(new FontIcon(MaterialDesignP.PLAY));
    resume.setTooltip(new Tooltip("Make the items not done yet; the done ones are skipped"));
    resume.setOnAction(e -> model.resume());
    Button letGo = button("batch-let-go", "Let go", Styles.FLAT);
    letGo.setTooltip(new Tooltip("Do not resume this batch; what it made stays in the catalog"));
    letGo.setOnAction(e -> model.letGo());
    BooleanBinding stopped = model.stateProperty().isEqualTo(State.STOPPED);
    showWhen(resume, stopped);
    showWhen(letGo, stopped);

    Button close = button("batch-close", "Close", Styles.FLAT);
    close.setOnAction(e -> model.dismiss());
    showWhen(
        close,
        model
            .stateProperty()
            .isEqualTo(State.FINISHED)
            .or(model.stateProperty().isEqualTo(State.FAILED)));

    HBox buttons = new HBox(6, cancel, resume, letGo, close);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    return buttons;
  }

  private static Button button(String id, String text, String style) {
    Button b = new Button(text);
    b.setId(id);
    b.getStyleClass().addAll(Styles.SMALL, style);
    b.setMinWidth(Region.USE_PREF_SIZE);
    return b;
  }

  private static Label label(String id, String style) {
    Label label = new Label();
    label.setId(id);
    label.getStyleClass().add(style);
    label.setMinWidth(0);
    HBox.setHgrow(label, Priority.ALWAYS);
    return label;
  }

  private static void showWhen(Node node, ObservableValue<Boolean> shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(node.visibleProperty());
  }
}
