package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.iconButton;
import static dev.atelier.gui.generate.ViewParts.sectionLabel;
import static dev.atelier.gui.generate.ViewParts.shorten;
import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * The queue on the Generate screen ({@link GenerationQueueModel}): what runs now, then each waiting
 * generation with its prompt, size, steps, sampler and variants, and buttons to move it up or down
 * or remove it. With a waiting generation selected, Alt+Up and Alt+Down move it and Delete removes
 * it. "Run queue" lets a queue brought back from last time run; "Clear" empties it.
 *
 * <p>Node ids: {@code generate-queue} (the panel, shown while anything waits), {@code
 * generate-queue-title}, {@code generate-queue-running}, {@code generate-queue-notice}, {@code
 * generate-queue-run}, {@code generate-queue-clear}, {@code generate-queue-list}; per waiting
 * generation {@code i} from 0: {@code generate-queue-prompt-i}, {@code generate-queue-detail-i},
 * {@code generate-queue-up-i}, {@code generate-queue-down-i}, {@code generate-queue-remove-i}.
 */
final class QueueView {

  private final GenerateViewModel model;
  private final GenerationQueueModel queue;
  private final ListView<QueuedGeneration> list = new ListView<>();

  QueueView(GenerateViewModel model) {
    this.model = model;
    this.queue = model.queue();
  }

  /** Whether the panel is shown: something waits, or there is news of the last session. */
  BooleanBinding shown() {
    return Bindings.isNotEmpty(queue.waiting()).or(queue.noticeProperty().isNotEmpty());
  }

