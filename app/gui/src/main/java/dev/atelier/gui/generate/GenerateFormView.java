package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.FAILED;
import static dev.atelier.gui.generate.ViewParts.field;
import static dev.atelier.gui.generate.ViewParts.iconButton;
import static dev.atelier.gui.generate.ViewParts.sectionLabel;
import static dev.atelier.gui.generate.ViewParts.shortcutText;
import static dev.atelier.gui.generate.ViewParts.shorten;
import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;

import atlantafx.base.theme.Styles;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.generate.GenerateViewModel.Phase;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.converter.LongStringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The left side of the Generate screen: prompt (with the advice on the words the model knows),
 * negative prompt, the picture to start from ({@link StartPictureView}), model and device, the
 * LoRAs ({@link LoraView}), the hires fix ({@link HiresView}), the settings, and Generate / Cancel
 * with any problem above.
 */
final class GenerateFormView {

  private static final KeyCombination HISTORY_BACK =
      new KeyCodeCombination(KeyCode.UP, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination HISTORY_FORWARD =
      new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHORTCUT_DOWN);

  private final GenerateViewModel model;
  private final GenerateFormModel form;
  private final ModelSourceChooser chooser;

  GenerateFormView(GenerateViewModel model, ModelSourceChooser chooser) {
    this.model = model;
    this.form = model.form();
    this.chooser = chooser;
  }

  /** The form card: the fields scroll, the actions stay at the bottom. */
  Node build() {
    HBox deviceRow = new HBox(8, device());
    deviceRow.setAlignment(Pos.CENTER_LEFT);
    HBox promptTitle = new HBox(sectionLabel("Prompt"), spacer(), history());
    promptTitle.setAlignment(Pos.CENTER_LEFT);
    HBox modelTitle = new HBox(sectionLabel("Model"), spacer(), addModel());
    modelTitle.setAlignment(Pos.CENTER_LEFT);
    VBox fields =
        new VBox(
            promptTitle,
            prompt(),
            advice(),
            sectionLabel("Negative prompt"),
            negative(),
            new StartPictureView(form.startPicture()).build(),
            modelTitle,
            modelPicker(),
            modelDetail(),
            modelNote(),
            deviceRow,
            new LoraView(form.loras()).build(),
            new HiresView(form.hires()).build(),
            settings());
    fields.getStyleClass().add("generate-form");
    VBox.setMargin(deviceRow, new Insets(-1, 0, 4, 2));

    ScrollPane scroll = new ScrollPane(fields);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    scroll.getStyleClass().addAll("screen-scroll", "generate-form-scroll");
    VBox.setVgrow(scroll, Priority.ALWAYS);

    Label hint = new Label(shortcutText() + " to generate · Esc to cancel");
    hint.getStyleClass().add("generate-hint");
    VBox footer = new VBox(8, problem(), actions(), hint);
    footer.getStyleClass().add("generate-form-footer");

    VBox card = new VBox(scroll, footer);
    card.getStyleClass().add("generate-form-card");
    card.setMinWidth(350);
    card.setPrefWidth(350);
    card.setMaxWidth(350);
    return card;
  }

  // ---- prompt ---------------------------------------------------------------------------

