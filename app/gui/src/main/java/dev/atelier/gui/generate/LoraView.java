package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.iconButton;
import static dev.atelier.gui.generate.ViewParts.sectionLabel;
import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * "LoRAs" on the Generate form ({@link LoraListModel}): "Add LoRA…", then a row per LoRA with its
 * file name, a weight slider (-2 to 2, by mouse or arrow keys) with its value, and a remove button;
 * under them, what the last run could not apply. For a model that takes no LoRAs the section is
 * disabled and says why in one line.
 *
 * <p>Node ids: {@code generate-loras} (the section), {@code generate-lora-add}, {@code
 * generate-lora-reason}, {@code generate-lora-reading}, {@code generate-lora-notice}; per row
 * {@code i} from 0: {@code generate-lora-name-i}, {@code generate-lora-weight-i} (the slider),
 * {@code generate-lora-weight-value-i}, {@code generate-lora-remove-i}.
 */
final class LoraView {

  private final LoraListModel loras;

  LoraView(LoraListModel loras) {
    this.loras = loras;
  }

  Node build() {
    Button add = new Button("Add LoRA…", new FontIcon(MaterialDesignP.PLUS));
    add.setId("generate-lora-add");
    add.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
    add.setTooltip(new Tooltip("Add a kohya-format LoRA (.safetensors) for Stable Diffusion 1.x"));
    add.setOnAction(e -> chooseFile(add));
    add.disableProperty().bind(loras.availableProperty().not());
    HBox title = new HBox(sectionLabel("LoRAs"), spacer(), add);
    title.setAlignment(Pos.CENTER_LEFT);

    Label reason = note("generate-lora-reason", MaterialDesignI.INFORMATION_OUTLINE);
    reason.textProperty().bind(loras.unavailableText());
    showWhen(reason, loras.unavailableText().isNotEmpty());

    Label reading = new Label("Reading the LoRA…");
    reading.setId("generate-lora-reading");
    reading.getStyleClass().add("generate-lora-hint");
    showWhen(reading, loras.readingProperty().greaterThan(0));

    Label none = new Label("None: the model's own weights.");
    none.getStyleClass().add("generate-lora-hint");
    showWhen(
        none,
        Bindings.isEmpty(loras.entries())
            .and(loras.readingProperty().isEqualTo(0))
            .and(loras.availableProperty()));

    VBox rows = new VBox(4);
    rows.disableProperty().bind(loras.availableProperty().not());
    Runnable refill = () -> rows.getChildren().setAll(rows(loras.entries()));
    loras.entries().addListener((ListChangeListener<LoraListModel.Entry>) c -> refill.run());
    refill.run();

    Label notice = note("generate-lora-notice", MaterialDesignA.ALERT_OUTLINE);
    notice.textProperty().bind(loras.noticeProperty());
    showWhen(notice, loras.noticeProperty().isNotEmpty());

    VBox section = new VBox(6, title, reason, none, rows, reading, notice);
    section.setId("generate-loras");
    section.getStyleClass().add("generate-loras");
    return section;
  }

  private static Label note(String id, org.kordamp.ikonli.Ikon icon) {
    Label label = new Label();
    label.setId(id);
    label.getStyleClass().add("generate-lora-hint");
    label.setWrapText(true);
    label.setMinHeight(Label.USE_PREF_SIZE);
    label.setGraphic(new FontIcon(icon));
    return label;
  }

  private List<Node> rows(List<LoraListModel.Entry> entries) {
    return java.util.stream.IntStream.range(0, entries.size())
        .mapToObj(i -> row(i, entries.get(i)))
        .toList();
  }

  /** A LoRA: name, weight slider and value, remove. */
  private Node row(int i, LoraListModel.Entry entry) {
    Label name = new Label(entry.name());
    name.setId("generate-lora-name-" + i);
    name.getStyleClass().add("generate-lora-name");
    name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
    name.setMinWidth(0);
    name.setMaxWidth(Double.MAX_VALUE);
    name.setTooltip(
        new Tooltip(
            entry.file()
                + "\nSHA-256 "
                + entry.sha256()
                + "\n"
                + entry.modules()
                + " module"
                + (entry.modules() == 1 ? "" : "s")));
    HBox.setHgrow(name, Priority.ALWAYS);
    Button remove = iconButton(MaterialDesignC.CLOSE, "Remove " + entry.name());
    remove.setId("generate-lora-remove-" + i);
    remove.setOnAction(e -> loras.remove(entry));
    HBox top = new HBox(6, new FontIcon(MaterialDesignP.PUZZLE_OUTLINE), name, remove);
    top.setAlignment(Pos.CENTER_LEFT);

    Slider weight =
        new Slider(
            LoraListModel.MIN_WEIGHT, LoraListModel.MAX_WEIGHT, entry.weightProperty().get());
    weight.setId("generate-lora-weight-" + i);
    weight.setBlockIncrement(0.05);
    weight.setMajorTickUnit(0.05);
    weight.setMinorTickCount(0);
    weight.setSnapToTicks(true);
    weight.valueProperty().bindBidirectional(entry.weightProperty());
    weight.setTooltip(
        new Tooltip(
            "How strongly the LoRA is merged: 1 as trained, 0 not at all, below 0 against"));
    HBox.setHgrow(weight, Priority.ALWAYS);
    Label value = new Label();
    value.setId("generate-lora-weight-value-" + i);
    value.getStyleClass().add("generate-start-strength-value");
    value.textProperty().bind(entry.weightText());
    value.setMinWidth(Label.USE_PREF_SIZE);
    Label label = new Label("Weight");
    label.getStyleClass().add("generate-field-label");
    HBox bottom = new HBox(8, label, weight, value);
    bottom.setAlignment(Pos.CENTER_LEFT);

    VBox row = new VBox(2, top, bottom);
    row.getStyleClass().add("generate-lora-row");
    return row;
  }

  private void chooseFile(Node owner) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Add LoRA");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("LoRA (.safetensors)", "*.safetensors"));
    File dir =
        !loras.entries().isEmpty()
            ? loras.entries().getLast().file().getParent().toFile()
            : loras.folder() != null ? loras.folder().toFile() : null;
    if (dir != null && dir.isDirectory()) {
      chooser.setInitialDirectory(dir);
    }
    List<File> files =
        chooser.showOpenMultipleDialog(
            owner.getScene() == null ? null : owner.getScene().getWindow());
    if (files != null) {
      files.forEach(f -> loras.add(f.toPath()));
    }
  }
}
