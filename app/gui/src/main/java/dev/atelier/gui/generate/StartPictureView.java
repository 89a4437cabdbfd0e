package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.sectionLabel;
import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;

import atlantafx.base.theme.Styles;
import dev.atelier.generate.GenerationRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * "Start from picture" on the Generate form ({@link StartPictureModel}): "Choose picture…", the
 * picture's thumbnail with its file name and size, Clear, and, once a picture is chosen, the
 * strength slider with the steps it runs. A picture file dropped on this section is chosen (a PNG
 * dropped elsewhere on the screen restores settings instead).
 *
 * <p>Node ids: {@code generate-start} (the section, where drops land), {@code
 * generate-start-thumbnail}, {@code generate-start-name}, {@code generate-start-choose}, {@code
 * generate-start-clear}, {@code generate-start-strength} (the slider), {@code
 * generate-start-strength-value}, {@code generate-start-runs}, {@code generate-start-mask} (Paint
 * mask…), {@code generate-start-mask-clear}, {@code generate-start-mask-share}, {@code
 * generate-start-mask-blur}, {@code generate-start-mask-tint}.
 */
final class StartPictureView {

  private final StartPictureModel start;

  StartPictureView(StartPictureModel start) {
    this.start = start;
  }

  Node build() {
    ImageView thumbnail = new ImageView();
    thumbnail.setId("generate-start-thumbnail");
    thumbnail.setFitWidth(64);
    thumbnail.setFitHeight(64);
    thumbnail.setPreserveRatio(true);
    thumbnail.setSmooth(true);
    FontIcon placeholder = new FontIcon(MaterialDesignI.IMAGE_OUTLINE);
    ImageView maskTint = new ImageView();
    maskTint.setId("generate-start-mask-tint");
    maskTint.setFitWidth(64);
    maskTint.setFitHeight(64);
    maskTint.setPreserveRatio(true);
    maskTint.setSmooth(false);
    start.maskProperty().subscribe(m -> maskTint.setImage(m == null ? null : tint(m)));
    StackPane frame = new StackPane(placeholder, thumbnail, maskTint);
    frame.getStyleClass().add("generate-start-frame");
    frame.setMinSize(72, 72);
    frame.setPrefSize(72, 72);
    frame.setMaxSize(72, 72);

    Label name = new Label();
    name.setId("generate-start-name");
    name.getStyleClass().add("generate-start-name");
    name.setWrapText(true);
    name.setMinHeight(Label.USE_PREF_SIZE);
    start
        .pictureProperty()
        .subscribe(
            p -> {
              thumbnail.setImage(p == null ? null : ViewParts.toImage(p.thumbnail()));
              placeholder.setVisible(p == null);
            });
    name.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    start.readingProperty().get()
                        ? "Reading the picture…"
                        : start.pictureProperty().get() == null
                            ? "None: generates from noise. Drop a picture here or choose one."
                            : start.pictureProperty().get().description(),
                start.pictureProperty(),
                start.readingProperty()));

    Button choose = new Button("Choose picture…", new FontIcon(MaterialDesignI.IMAGE_PLUS));
    choose.setId("generate-start-choose");
    choose.getStyleClass().add(Styles.SMALL);
    choose.setTooltip(new Tooltip("Start from a PNG, JPEG, BMP or GIF picture"));
    choose.setOnAction(e -> chooseFile(choose));
    Button clear = new Button("Clear", new FontIcon(MaterialDesignC.CLOSE));
    clear.setId("generate-start-clear");
    clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    clear.setTooltip(new Tooltip("Generate from noise again"));
    clear.setOnAction(e -> start.clear());
    clear
        .disableProperty()
        .bind(start.pictureProperty().isNull().and(start.readingProperty().not()));
    HBox buttons = new HBox(6, choose, clear);
    buttons.setAlignment(Pos.CENTER_LEFT);
    VBox side = new VBox(6, name, buttons);
    HBox.setHgrow(side, Priority.ALWAYS);
    HBox pictureRow = new HBox(10, frame, side);
    pictureRow.setAlignment(Pos.CENTER_LEFT);

    VBox section =
        new VBox(
            6, sectionLabel("Start from picture"), pictureRow, strengthPart(), maskPart(), runs());
    section.setId("generate-start");
    section.getStyleClass().add("generate-start");
    acceptDrops(section);
    return section;
  }

  /** The slider and its value, shown once a picture is chosen. */
  private Node strengthPart() {
    Slider slider = new Slider(StartPictureModel.MIN_STRENGTH, 1, start.strength());
    slider.setId("generate-start-strength");
    slider.setBlockIncrement(0.05);
    slider.setMajorTickUnit(0.05);
    slider.setMinorTickCount(0);
    slider.setSnapToTicks(true);
    slider.valueProperty().bindBidirectional(start.strengthProperty());
    Tooltip tip =
        new Tooltip(
            "How much of the picture is redrawn. Low keeps more of the picture and runs fewer"
                + " steps; 1 keeps little of it.");
    slider.setTooltip(tip);
    HBox.setHgrow(slider, Priority.ALWAYS);
    Label value = new Label();
    value.setId("generate-start-strength-value");
    value.getStyleClass().add("generate-start-strength-value");
    value.textProperty().bind(start.strengthText());
    value.setMinWidth(Label.USE_PREF_SIZE);
    Label label = new Label("Strength");
    label.getStyleClass().add("generate-field-label");
    label.setTooltip(tip);
    HBox row = new HBox(8, label, slider, value);
    row.setAlignment(Pos.CENTER_LEFT);
    showWhen(row, start.pictureProperty().isNotNull());
    return row;
  }

  /**
   * "Paint mask…" (inpainting: repaint only part of the picture), the share painted, Clear mask,
   * and the seam's blur once a mask is painted. Shown once a picture is chosen.
   */
  private Node maskPart() {
    Button paint = new Button("Paint mask…", new FontIcon(MaterialDesignB.BRUSH));
    paint.setId("generate-start-mask");
    paint.getStyleClass().add(Styles.SMALL);
    paint.setTooltip(
        new Tooltip("Paint the part of the picture to generate again; the rest stays as it is"));
    paint.setOnAction(
        e -> {
          StartPictureModel.Picture p = start.pictureProperty().get();
          if (p != null) {
            MaskEditorDialog.show(
                    paint.getScene() == null ? null : paint.getScene().getWindow(),
                    p.image(),
                    start.maskProperty().get())
                .ifPresent(start::setMask);
          }
        });
    Button clear = new Button("Clear mask");
    clear.setId("generate-start-mask-clear");
    clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    clear.setTooltip(new Tooltip("Generate the whole picture again"));
    clear.setOnAction(e -> start.clearMask());
    showWhen(clear, start.maskProperty().isNotNull());
    Label share = new Label();
    share.setId("generate-start-mask-share");
    share.getStyleClass().add("generate-start-runs");
    share
        .textProperty()
        .bind(
            start
                .maskProperty()
                .map(m -> String.format(Locale.ROOT, "%.0f%% repainted", m.coverage() * 100))
                .orElse(""));
    HBox buttons = new HBox(6, paint, clear, spacer(), share);
    buttons.setAlignment(Pos.CENTER_LEFT);

    Spinner<Integer> blur =
        new Spinner<>(0, GenerationRequest.InpaintMask.MAX_BLUR, start.maskBlur());
    blur.setId("generate-start-mask-blur");
    blur.setEditable(true);
    blur.setPrefWidth(80);
    blur.getValueFactory().valueProperty().bindBidirectional(start.maskBlurProperty().asObject());
    Tooltip tip =
        new Tooltip(
            "How softly the generated part blends into the picture at the mask's edge, in pixels"
                + " (0: a hard edge)");
    blur.setTooltip(tip);
    Label label = new Label("Seam blur");
    label.getStyleClass().add("generate-field-label");
    label.setTooltip(tip);
    HBox blurRow = new HBox(8, label, blur, new Label("px"));
    blurRow.setAlignment(Pos.CENTER_LEFT);
    showWhen(blurRow, start.maskProperty().isNotNull());

    VBox part = new VBox(6, buttons, blurRow);
    showWhen(part, start.pictureProperty().isNotNull());
    return part;
  }

  /** The mask as a tint over the thumbnail: painted pixels coloured, the rest clear. */
  private static Image tint(MaskPainting.Mask mask) {
    double scale =
        Math.min(
            1.0, StartPictureModel.THUMBNAIL_SIDE / (double) Math.max(mask.width(), mask.height()));
    int w = Math.max(1, (int) Math.round(mask.width() * scale));
    int h = Math.max(1, (int) Math.round(mask.height() * scale));
    byte[] values = mask.values();
    WritableImage out = new WritableImage(w, h);
    PixelWriter writer = out.getPixelWriter();
    for (int y = 0; y < h; y++) {
      int sy = Math.min(mask.height() - 1, (int) ((long) y * mask.height() / h));
      for (int x = 0; x < w; x++) {
        int sx = Math.min(mask.width() - 1, (int) ((long) x * mask.width() / w));
        writer.setArgb(x, y, values[sy * mask.width() + sx] == 0 ? 0 : MaskEditorDialog.TINT);
      }
    }
    return out;
  }

  private Node runs() {
    Label runs = new Label();
    runs.setId("generate-start-runs");
    runs.getStyleClass().add("generate-start-runs");
    runs.textProperty().bind(start.runsText());
    showWhen(runs, start.pictureProperty().isNotNull());
    return runs;
  }

  /** A picture file dropped on the section is chosen; the drop goes no further. */
  private void acceptDrops(Node area) {
    area.setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles() && picture(e.getDragboard().getFiles()).isPresent()) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
          }
        });
    area.setOnDragDropped(
        e -> {
          Optional<Path> file =
              e.getDragboard().hasFiles() ? picture(e.getDragboard().getFiles()) : Optional.empty();
          file.ifPresent(start::choose);
          e.setDropCompleted(file.isPresent());
          e.consume();
        });
  }

  /** The first picture file of a drop. */
  static Optional<Path> picture(List<File> files) {
    return files.stream().map(File::toPath).filter(StartPictureModel::accepts).findFirst();
  }

  private void chooseFile(Node owner) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Start from picture");
    chooser
        .getExtensionFilters()
        .add(
            new FileChooser.ExtensionFilter(
                "Pictures (PNG, JPEG, BMP, GIF)", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"));
    StartPictureModel.Picture now = start.pictureProperty().get();
    if (now != null
        && now.file().getParent() != null
        && now.file().getParent().toFile().isDirectory()) {
      chooser.setInitialDirectory(now.file().getParent().toFile());
    }
    File file =
        chooser.showOpenDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
    if (file != null) {
      start.choose(file.toPath());
    }
  }
}