  Node build() {
    Label title = sectionLabel("Queue");
    title.setId("generate-queue-title");
    title.textProperty().bind(queue.titleProperty());
    Button run = new Button("Run queue", new FontIcon(MaterialDesignP.PLAY));
    run.setId("generate-queue-run");
    run.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
    run.setTooltip(new Tooltip("Run the waiting generations, one after the other"));
    run.setOnAction(e -> model.runQueue());
    showWhen(run, queue.pausedProperty().and(Bindings.isNotEmpty(queue.waiting())));
    Button clear = new Button("Clear");
    clear.setId("generate-queue-clear");
    clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    clear.setTooltip(new Tooltip("Take every waiting generation out (the running one goes on)"));
    clear.setOnAction(e -> queue.clear());
    HBox header = new HBox(6, title, spacer(), run, clear);
    header.setAlignment(Pos.CENTER_LEFT);

    Label now = new Label();
    now.setId("generate-queue-running");
    now.getStyleClass().add("generate-queue-running");
    now.setGraphic(new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
    now.setMinWidth(0);
    now.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  QueuedGeneration r = queue.runningProperty().get();
                  return r == null ? "" : "Now: " + shorten(r.request().prompt(), 60);
                },
                queue.runningProperty()));
    showWhen(now, queue.runningProperty().isNotNull());

    Label notice = new Label();
    notice.setId("generate-queue-notice");
    notice.getStyleClass().add("generate-queue-notice");
    notice.setWrapText(true);
    notice.setMinHeight(Label.USE_PREF_SIZE);
    notice.setGraphic(new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
    notice.textProperty().bind(queue.noticeProperty());
    showWhen(notice, queue.noticeProperty().isNotEmpty());

    list.setId("generate-queue-list");
    list.getStyleClass().add("generate-queue-list");
    list.setItems(queue.waiting());
    list.setCellFactory(v -> new Row());
    list.setPlaceholder(new Label("Nothing waits."));
    list.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    // Positions and the first and last rows' buttons change with the list.
    queue.waiting().addListener((ListChangeListener<QueuedGeneration>) c -> list.refresh());
    VBox.setVgrow(list, Priority.ALWAYS);

    VBox panel = new VBox(8, header, now, notice, list);
    panel.setId("generate-queue");
    panel.getStyleClass().add("generate-queue");
    showWhen(panel, shown());
    VBox.setVgrow(panel, Priority.ALWAYS);
    return panel;
  }

  /** Alt+Up / Alt+Down move the selected generation, Delete removes it. */
  private void onKey(KeyEvent e) {
    QueuedGeneration selected = list.getSelectionModel().getSelectedItem();
    if (selected == null) {
      return;
    }
    if (e.isAltDown() && (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN)) {
      move(selected, e.getCode() == KeyCode.UP ? -1 : 1);
      e.consume();
    } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
      int at = list.getSelectionModel().getSelectedIndex();
      queue.remove(selected);
      if (!queue.waiting().isEmpty()) {
        list.getSelectionModel().select(Math.min(at, queue.waiting().size() - 1));
      }
      e.consume();
    }
  }

  private void move(QueuedGeneration entry, int by) {
    boolean moved = by < 0 ? queue.moveUp(entry) : queue.moveDown(entry);
    if (moved) {
      list.getSelectionModel().select(entry);
      list.getFocusModel().focus(list.getSelectionModel().getSelectedIndex());
    }
  }

  /** A waiting generation: its prompt and settings, up, down and remove. */
  private final class Row extends ListCell<QueuedGeneration> {
    private final Label position = new Label();
    private final Label prompt = new Label();
    private final Label detail = new Label();
    private final Button up = iconButton(MaterialDesignC.CHEVRON_UP, "Earlier (Alt+Up)");
    private final Button down = iconButton(MaterialDesignC.CHEVRON_DOWN, "Later (Alt+Down)");
    private final Button remove = iconButton(MaterialDesignC.CLOSE, "Remove (Delete)");
    private final VBox box;

    Row() {
      position.getStyleClass().add("generate-queue-position");
      position.setMinWidth(Label.USE_PREF_SIZE);
      prompt.getStyleClass().add("generate-queue-prompt");
      prompt.setMinWidth(0);
      prompt.setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(prompt, Priority.ALWAYS);
      detail.getStyleClass().add("generate-queue-detail");
      detail.setWrapText(true);
      detail.setMinHeight(Label.USE_PREF_SIZE);
      detail.setMaxWidth(Double.MAX_VALUE);
      for (Button b : new Button[] {up, down, remove}) {
        b.getStyleClass().addAll(Styles.SMALL, "generate-queue-button");
        b.setFocusTraversable(false);
      }
      up.setOnAction(e -> move(getItem(), -1));
      down.setOnAction(e -> move(getItem(), 1));
      remove.setOnAction(e -> queue.remove(getItem()));
      HBox top = new HBox(4, position, prompt, up, down, remove);
      top.setAlignment(Pos.CENTER_LEFT);
      box = new VBox(0, top, detail);
      // Wrapped lines need a width: the list's, less the cell's padding and a scroll bar.
      box.prefWidthProperty().bind(list.widthProperty().subtract(24));
      box.setMaxWidth(Region.USE_PREF_SIZE);
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(QueuedGeneration item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      if (empty || item == null) {
        setGraphic(null);
        return;
      }
      int i = getIndex();
      position.setText((i + 1) + ".");
      prompt.setText(shorten(item.request().prompt(), 80));
      prompt.setId("generate-queue-prompt-" + i);
      detail.setText(detailText(item));
      detail.setId("generate-queue-detail-" + i);
      up.setId("generate-queue-up-" + i);
      down.setId("generate-queue-down-" + i);
      remove.setId("generate-queue-remove-" + i);
      up.setDisable(i == 0);
      down.setDisable(i == getListView().getItems().size() - 1);
      setTooltip(new Tooltip(item.request().prompt()));
      setGraphic(box);
    }
  }

  /** "32×32 · 3 steps · DPM++ 2M Karras · 1 variant · atelier-tiny@3". */
  static String detailText(QueuedGeneration item) {
    return item.sizeText()
        + " · "
        + new ViewParts.SamplerNames().toString(item.request().sampler())
        + " · "
        + item.variantsText()
        + " · "
        + item.model().id();
  }
}
