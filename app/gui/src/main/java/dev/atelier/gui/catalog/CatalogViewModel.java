package dev.atelier.gui.catalog;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.shell.ScreenModel;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Catalog screen: the most recent generations, newest first, reloaded on every visit. */
public final class CatalogViewModel implements ScreenModel {

  /** At most this many rows are listed. */
  static final int LIMIT = 500;

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final Catalog catalog;
  private final BackgroundRunner runner;
  private final ZoneId zone;
  private final ObservableList<CatalogRow> rows = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<LoadState> state =
      new ReadOnlyObjectWrapper<>(this, "state", LoadState.LOADING);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

  /**
   * @param zone time zone the creation times are shown in
   */
  public CatalogViewModel(Catalog catalog, BackgroundRunner runner, ZoneId zone) {
    this.catalog = catalog;
    this.runner = runner;
    this.zone = zone;
  }

  /** Shows creation times in the system time zone. */
  public CatalogViewModel(Catalog catalog, BackgroundRunner runner) {
    this(catalog, runner, ZoneId.systemDefault());
  }

  private record Page(List<Generation> recent, long total) {}

  @Override
  public void activate() {
    runner.run(
        () -> new Page(catalog.generations().recent(LIMIT), catalog.generations().count()),
        page -> {
          rows.setAll(page.recent().stream().map(this::row).toList());
          summary.set(describe(page.recent().size(), page.total()));
          error.set("");
          state.set(LoadState.of(rows.size()));
        },
        failure -> {
          error.set("Could not read the catalog: " + failure.getMessage());
          state.set(LoadState.FAILED);
        });
  }

  public ObservableList<CatalogRow> rows() {
    return FXCollections.unmodifiableObservableList(rows);
  }

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** How many generations there are, e.g. "3 generations". */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Why loading failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  private CatalogRow row(Generation g) {
    return new CatalogRow(
        g.id(),
        g.prompt(),
        g.modelId(),
        g.width() + " × " + g.height(),
        Long.toString(g.seed()),
        status(g.status()),
        CREATED.format(g.createdAt().atZone(zone)));
  }

  private static String status(Generation.Status status) {
    return switch (status) {
      case RUNNING -> "Running";
      case DONE -> "Done";
      case CANCELLED -> "Cancelled";
      case FAILED -> "Failed";
    };
  }

  static String describe(int shown, long total) {
    if (total == 0) {
      return "";
    }
    String count = total == 1 ? "1 generation" : total + " generations";
    return shown < total ? count + ", newest " + shown + " shown" : count;
  }
}
