package dev.atelier.gui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.bench.CatalogBench;
import dev.atelier.catalog.AssetSummary;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.Notices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog screen's state, without a window: 1,000 synthetic images, work on the same thread.
 */
class CatalogViewModelTest {

  private static final int IMAGES = 1_000;

  /** Ten hours ahead of UTC: "today" starts at 14:00 UTC, at image 840. */
  private static final ZoneOffset ZONE = ZoneOffset.ofHours(10);

  @TempDir Path home;
  private Studio studio;
  private final AssetSelection selection = new AssetSelection();
  private final Notices notices = new Notices();
  private final List<Path> revealed = new ArrayList<>();
  private CatalogViewModel model;

  @BeforeEach
  void fill() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    CatalogBench.fill(studio.catalog(), IMAGES);
    // "Now" is one hour after the newest image.
    Clock clock =
        Clock.fixed(CatalogBench.created(IMAGES - 1).plus(Duration.ofHours(1)), ZoneOffset.UTC);
    model =
        new CatalogViewModel(
            studio, BackgroundRunner.sameThread(), selection, notices, revealed::add, ZONE, clock);
  }

  @AfterEach
  void close() {
    studio.close();
  }

  @Test
  void listsEveryImageNewestFirstAPageAtATime() {
    model.activate();

    assertThat(model.stateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(model.totalProperty().get()).isEqualTo(IMAGES);
    assertThat(model.summaryProperty().get()).isEqualTo("1,000 images");
    assertThat(model.itemAt(0).id()).isEqualTo(IMAGES);
    AssetSummary last = model.itemAt(IMAGES - 1);
    assertThat(last.id()).as("a later page, fetched when asked for").isEqualTo(1);
    assertThat(last.prompt()).isEqualTo(CatalogBench.prompt(0));
    assertThat(model.itemAt(IMAGES)).isNull();
    assertThat(model.filters().models())
        .extracting(CatalogFilters.Choice::value)
        .contains(null, "sd-turbo@1.0");
    assertThat(model.filters().licenses())
        .extracting(CatalogFilters.Choice::value)
        .contains(null, "CC-BY-4.0");
  }

  @Test
  void searchAndFiltersNarrowTheGridAndTheCountSaysSo() {
    model.activate();

    model.filters().searchTextProperty().set("lighthouse");
    long lighthouses = IntStream.range(0, IMAGES).filter(i -> i / 4 % 7 == 0 || i / 4 == 1).count();
    assertThat(model.totalProperty().get()).isEqualTo(lighthouses);
    assertThat(model.summaryProperty().get()).isEqualTo(lighthouses + " of 1,000 images");

    model.filters().statusProperty().set(CatalogFilters.Status.MINTED);
    long minted =
        IntStream.range(0, IMAGES)
            .filter(i -> (i / 4 % 7 == 0 || i / 4 == 1) && CatalogBench.minted(i))
            .count();
    assertThat(model.totalProperty().get()).isEqualTo(minted);
    assertThat(model.itemAt(0).minted()).isTrue();

    model.filters().licenseProperty().set(choice(model.filters().licenses(), "CC0-1.0"));
    assertThat(model.totalProperty().get()).as("minted images are all CC-BY here").isZero();
    assertThat(model.stateProperty().get()).isEqualTo(LoadState.EMPTY);

    model.filters().clear();
    model.filters().modelProperty().set(choice(model.filters().models(), "tide-pools@2"));
    assertThat(model.totalProperty().get())
        .isEqualTo(IntStream.range(0, IMAGES).filter(i -> i / 4 % 3 == 2).count());

    model.filters().clear();
    model.filters().periodProperty().set(CatalogFilters.Period.TODAY);
    assertThat(model.totalProperty().get()).isEqualTo(IMAGES - 840);
    assertThat(model.itemAt(IMAGES - 841).createdAt()).isEqualTo(CatalogBench.created(840));

    model.filters().clear();
    model.filters().searchTextProperty().set("\"quiet\" NOT (draft");
    assertThat(model.totalProperty().get()).isEqualTo(4);
  }

  @Test
  void clicksWriteTheSharedSelection() {
    model.activate();

    model.click(0, false, false);
    assertThat(selection.selected()).containsExactly(1000L);
    model.click(2, true, false);
    assertThat(selection.selected()).containsExactly(1000L, 998L);
    model.click(5, false, true);
    assertThat(selection.selected()).containsExactly(998L, 997L, 996L, 995L);
    model.click(3, true, false);
    assertThat(selection.selected()).containsExactly(998L, 996L, 995L);
    model.moveFocus(1, false);
    assertThat(selection.selected()).containsExactly(996L);
    model.moveFocus(10, true);
    assertThat(selection.selected()).hasSize(11).startsWith(996L).endsWith(986L);
    model.moveFocus(Integer.MAX_VALUE / 2, false);
    assertThat(selection.selected()).containsExactly(1L);
    assertThat(model.isSelected(1)).isTrue();

    selection.select(42L);
    assertThat(model.isSelected(42)).as("selected elsewhere (e.g. Keep)").isTrue();
    assertThat(model.isSelected(1)).isFalse();

    model.selectAll();
    assertThat(selection.selected()).hasSize(IMAGES);
  }

  @Test
  void reloadsWhenTheSelectedAssetsChange() {
    model.activate();
    studio
        .catalog()
        .database()
        .inTransaction(
            c -> c.createStatement().executeUpdate("UPDATE assets SET kept = 1 WHERE id = 999"));
    assertThat(model.itemAt(1).kept()).isFalse();

    selection.changed();

    assertThat(model.itemAt(1).kept()).isTrue();
  }

  @Test
  void opensTheFileLocationOrSaysWhyNot() throws Exception {
    model.activate();
    model.click(0, false, false);

    model.openFileLocation();
    assertThat(revealed).isEmpty();
    assertThat(notices.shown())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo(Notices.Kind.ERROR);
              assertThat(n.title()).isEqualTo("Could not open the file location");
              assertThat(n.detail()).startsWith("The image file is missing");
            });

    Path png = withFile(1000);
    model.openFileLocation();
    assertThat(revealed).containsExactly(png);

    CatalogViewModel noDesktop =
        new CatalogViewModel(
            studio,
            BackgroundRunner.sameThread(),
            selection,
            notices,
            file -> {
              throw new UnsupportedOperationException("This desktop cannot open folders");
            },
            ZoneOffset.UTC,
            Clock.systemUTC());
    noDesktop.activate();
    noDesktop.click(0, false, false);
    noDesktop.openFileLocation();
    assertThat(notices.shown().getLast().detail()).isEqualTo("This desktop cannot open folders");
  }

  @Test
  void exportCopiesTheSelectedFilesWithoutOverwriting() throws Exception {
    Path png = withFile(1000);
    withFile(999);
    model.activate();
    model.click(0, false, false);
    model.click(2, false, true); // 1000, 999, 998 (998 has no file)
    Path out = home.resolve("export");

    model.exportFiles(out);
    model.exportFiles(out);

    try (var listed = Files.list(out)) {
      assertThat(listed.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "asset-1000-2.png", "asset-1000.png", "asset-999-2.png", "asset-999.png");
    }
    assertThat(Files.readAllBytes(out.resolve("asset-1000.png")))
        .isEqualTo(Files.readAllBytes(png));
    assertThat(notices.shown().getLast().title()).isEqualTo("Exported 2 images");
    assertThat(notices.shown().getLast().detail()).endsWith("; 1 had no file");
  }

  @Test
  void aCarNeedsSignedImagesAndSaysSo() {
    model.activate();
    model.click(1, false, false); // id 999: not signed

    model.exportCar(home.resolve("out.car"));

    assertThat(notices.shown().getLast().kind()).isEqualTo(Notices.Kind.ERROR);
    assertThat(notices.shown().getLast().title()).isEqualTo("Could not write the CAR file");
    assertThat(Files.exists(home.resolve("out.car"))).isFalse();
  }

  @Test
  void anUnreadableCatalogIsReportedNotThrown() {
    studio.close();

    model.activate();

    assertThat(model.stateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(model.errorProperty().get()).startsWith("Could not read the catalog: ");
  }

  @Test
  void summaryCountsImages() {
    assertThat(CatalogViewModel.describe(0, 0)).isEmpty();
    assertThat(CatalogViewModel.describe(1, 1)).isEqualTo("1 image");
    assertThat(CatalogViewModel.describe(12, 10_000)).isEqualTo("12 of 10,000 images");
    assertThat(CatalogViewModel.describe(0, 3)).isEqualTo("0 of 3 images");
  }

  private Path withFile(long assetId) throws Exception {
    Path png = home.resolve("images").resolve("asset-" + assetId + ".png");
    Files.createDirectories(png.getParent());
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) assetId});
    studio.catalog().assets().keep(assetId, png.toString(), "0".repeat(64));
    return png;
  }

  private static CatalogFilters.Choice choice(List<CatalogFilters.Choice> choices, String value) {
    return choices.stream().filter(c -> value.equals(c.value())).findFirst().orElseThrow();
  }
}