  private Node prompt() {
    TextArea prompt = new TextArea();
    prompt.setId("generate-prompt");
    prompt.setPromptText("A lighthouse on a cliff at dusk, oil painting");
    prompt.setWrapText(true);
    prompt.setPrefRowCount(3);
    prompt.textProperty().bindBidirectional(form.promptProperty());
    prompt.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (HISTORY_BACK.match(e) || HISTORY_FORWARD.match(e)) {
            form.historyStep(HISTORY_BACK.match(e) ? -1 : 1)
                .ifPresent(p -> prompt.positionCaret(p.length()));
            e.consume();
          }
        });
    return prompt;
  }

  /** Under the prompt: the model finds no style in it, and the words it knows. */
  private Node advice() {
    Label advice = new Label();
    advice.setId("generate-advice");
    advice.getStyleClass().add("generate-advice");
    advice.setWrapText(true);
    advice.setMinHeight(Label.USE_PREF_SIZE);
    advice.setGraphic(new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
    advice.textProperty().bind(form.adviceProperty());
    showWhen(advice, form.adviceProperty().isNotEmpty());
    return advice;
  }

  private Node history() {
    MenuButton history = new MenuButton(null, new FontIcon(MaterialDesignH.HISTORY));
    history.setId("generate-history");
    history.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON, "generate-history");
    history.setTooltip(new Tooltip("Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)"));
    history.disableProperty().bind(Bindings.isEmpty(form.history()));
    history.setOnShowing(
        e ->
            history
                .getItems()
                .setAll(
                    form.history().stream()
                        .limit(15)
                        .map(
                            p -> {
                              MenuItem item = new MenuItem(shorten(p, 70));
                              item.setOnAction(a -> form.promptProperty().set(p));
                              return item;
                            })
                        .toList()));
    return history;
  }

  private Node negative() {
    TextArea negative = new TextArea();
    negative.setId("generate-negative");
    negative.setPromptText("What to steer away from (optional)");
    negative.setWrapText(true);
    negative.setPrefRowCount(2);
    negative.textProperty().bindBidirectional(form.negativePromptProperty());
    return negative;
  }

  // ---- model ----------------------------------------------------------------------------

  /** "Add model…": a checkpoint file or folder, through the {@link AddModelDialog}. */
  private Node addModel() {
    Button add = new Button("Add model…", new FontIcon(MaterialDesignP.PLUS));
    add.setId("generate-add-model");
    add.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "generate-add-model");
    add.setTooltip(
        new Tooltip(
            "Add a Stable Diffusion checkpoint: a .safetensors file or a diffusers folder"));
    add.setOnAction(
        e -> AddModelDialog.show(add.getScene().getWindow(), model.addModel(), chooser));
    return add;
  }

  private Node modelPicker() {
    ComboBox<ModelChoice> modelPicker = new ComboBox<>(form.models());
    modelPicker.setId("generate-model");
    modelPicker.setMaxWidth(Double.MAX_VALUE);
    modelPicker.setCellFactory(list -> new ModelCell());
    modelPicker.valueProperty().bindBidirectional(form.modelProperty());
    modelPicker.promptTextProperty().bind(form.modelsProperty());
    return modelPicker;
  }

  /** Under the picker: the chosen model's kind and size, with its description as a tooltip. */
  private Node modelDetail() {
    Label detail = new Label();
    detail.setId("generate-model-detail");
    detail.getStyleClass().add("generate-model-detail");
    detail.setMinWidth(0);
    Tooltip tip = new Tooltip();
    form.modelProperty()
        .subscribe(
            c -> {
              detail.setText(c == null ? "" : c.detailText());
              tip.setText(c == null ? "" : c.description());
              detail.setTooltip(c == null || c.description().isEmpty() ? null : tip);
            });
    showWhen(detail, detail.textProperty().isNotEmpty());
    return detail;
  }

  /** A model in the picker's list: its name, and its kind and size under it. */
  private static final class ModelCell extends ListCell<ModelChoice> {
    private final Label name = new Label();
    private final Label detail = new Label();
    private final VBox box = new VBox(1, name, detail);

    ModelCell() {
      name.getStyleClass().add("model-cell-name");
      detail.getStyleClass().add("model-cell-detail");
    }

    @Override
    protected void updateItem(ModelChoice item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      name.setText(item.id());
      detail.setText(item.detailText());
      setText(null);
      setGraphic(box);
    }
  }

  /**
   * Under the picker: why the models or the chosen model could not be read, or where to put a model
   * when none is installed.
   */
  private Node modelNote() {
    Label note = new Label();
    note.setId("generate-model-note");
    note.getStyleClass().add("generate-problem");
    note.setWrapText(true);
    note.setMinHeight(Label.USE_PREF_SIZE);
    note.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
    note.textProperty().bind(model.models().noteProperty());
    showWhen(note, model.models().noteProperty().isNotEmpty());
    return note;
  }

  private Node device() {
    Label device = new Label();
    device.setId("generate-engine");
    device.getStyleClass().add("generate-device");
    device.setGraphic(new FontIcon(MaterialDesignC.CHIP));
    device.textProperty().bind(model.engineText());
    device.setMinWidth(0);
    model
        .engineStatusProperty()
        .subscribe(s -> device.pseudoClassStateChanged(FAILED, s instanceof EngineStatus.Failed));
    return device;
  }

  // ---- settings -------------------------------------------------------------------------

  private Node settings() {
    ComboBox<SamplerKind> sampler = new ComboBox<>();
    sampler.getItems().setAll(SamplerKind.values());
    sampler.setId("generate-sampler");
    sampler.setMaxWidth(Double.MAX_VALUE);
    sampler.setConverter(new ViewParts.SamplerNames());
    sampler.valueProperty().bindBidirectional(form.samplerProperty());

    Spinner<Double> cfg =
        new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(1, 30, 3, 0.5));
    cfg.setId("generate-cfg");
    cfg.setEditable(true);
    cfg.getValueFactory().valueProperty().bindBidirectional(form.guidanceProperty());
    cfg.setMaxWidth(Double.MAX_VALUE);

    GridPane settings = new GridPane();
    settings.getStyleClass().add("generate-settings");
    settings.add(field("Sampler", sampler), 0, 0, 3, 1);
    settings.add(
        field("Variants", intSpinner("generate-variants", 1, 16, 1, form.variantCountProperty())),
        3,
        0);
    settings.add(
        field("Steps", intSpinner("generate-steps", 1, 500, 1, form.stepsProperty())), 0, 1, 2, 1);
    settings.add(field("Guidance (CFG)", cfg), 2, 1, 2, 1);
    settings.add(
        field("Width", intSpinner("generate-width", 8, 2048, 8, form.widthProperty())), 0, 2, 2, 1);
    settings.add(
        field("Height", intSpinner("generate-height", 8, 2048, 8, form.heightProperty())),
        2,
        2,
        2,
        1);
    settings.add(field("Seed", seedRow()), 0, 3, 4, 1);
    for (int c = 0; c < 4; c++) {
      ColumnConstraints col = new ColumnConstraints();
      col.setPercentWidth(25);
      settings.getColumnConstraints().add(col);
    }
    return settings;
  }

  private Node seedRow() {
    TextField seed = new TextField();
    seed.setId("generate-seed");
    TextFormatter<Long> seedFormat = new TextFormatter<>(new LongStringConverter());
    seed.setTextFormatter(seedFormat);
    seedFormat.valueProperty().bindBidirectional(form.seedProperty());
    HBox.setHgrow(seed, Priority.ALWAYS);
    ToggleButton lock = new ToggleButton();
    lock.setId("generate-seed-lock");
    lock.getStyleClass().addAll(Styles.BUTTON_ICON, "generate-seed-lock");
    lock.selectedProperty().bindBidirectional(form.seedLockedProperty());
    lock.graphicProperty()
        .bind(
            Bindings.when(lock.selectedProperty())
                .then((Node) new FontIcon(MaterialDesignL.LOCK))
                .otherwise((Node) new FontIcon(MaterialDesignL.LOCK_OPEN_VARIANT_OUTLINE)));
    Tooltip lockTip = new Tooltip();
    lockTip
        .textProperty()
        .bind(
            Bindings.when(lock.selectedProperty())
                .then("Seed locked: every run uses it")
                .otherwise("Seed unlocked: every run draws a new one"));
    lock.setTooltip(lockTip);
    Button dice = iconButton(MaterialDesignD.DICE_5_OUTLINE, "New random seed");
    dice.setId("generate-seed-random");
    dice.setOnAction(e -> form.randomizeSeed());
    HBox seedRow = new HBox(6, seed, lock, dice);
    seedRow.setAlignment(Pos.CENTER_LEFT);
    return seedRow;
  }

  private static Spinner<Integer> intSpinner(
      String id, int min, int max, int step, ObjectProperty<Integer> value) {
    Spinner<Integer> spinner =
        new Spinner<>(min, max, value.get() == null ? min : value.get(), step);
    spinner.setId(id);
    spinner.setEditable(true);
    spinner.setMaxWidth(Double.MAX_VALUE);
    spinner.getValueFactory().valueProperty().bindBidirectional(value);
    return spinner;
  }

  // ---- actions --------------------------------------------------------------------------

  /**
   * Generate; while a generation runs, "Add to queue" (the same command: the settings wait their
   * turn) beside Cancel.
   */
  private Node actions() {
    Button run = new Button("Generate", new FontIcon(MaterialDesignC.CREATION));
    run.setId("generate-run");
    run.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE, "generate-run");
    run.setMaxWidth(Double.MAX_VALUE);
    run.setOnAction(e -> model.generate());
    Tooltip runTip = new Tooltip();
    run.setTooltip(runTip);
    model
        .runningProperty()
        .subscribe(
            running -> {
              run.setText(running ? "Add to queue" : "Generate");
              run.setGraphic(
                  new FontIcon(running ? MaterialDesignP.PLAYLIST_PLUS : MaterialDesignC.CREATION));
              runTip.setText(
                  (running ? "Run these settings after the running generation (" : "Generate (")
                      + shortcutText()
                      + ")");
            });
    HBox.setHgrow(run, Priority.ALWAYS);
    Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP_CIRCLE_OUTLINE));
    cancel.setId("generate-cancel");
    cancel.getStyleClass().addAll(Styles.DANGER, Styles.LARGE, "generate-cancel");
    cancel.setMinWidth(Button.USE_PREF_SIZE);
    cancel.setOnAction(e -> model.cancel());
    cancel.setTooltip(new Tooltip("Stop the running generation at the next step (Esc)"));
    cancel.disableProperty().bind(model.phaseProperty().isEqualTo(Phase.CANCELLING));
    showWhen(cancel, model.runningProperty());
    return new HBox(8, run, cancel);
  }

  private Node problem() {
    Label problem = new Label();
    problem.setId("generate-problem");
    problem.getStyleClass().add("generate-problem");
    problem.setWrapText(true);
    problem.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
    problem.textProperty().bind(model.problemProperty());
    showWhen(problem, model.problemProperty().isNotEmpty());
    return problem;
  }
}
