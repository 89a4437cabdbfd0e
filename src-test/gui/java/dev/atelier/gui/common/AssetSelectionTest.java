package dev.atelier.gui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared selection, as its readers use it. */
class AssetSelectionTest {

  @Test
  void listenersKeepHearingChangesAfterGarbageCollection() {
    AssetSelection selection = new AssetSelection();
    List<List<Long>> heard = new ArrayList<>();
    selection.selected().subscribe(() -> heard.add(List.copyOf(selection.selected())));
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    selection.select(List.of(3L, 4L, 3L));
    selection.select(List.of(3L, 4L));
    selection.clear();

    assertThat(heard).containsExactly(List.of(3L, 4L), List.of());
  }

  @Test
  void changedCountsEveryCall() {
    AssetSelection selection = new AssetSelection();
    List<Long> revisions = new ArrayList<>();
    selection.revisionProperty().subscribe(r -> revisions.add(r.longValue()));

    selection.changed();
    selection.changed();

    assertThat(revisions).containsExactly(0L, 1L, 2L);
  }
}
