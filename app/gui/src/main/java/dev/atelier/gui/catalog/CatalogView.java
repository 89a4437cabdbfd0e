package dev.atelier.gui.catalog;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.common.RoundedClip;
import dev.atelier.gui.common.ScreenHeader;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * The Catalog screen: a table of recent generations, or an empty state. Node ids: {@code
 * catalog-table}, {@code catalog-empty}, {@code catalog-summary}.
 */
public final class CatalogView {

  /** Matches the corner radius atelier.css gives lists. */
  private static final double LIST_RADIUS = 12;

  private final VBox root;

  public CatalogView(CatalogViewModel model) {
    TableView<CatalogRow> table = new TableView<>(model.rows());
    table.setId("catalog-table");
    table.getStyleClass().addAll(Styles.STRIPED, "catalog-table");
    RoundedClip.apply(table, LIST_RADIUS);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table
        .getColumns()
        .addAll(
            List.of(
                column("#", CatalogRow::id, 60),
                column("Prompt", CatalogRow::prompt, 380),
                column("Model", CatalogRow::model, 180),
                column("Size", CatalogRow::size, 110),
                column("Seed", CatalogRow::seed, 120),
                column("Status", CatalogRow::status, 100),
                column("Created", CatalogRow::created, 150)));

    EmptyState empty =
        new EmptyState(
            MaterialDesignI.IMAGE_MULTIPLE_OUTLINE,
            "No images yet",
            "Every image you generate will be listed here with its prompt, model and seed.");
    empty.setId("catalog-empty");

    Label summary = new Label();
    summary.setId("catalog-summary");
    summary.getStyleClass().add("screen-summary");
    summary.textProperty().bind(model.summaryProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header =
        new HBox(
            new ScreenHeader("Catalog", "Every generation on this computer, newest first."),
            spacer,
            summary);
    header.getStyleClass().add("screen-header-row");

    LoadStatePane content =
        new LoadStatePane(model.stateProperty(), table, empty, model.errorProperty());
    VBox.setVgrow(content, Priority.ALWAYS);
    root = new VBox(header, content);
    root.getStyleClass().add("screen");
  }

  public Parent root() {
    return root;
  }

  private static <T> TableColumn<CatalogRow, T> column(
      String title, Function<CatalogRow, T> value, double width) {
    TableColumn<CatalogRow, T> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    column.setPrefWidth(width);
    return column;
  }
}
