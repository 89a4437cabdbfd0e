package dev.atelier.gui.catalog;

import dev.atelier.Studio;
import dev.atelier.catalog.AssetBrowser;
import dev.atelier.catalog.AssetQuery;
import dev.atelier.catalog.AssetSummary;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.shell.ScreenModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

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

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

  private final Studio studio;
  private final AssetBrowser browser;
  private final BackgroundRunner runner;
  private final AssetSelection selection;
  private final Notices notices;
  private final CatalogFilters filters = new CatalogFilters();
  private final CatalogExport export;
  private final ZoneId zone;
  private final Clock clock;
  private final Thumbnails thumbnails;

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
    Objects.requireNonNull(files);
    this.zone = Objects.requireNonNull(zone);
    this.clock = Objects.requireNonNull(clock);
    this.thumbnails = new Thumbnails(runner, THUMBNAIL_SIZE, THUMBNAIL_CACHE);
    this.export = new CatalogExport(studio, runner, notices, files);
    filters.onChange(this::reloadIfChanged);
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
        () -> new Choices(studio.catalog().models().list(), studio.catalog().licenses().list()),
        choices -> filters.show(choices.models(), choices.licenses()),
        failure -> {});
    reload();
  }

  private record Choices(List<ModelEntry> models, List<License> licenses) {}

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
    export.openFileLocation(List.copyOf(selectedIds));
  }

  /** Copies the selected images' PNG files into {@code folder}, never over an existing file. */
  public void exportFiles(Path folder) {
    export.exportFiles(List.copyOf(selectedIds), folder);
  }

  /** Writes the selected (signed) images and their token metadata to a CAR file. */
  public void exportCar(Path file) {
    export.exportCar(List.copyOf(selectedIds), file);
  }

  /** The query the filters make now. */
  AssetQuery query() {
    return filters.query(clock, zone);
  }

  /** The search words and filters. */
  public CatalogFilters filters() {
    return filters;
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
