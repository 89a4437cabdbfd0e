package dev.atelier.gui.catalog;

import dev.atelier.Studio;
import dev.atelier.catalog.AssetBrowser;
import dev.atelier.catalog.AssetQuery;
import dev.atelier.catalog.AssetSummary;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.content.AssetExport;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.shell.ScreenModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Catalog screen: every image on this computer, newest first, searched and filtered in the
 * catalog ({@link AssetBrowser}) and fetched a page at a time as the grid scrolls, so ten thousand
 * images cost what the visible ones cost. The grid's selection is the studio's {@link
 * AssetSelection}. Used on the JavaFX thread; catalog and file work runs on the {@link
 * BackgroundRunner}.
 */
public final class CatalogViewModel implements ScreenModel {

  /** Images fetched per query. */
  static final int PAGE = 240;

  /** Thumbnails are decoded to this size, and this many are kept. */
  private static final int THUMBNAIL_SIZE = 164;

  private static final int THUMBNAIL_CACHE = 400;

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

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

  private final Studio studio;
  private final AssetBrowser browser;
  private final BackgroundRunner runner;
  private final AssetSelection selection;
  private final Notices notices;
  private final FileLocations files;
  private final ZoneId zone;
  private final Clock clock;
  private final Thumbnails thumbnails;

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

  private final LoadStatus loadStatus = new LoadStatus("the catalog");
  private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(this, "total");
  private final ReadOnlyLongWrapper catalogSize = new ReadOnlyLongWrapper(this, "catalogSize", -1);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyIntegerWrapper pagesLoaded =
      new ReadOnlyIntegerWrapper(this, "pagesLoaded");
  private final IntegerProperty focusIndex = new SimpleIntegerProperty(this, "focusIndex", -1);

  private final Map<Integer, List<AssetSummary>> pages = new HashMap<>();
  private final Set<Integer> pagesRequested = new HashSet<>();
  private final Set<Long> selectedIds = new LinkedHashSet<>();
  private AssetQuery query = AssetQuery.ALL;
  private AssetQuery requested;
  private long queryNumber;
  private int anchorIndex = -1;
  private boolean writingSelection;

  public CatalogViewModel(
      Studio studio, BackgroundRunner runner, AssetSelection selection, Notices notices) {
    this(
        studio,
        runner,
        selection,
        notices,
        FileLocations.desktop(),
        ZoneId.systemDefault(),
        Clock.systemUTC());
  }

  /**
   * @param files shows files in the system's file manager
   * @param zone time zone dates are shown and filtered in
   * @param clock gives "today" for the date filter
   */
  public CatalogViewModel(
      Studio studio,
      BackgroundRunner runner,
      AssetSelection selection,
      Notices notices,
      FileLocations files,
      ZoneId zone,
      Clock clock) {
    this.studio = Objects.requireNonNull(studio);
    this.browser = new AssetBrowser(studio.catalog());
    this.runner = Objects.requireNonNull(runner);
    this.selection = Objects.requireNonNull(selection);
    this.notices = Objects.requireNonNull(notices);
    this.files = Objects.requireNonNull(files);
    this.zone = Objects.requireNonNull(zone);
    this.clock = Objects.requireNonNull(clock);
    this.thumbnails = new Thumbnails(runner, THUMBNAIL_SIZE, THUMBNAIL_CACHE);
    model.addListener((obs, old, now) -> reloadIfChanged());
    license.addListener((obs, old, now) -> reloadIfChanged());
    status.addListener((obs, old, now) -> reloadIfChanged());
    period.addListener((obs, old, now) -> reloadIfChanged());
    searchText.addListener((obs, old, now) -> reloadIfChanged());
    selection.revisionProperty().addListener((obs, old, now) -> reload());
    selection
        .selected()
        .subscribe(
            () -> {
              if (!writingSelection) {
                selectedIds.clear();
                selectedIds.addAll(selection.selected());
                pagesLoaded.set(pagesLoaded.get() + 1);
              }
            });
  }

