package dev.atelier.gui.catalog;

import dev.atelier.catalog.AssetQuery;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Catalog screen's search words and filters (model, license, status, period), the choices each
 * filter offers, and the {@link AssetQuery} they make together. Used on the JavaFX thread.
 */
public final class CatalogFilters {

  /** Which images, by what happened to them. */
  public enum Status {
    ANY("All images"),
    KEPT("Kept"),
    SIGNED("Signed"),
    UNSIGNED("Not signed"),
    MINTED("Minted"),
    NOT_MINTED("Not minted");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** When the images were made. */
  public enum Period {
    ANY("Any time"),
    TODAY("Today"),
    WEEK("Last 7 days"),
    MONTH("Last 30 days"),
    YEAR("Last 12 months");

    private final String label;

    Period(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** What a filter choice box lists: a value (null for "any") in words. */
  public record Choice(String value, String label) {
    @Override
    public String toString() {
      return label;
    }
  }

  private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
  private final ObjectProperty<Choice> model = new SimpleObjectProperty<>(this, "model", null);
  private final ObjectProperty<Choice> license = new SimpleObjectProperty<>(this, "license", null);
  private final ObjectProperty<Status> status =
      new SimpleObjectProperty<>(this, "status", Status.ANY);
  private final ObjectProperty<Period> period =
      new SimpleObjectProperty<>(this, "period", Period.ANY);
  private final ObservableList<Choice> models = FXCollections.observableArrayList();
  // One kept read-only view: listeners on a view made per call are lost when it is collected.
  private final ObservableList<Choice> modelsView =
      FXCollections.unmodifiableObservableList(models);
  private final ObservableList<Choice> licenses = FXCollections.observableArrayList();
  // One kept read-only view: listeners on a view made per call are lost when it is collected.
  private final ObservableList<Choice> licensesView =
      FXCollections.unmodifiableObservableList(licenses);

  /** Calls {@code changed} whenever the words or a filter change. */
  void onChange(Runnable changed) {
    model.addListener((obs, old, now) -> changed.run());
    license.addListener((obs, old, now) -> changed.run());
    status.addListener((obs, old, now) -> changed.run());
    period.addListener((obs, old, now) -> changed.run());
    searchText.addListener((obs, old, now) -> changed.run());
  }

  /** Shows these models and licenses as choices, keeping the chosen ones where still listed. */
  void show(List<ModelEntry> modelEntries, List<License> licenseEntries) {
    List<Choice> modelChoices = new ArrayList<>();
    modelChoices.add(new Choice(null, "All models"));
    modelEntries.forEach(m -> modelChoices.add(new Choice(m.id(), m.name() + " " + m.version())));
    List<Choice> licenseChoices = new ArrayList<>();
    licenseChoices.add(new Choice(null, "Any license"));
    licenseEntries.forEach(l -> licenseChoices.add(new Choice(l.id(), licenseLabel(l.id()))));
    Choice keptModel = keep(model.get(), modelChoices);
    Choice keptLicense = keep(license.get(), licenseChoices);
    if (!modelChoices.equals(models)) {
      models.setAll(modelChoices);
    }
    if (!licenseChoices.equals(licenses)) {
      licenses.setAll(licenseChoices);
    }
    model.set(keptModel);
    license.set(keptLicense);
  }

  private static Choice keep(Choice current, List<Choice> choices) {
    return choices.stream()
        .filter(c -> current != null && Objects.equals(c.value(), current.value()))
        .findFirst()
        .orElse(choices.getFirst());
  }

  /** The query the filters make now; dates in {@code zone}, "today" from {@code clock}. */
  AssetQuery query(Clock clock, ZoneId zone) {
    AssetQuery q =
        AssetQuery.ALL
            .withText(searchText.get())
            .withModel(model.get() == null ? null : model.get().value())
            .withLicense(license.get() == null ? null : license.get().value());
    q =
        switch (status.get()) {
          case ANY -> q;
          case KEPT -> q.withKept(true);
          case SIGNED -> q.withSigned(true);
          case UNSIGNED -> q.withSigned(false);
          case MINTED -> q.withMinted(true);
          case NOT_MINTED -> q.withMinted(false);
        };
    LocalDate today = LocalDate.now(clock.withZone(zone));
    LocalDate since =
        switch (period.get()) {
          case ANY -> null;
          case TODAY -> today;
          case WEEK -> today.minusDays(6);
          case MONTH -> today.minusDays(29);
          case YEAR -> today.minusYears(1).plusDays(1);
        };
    return since == null ? q : q.withDates(since.atStartOfDay(zone).toInstant(), null);
  }

  /** Clears the search words and every filter. */
  public void clear() {
    searchText.set("");
    model.set(models.isEmpty() ? null : models.getFirst());
    license.set(licenses.isEmpty() ? null : licenses.getFirst());
    status.set(Status.ANY);
    period.set(Period.ANY);
  }

  /** The search words, applied as they change (the view debounces typing). */
  public StringProperty searchTextProperty() {
    return searchText;
  }

  public ObjectProperty<Choice> modelProperty() {
    return model;
  }

  public ObjectProperty<Choice> licenseProperty() {
    return license;
  }

  public ObjectProperty<Status> statusProperty() {
    return status;
  }

  public ObjectProperty<Period> periodProperty() {
    return period;
  }

  /** "All models" and the installed models. */
  public ObservableList<Choice> models() {
    return modelsView;
  }

  /** "Any license" and the known licenses. */
  public ObservableList<Choice> licenses() {
    return licensesView;
  }

  /** "LicenseRef-Atelier-Commercial-1.0" reads "Atelier Commercial 1.0"; SPDX ids stay. */
  static String licenseLabel(String id) {
    return id.startsWith("LicenseRef-")
        ? id.substring("LicenseRef-".length()).replace('-', ' ')
        : id;
  }
}
