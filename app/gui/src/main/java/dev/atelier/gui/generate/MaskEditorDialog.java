package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.spacer;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.gui.generate.MaskPainting.Mask;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/**
 * Paints the inpainting mask over the start picture: a round brush marks where the generation
 * repaints (shown as a tinted overlay), the eraser gives parts back. Keys: B brush, E eraser, [ and
 * ] brush size, I invert, Delete clear, Ctrl+Z undo, Enter use the mask, Escape cancel. The right
 * mouse button erases whichever tool is chosen.
 *
 * <p>Node ids: {@code mask-canvas}, {@code mask-brush}, {@code mask-eraser}, {@code mask-size},
 * {@code mask-invert}, {@code mask-clear}, {@code mask-undo}, {@code mask-coverage}.
 */
final class MaskEditorDialog {

  /** The largest the picture is shown, in the dialog's pixels. */
  static final double VIEW_WIDTH = 720;

  static final double VIEW_HEIGHT = 540;

  /** The tint of repainted pixels: the accent, at a little over half opacity. */
  static final int TINT = 0x8ce0457b;

  static final double MIN_SIZE = 4;
  static final double MAX_SIZE = 240;
  static final double DEFAULT_SIZE = 48;

  private static final KeyCombination UNDO =
      new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);

  private final MaskPainting painting;
  private final Dialog<Mask> dialog = new Dialog<>();
  private final double viewWidth;
  private final double viewHeight;
  private final WritableImage overlay;
  private final Slider size = new Slider(MIN_SIZE, MAX_SIZE, DEFAULT_SIZE);
  private final BooleanProperty erasing = new SimpleBooleanProperty(this, "erasing");
  private final Label coverage = new Label();
  private final Button undo = new Button("Undo");
  private final Circle pointer = new Circle();
  private Point2D last;
  private boolean strokeErases;

  private MaskEditorDialog(Window owner, RgbImage picture, Mask earlier) {
    painting = MaskPainting.forPicture(picture.width(), picture.height());
    if (earlier != null
        && earlier.width() == painting.width()
        && earlier.height() == painting.height()) {
      painting.load(earlier);
    }
    double scale = Math.min(VIEW_WIDTH / picture.width(), VIEW_HEIGHT / picture.height());
    viewWidth = Math.round(picture.width() * scale);
    viewHeight = Math.round(picture.height() * scale);
    overlay = new WritableImage(painting.width(), painting.height());
    redraw(0, 0, painting.width(), painting.height());
    painting.onChange(this::changed);

    dialog.initOwner(owner);
    dialog.setTitle("Paint the mask");
    dialog.setResizable(false);
    dialog.getDialogPane().getStyleClass().add("mask-dialog");
    dialog.getDialogPane().setContent(new VBox(10, tools(), canvas(picture), hint()));
    ButtonType use = new ButtonType("Use mask", ButtonBar.ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().setAll(use, ButtonType.CANCEL);
    dialog.setResultConverter(button -> button == use ? painting.mask() : null);
    dialog.getDialogPane().addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    if (owner != null && owner.getScene() != null) {
      List<String> sheets = List.copyOf(owner.getScene().getStylesheets());
      dialog
          .getDialogPane()
          .sceneProperty()
          .subscribe(
              (Scene scene) -> {
                if (scene != null) {
                  scene.getStylesheets().setAll(sheets);
                }
              });
    }
    updateLabels();
  }

  /**
   * Shows the editor over {@code picture}, starting from {@code earlier} (null: an empty mask), and
   * returns the painted mask, or empty when cancelled.
   */
  static Optional<Mask> show(Window owner, RgbImage picture, Mask earlier) {
    return new MaskEditorDialog(owner, picture, earlier).dialog.showAndWait();
  }

  // ---- parts ----------------------------------------------------------------------------

  private Node tools() {
    ToggleGroup group = new ToggleGroup();
    ToggleButton brush = new ToggleButton("Brush", new FontIcon(MaterialDesignB.BRUSH));
    brush.setId("mask-brush");
    brush.setTooltip(new Tooltip("Paint where the picture is repainted (B)"));
    ToggleButton eraser = new ToggleButton("Eraser", new FontIcon(MaterialDesignE.ERASER));
    eraser.setId("mask-eraser");
    eraser.setTooltip(new Tooltip("Give parts back to the picture (E; or the right button)"));
    brush.setToggleGroup(group);
    eraser.setToggleGroup(group);
    brush.setSelected(true);
    // A toggle group lets both be unselected: a click on the chosen one keeps it chosen.
    group
        .selectedToggleProperty()
        .subscribe(
            (old, now) -> {
              if (now == null) {
                old.setSelected(true);
              }
            });
    erasing.bind(eraser.selectedProperty());

    size.setId("mask-size");
    size.setPrefWidth(140);
    size.setTooltip(new Tooltip("Brush size ([ smaller, ] larger)"));
    size.valueProperty().subscribe(v -> pointer.setRadius(v.doubleValue() / 2));
    Label sizeText = new Label();
    sizeText
        .textProperty()
        .bind(size.valueProperty().map(v -> "Size " + Math.round(v.doubleValue())));

    Button invert = new Button("Invert", new FontIcon(MaterialDesignI.INVERT_COLORS));
    invert.setId("mask-invert");
    invert.setTooltip(new Tooltip("Repaint what is kept, keep what is repainted (I)"));
    invert.setOnAction(e -> painting.invert());
    Button clear = new Button("Clear");
    clear.setId("mask-clear");
    clear.setTooltip(new Tooltip("Keep the whole picture again (Delete)"));
    clear.setOnAction(e -> painting.clear());
    undo.setId("mask-undo");
    undo.setGraphic(new FontIcon(MaterialDesignU.UNDO));
    undo.setTooltip(new Tooltip("Undo the last stroke (" + shortcut("Z") + ")"));
    undo.setOnAction(e -> painting.undo());

    HBox row = new HBox(8, brush, eraser, sizeText, size, spacer(), invert, clear, undo);
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  private Node canvas(RgbImage picture) {
    ImageView base = new ImageView(ViewParts.toImage(picture));
    base.setFitWidth(viewWidth);
    base.setFitHeight(viewHeight);
    base.setSmooth(true);
    ImageView tint = new ImageView(overlay);
    tint.setFitWidth(viewWidth);
    tint.setFitHeight(viewHeight);
    tint.setSmooth(false);

    pointer.getStyleClass().add("mask-pointer");
    pointer.setRadius(size.getValue() / 2);
    pointer.setManaged(false);
    pointer.setMouseTransparent(true);
    pointer.setVisible(false);
    Pane pointerLayer = new Pane(pointer);
    pointerLayer.setMouseTransparent(true);

    StackPane canvas = new StackPane(base, tint, pointerLayer);
    canvas.setId("mask-canvas");
    canvas.getStyleClass().add("mask-canvas");
    canvas.setMinSize(viewWidth, viewHeight);
    canvas.setMaxSize(viewWidth, viewHeight);
    canvas.setCursor(Cursor.CROSSHAIR);
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
    canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> last = null);
    canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::movePointer);
    canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointer.setVisible(false));
    Platform.runLater(canvas::requestFocus);
    return canvas;
  }

  private Node hint() {
    coverage.setId("mask-coverage");
    coverage.getStyleClass().add("mask-coverage");
    Label keys =
        new Label(
            "Tinted: repainted · B brush · E eraser · [ ] size · I invert · "
                + shortcut("Z")
                + " undo");
    keys.getStyleClass().add("mask-keys");
    HBox row = new HBox(8, coverage, spacer(), keys);
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  // ---- painting -------------------------------------------------------------------------

  private void press(MouseEvent e) {
    if (e.getButton() != MouseButton.PRIMARY && e.getButton() != MouseButton.SECONDARY) {
      return;
    }
    strokeErases = erasing.get() != (e.getButton() == MouseButton.SECONDARY);
    painting.beginStroke();
    last = toMask(e.getX(), e.getY());
    painting.stroke(last.getX(), last.getY(), last.getX(), last.getY(), radius(), strokeErases);
    movePointer(e);
    e.consume();
  }

  private void drag(MouseEvent e) {
    movePointer(e);
    if (last == null) {
      return;
    }
    Point2D now = toMask(e.getX(), e.getY());
    painting.stroke(last.getX(), last.getY(), now.getX(), now.getY(), radius(), strokeErases);
    last = now;
    e.consume();
  }

  private void movePointer(MouseEvent e) {
    pointer.setCenterX(e.getX());
    pointer.setCenterY(e.getY());
    pointer.setVisible(true);
  }

  /** From the canvas's pixels to the mask's. */
  private Point2D toMask(double x, double y) {
    return new Point2D(x * painting.width() / viewWidth, y * painting.height() / viewHeight);
  }

  /** The brush's radius in mask pixels: the size is a diameter in the canvas's pixels. */
  private double radius() {
    return size.getValue() / 2 * painting.width() / viewWidth;
  }

  private void changed(int x, int y, int width, int height) {
    redraw(x, y, width, height);
    updateLabels();
  }

  private void redraw(int x0, int y0, int width, int height) {
    PixelWriter out = overlay.getPixelWriter();
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        out.setArgb(x, y, painting.valueAt(x, y) == 0 ? 0 : TINT);
      }
    }
  }

  private void updateLabels() {
    double share = painting.coverage(); // after every stroke segment: no copy of the mask
    coverage.setText(
        share == 0
            ? "Nothing painted: the whole picture is kept"
            : String.format(Locale.ROOT, "%.0f%% of the picture repainted", share * 100));
    undo.setDisable(!painting.canUndo());
  }

  private void key(KeyEvent e) {
    if (UNDO.match(e)) {
      painting.undo();
    } else if (e.isShortcutDown() || e.isAltDown()) {
      return;
    } else if (e.getCode() == KeyCode.OPEN_BRACKET) {
      size.setValue(size.getValue() / 1.25);
    } else if (e.getCode() == KeyCode.CLOSE_BRACKET) {
      size.setValue(size.getValue() * 1.25);
    } else if (e.getCode() == KeyCode.B) {
      select("#mask-brush");
    } else if (e.getCode() == KeyCode.E) {
      select("#mask-eraser");
    } else if (e.getCode() == KeyCode.I) {
      painting.invert();
    } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
      painting.clear();
    } else {
      return;
    }
    e.consume();
  }

  private void select(String id) {
    if (dialog.getDialogPane().lookup(id) instanceof ToggleButton tool) {
      tool.setSelected(true);
    }
  }

  private static String shortcut(String key) {
    return (System.getProperty("os.name", "").startsWith("Mac") ? "⌘" : "Ctrl+") + key;
  }
}
