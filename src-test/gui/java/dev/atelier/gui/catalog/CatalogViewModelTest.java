package dev.atelier.gui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogViewModelTest {

  @TempDir Path home;

  @Test
  void rowsAreNewestFirstAndInWords() {
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      long first = Fixtures.addGeneration(studio.catalog(), "first").id();
      long second = Fixtures.addGeneration(studio.catalog(), "second").id();
      CatalogViewModel model =
          new CatalogViewModel(studio.catalog(), BackgroundRunner.sameThread(), ZoneOffset.UTC);

      model.activate();

      assertThat(model.rows())
          .containsExactly(
              new CatalogRow(
                  second,
                  "second",
                  Fixtures.MODEL_ID,
                  "768 × 512",
                  "42",
                  "Done",
                  "2026-11-20 10:15"),
              new CatalogRow(
                  first,
                  "first",
                  Fixtures.MODEL_ID,
                  "768 × 512",
                  "42",
                  "Done",
                  "2026-11-20 10:15"));
      assertThat(model.summaryProperty().get()).isEqualTo("2 generations");
    }
  }

  @Test
  void anUnreadableCatalogIsReportedNotThrown() {
    Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    CatalogViewModel model = new CatalogViewModel(studio.catalog(), BackgroundRunner.sameThread());
    studio.close();

    model.activate();

    assertThat(model.stateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(model.errorProperty().get()).startsWith("Could not read the catalog: ");
  }

  @Test
  void summarySaysWhenOnlyTheNewestAreShown() {
    assertThat(CatalogViewModel.describe(0, 0)).isEmpty();
    assertThat(CatalogViewModel.describe(1, 1)).isEqualTo("1 generation");
    assertThat(CatalogViewModel.describe(500, 1200))
        .isEqualTo("1200 generations, newest 500 shown");
  }
}