  @Override
  public void activate() {
    runner.run(
        () -> new Filters(studio.catalog().models().list(), studio.catalog().licenses().list()),
        this::showFilters,
        failure -> {});
    reload();
  }

  private record Filters(List<ModelEntry> models, List<License> licenses) {}

  private void showFilters(Filters f) {
    List<Choice> modelChoices = new ArrayList<>();
    modelChoices.add(new Choice(null, "All models"));
    f.models().forEach(m -> modelChoices.add(new Choice(m.id(), m.name() + " " + m.version())));
    List<Choice> licenseChoices = new ArrayList<>();
    licenseChoices.add(new Choice(null, "Any license"));
    f.licenses().forEach(l -> licenseChoices.add(new Choice(l.id(), licenseLabel(l.id()))));
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

  /** Filters changed: runs the query unless it asks what the last one asked ("All" for null). */
  private void reloadIfChanged() {
    if (!query().equals(requested)) {
      reload();
    }
  }

  /** Runs the query again from the first page; what is shown stays until the answer arrives. */
  public void reload() {
    AssetQuery q = query();
    requested = q;
    long number = ++queryNumber;
    runner.run(
        () -> new Loaded(browser.search(q, 0, PAGE), browser.count(AssetQuery.ALL)),
        loaded -> {
          if (number != queryNumber) {
            return;
          }
          query = q;
          pages.clear();
          pagesRequested.clear();
          pages.put(0, loaded.page().items());
          pagesRequested.add(0);
          catalogSize.set(loaded.all());
          total.set(loaded.page().total());
          summary.set(describe(loaded.page().total(), loaded.all()));
          if (focusIndex.get() >= total.get()) {
            focusIndex.set(-1);
          }
          loadStatus.loaded(loaded.page().total());
          pagesLoaded.set(pagesLoaded.get() + 1);
        },
        failure -> {
          if (number != queryNumber) {
            return;
          }
          loadStatus.failed(failure);
        });
  }

  private record Loaded(AssetBrowser.Page page, long all) {}

  /** The query the filters make now. */
  AssetQuery query() {
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

  /**
   * The image at {@code index} (0-based, newest first), or null while its page is on its way: the
   * page is asked for, and {@link #pagesLoadedProperty()} ticks when it arrives.
   */
  public AssetSummary itemAt(int index) {
    if (index < 0 || index >= total.get()) {
      return null;
    }
    int page = index / PAGE;
    List<AssetSummary> items = pages.get(page);
    if (items != null) {
      return index % PAGE < items.size() ? items.get(index % PAGE) : null;
    }
    if (pagesRequested.add(page)) {
      AssetQuery q = query;
      long number = queryNumber;
      runner.run(
          () -> browser.search(q, page * PAGE, PAGE).items(),
          loaded -> {
            if (number == queryNumber) {
              pages.put(page, loaded);
              pagesLoaded.set(pagesLoaded.get() + 1);
            }
          },
          failure -> {
            pagesRequested.remove(page);
            loadStatus.partFailed(failure);
          });
      // A runner on the same thread (tests) has it already.
      items = pages.get(page);
      if (items != null && index % PAGE < items.size()) {
        return items.get(index % PAGE);
      }
    }
    return null;
  }

  public boolean isSelected(long assetId) {
    return selectedIds.contains(assetId);
  }

  /**
   * A click on the tile at {@code index}: alone it selects just that image; with {@code toggle}
   * (Ctrl/Cmd) it adds or removes it; with {@code range} (Shift) it selects from the last clicked
   * image to this one.
   */
  public void click(int index, boolean toggle, boolean range) {
    if (index < 0 || index >= total.get()) {
      return;
    }
    focusIndex.set(index);
    if (range && anchorIndex >= 0) {
      selectRange(anchorIndex, index, toggle);
      return;
    }
    AssetSummary item = itemAt(index);
    if (item != null) {
      clickId(index, item.id(), toggle);
      return;
    }
    // Far from anything loaded (End, Page Down): ask for the id alone.
    AssetQuery q = query;
    long number = queryNumber;
    runner.run(
        () -> browser.ids(q, index, 1),
        ids -> {
          if (number == queryNumber && !ids.isEmpty()) {
            clickId(index, ids.getFirst(), toggle);
          }
        },
        failure -> notices.error("Could not select the image", failure));
  }

  private void clickId(int index, long id, boolean toggle) {
    if (toggle) {
      if (!selectedIds.remove(id)) {
        selectedIds.add(id);
      }
    } else {
      selectedIds.clear();
      selectedIds.add(id);
    }
    anchorIndex = index;
    publishSelection();
  }

  /** Selects the image at {@code index} unless it is already among the selected (context menu). */
  public void ensureSelected(int index) {
    AssetSummary item = itemAt(index);
    if (item != null && !selectedIds.contains(item.id())) {
      click(index, false, false);
    }
  }

  /**
   * Moves the keyboard focus by {@code delta} tiles (clamped to the grid) and selects there; with
   * {@code range} the selection grows from the anchor instead.
   */
  public void moveFocus(int delta, boolean range) {
    if (total.get() == 0) {
      return;
    }
    int from = focusIndex.get() < 0 ? 0 : focusIndex.get();
    int to =
        focusIndex.get() < 0
            ? 0
            : (int) Math.max(0, Math.min(total.get() - 1, (long) from + delta));
    click(to, false, range);
  }

  /** Selects every image the filters show. */
  public void selectAll() {
    AssetQuery q = query;
    long number = queryNumber;
    int count = (int) Math.min(total.get(), Integer.MAX_VALUE);
    runner.run(
        () -> browser.ids(q, 0, count),
        ids -> {
          if (number == queryNumber) {
            selectedIds.clear();
            selectedIds.addAll(ids);
            publishSelection();
          }
        },
        failure -> notices.error("Could not select the images", failure));
  }

  private void selectRange(int anchor, int to, boolean add) {
    int from = Math.min(anchor, to);
    int count = Math.abs(to - anchor) + 1;
    AssetQuery q = query;
    long number = queryNumber;
    runner.run(
        () -> browser.ids(q, from, count),
        ids -> {
          if (number != queryNumber) {
            return;
          }
          if (!add) {
            selectedIds.clear();
          }
          selectedIds.addAll(ids);
          publishSelection();
        },
        failure -> notices.error("Could not select the images", failure));
  }

  private void publishSelection() {
    writingSelection = true;
    try {
      selection.select(List.copyOf(selectedIds));
    } finally {
      writingSelection = false;
    }
    pagesLoaded.set(pagesLoaded.get() + 1);
  }

  /** Opens the folder of the first selected image in the file manager. */
  public void openFileLocation() {
    List<Long> ids = List.copyOf(selectedIds);
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> {
          String path =
              studio.catalog().assets().find(ids.getFirst()).map(a -> a.filePath()).orElse(null);
          if (path == null || !Files.exists(Path.of(path))) {
            throw new IOException("The image file is missing" + (path == null ? "" : ": " + path));
          }
          files.reveal(Path.of(path));
          return path;
        },
        path -> {},
        failure -> notices.error("Could not open the file location", failure));
  }

  /** Copies the selected images' PNG files into {@code folder}, never over an existing file. */
  public void exportFiles(Path folder) {
    List<Long> ids = List.copyOf(selectedIds);
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> copy(ids, folder),
        copied -> {
          int missing = ids.size() - copied;
          if (copied > 0) {
            notices.info(
                "Exported " + images(copied),
                "Copied to " + folder + (missing > 0 ? "; " + missing + " had no file" : ""));
          } else {
            notices.error("Nothing was exported", "The selected images have no files on disk.");
          }
        },
        failure -> notices.error("Could not export the images", failure));
  }

  private int copy(List<Long> ids, Path folder) throws IOException {
    Files.createDirectories(folder);
    int copied = 0;
    for (long id : ids) {
      String path = studio.catalog().assets().find(id).map(a -> a.filePath()).orElse(null);
      if (path == null || !Files.isRegularFile(Path.of(path))) {
        continue;
      }
      Path source = Path.of(path);
      Files.copy(source, freeName(folder, source.getFileName().toString()));
      copied++;
    }
    return copied;
  }

  private static Path freeName(Path folder, String name) {
    Path target = folder.resolve(name);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; Files.exists(target); i++) {
      target = folder.resolve(stem + "-" + i + ext);
    }
    return target;
  }

  /** Writes the selected (signed) images and their token metadata to a CAR file. */
  public void exportCar(Path file) {
    List<Long> ids = List.copyOf(selectedIds);
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> new AssetExport(studio.catalog(), studio.licenses()).writeCar(ids, file).size(),
        written -> notices.info("Exported " + images(written) + " as a CAR file", file.toString()),
        failure -> notices.error("Could not write the CAR file", failure));
  }

  /** The grid's thumbnail cache. */
  Thumbnails thumbnails() {
    return thumbnails;
  }

  /** How many images are selected. */
  public int selectedCount() {
    return selectedIds.size();
  }

  // ---- Properties -------------------------------------------------------------------------

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

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return loadStatus.stateProperty();
  }

  /** How many images match the filters. */
  public ReadOnlyLongProperty totalProperty() {
    return total.getReadOnlyProperty();
  }

  /** How many images the catalog holds, -1 before the first load. */
  public ReadOnlyLongProperty catalogSizeProperty() {
    return catalogSize.getReadOnlyProperty();
  }

  /** The count line, e.g. "10,000 images" or "37 of 10,000 images". */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Why loading failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return loadStatus.errorProperty();
  }

  /** Ticks whenever shown data changed: a page arrived or the selection changed. */
  public ReadOnlyIntegerProperty pagesLoadedProperty() {
    return pagesLoaded.getReadOnlyProperty();
  }

  /** The tile with the keyboard focus, -1 for none. */
  public ReadOnlyIntegerProperty focusIndexProperty() {
    return focusIndex;
  }

  /** Clears the search words and every filter. */
  public void clearFilters() {
    searchText.set("");
    model.set(models.isEmpty() ? null : models.getFirst());
    license.set(licenses.isEmpty() ? null : licenses.getFirst());
    status.set(Status.ANY);
    period.set(Period.ANY);
  }

  /** A tile's tooltip: the prompt and the facts, in words. */
  public String describe(AssetSummary item) {
    StringBuilder out = new StringBuilder(item.prompt());
    out.append("\n\n").append(item.modelId()).append(" · seed ").append(item.seed());
    out.append(" · ").append(item.width()).append(" × ").append(item.height());
    out.append("\n").append(CREATED.format(item.createdAt().atZone(zone)));
    if (item.licenseId() != null) {
      out.append("\nSigned, ").append(item.licenseId());
    }
    if (item.minted()) {
      out.append("\nMinted as token ").append(item.tokenId());
    }
    return out.toString();
  }

  /** "LicenseRef-Atelier-Commercial-1.0" reads "Atelier Commercial 1.0"; SPDX ids stay. */
  static String licenseLabel(String id) {
    return id.startsWith("LicenseRef-")
        ? id.substring("LicenseRef-".length()).replace('-', ' ')
        : id;
  }

  static String describe(long matching, long all) {
    if (all <= 0) {
      return "";
    }
    return matching == all
        ? images(all)
        : String.format(Locale.ENGLISH, "%,d of %s", matching, images(all));
  }

  static String images(long n) {
    return n == 1 ? "1 image" : String.format(Locale.ENGLISH, "%,d images", n);
  }
}
