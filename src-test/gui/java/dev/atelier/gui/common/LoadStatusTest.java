package dev.atelier.gui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one way a screen says where its list stands and why loading failed. */
class LoadStatusTest {

  @Test
  void startsLoadingThenIsEmptyOrReadyByTheRows() {
    LoadStatus status = new LoadStatus("the networks");
    assertThat(status.stateProperty().get()).isEqualTo(LoadState.LOADING);

    status.loaded(0);
    assertThat(status.stateProperty().get()).isEqualTo(LoadState.EMPTY);
    status.loaded(3_000_000_000L);
    assertThat(status.stateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(status.errorProperty().get()).isEmpty();
  }

  @Test
  void aFailureSaysWhatCouldNotBeReadAndWhyInWords() {
    LoadStatus status = new LoadStatus("the catalog");
    status.failed(new UncheckedIOException(new IOException("disk unplugged")));

    assertThat(status.stateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(status.errorProperty().get())
        .isEqualTo("Could not read the catalog: disk unplugged");

    status.loaded(2);
    assertThat(status.errorProperty().get()).as("a later load clears it").isEmpty();
    status.partFailed(new IOException("page 3"));
    assertThat(status.stateProperty().get()).as("what is shown stays").isEqualTo(LoadState.READY);
    assertThat(status.errorProperty().get()).isEqualTo("Could not read the catalog: page 3");
  }

  @Test
  void resetGoesBackToLoadingWithoutTheOldError() {
    LoadStatus status = new LoadStatus("the chosen model");
    status.failed(new IOException("file changed"));
    status.reset();
    assertThat(status.stateProperty().get()).isEqualTo(LoadState.LOADING);
    assertThat(status.errorProperty().get()).isEmpty();
  }

  @Test
  void latestOnScreenShowsTheNewestValueOnceAndNeverQueuesOldOnes() {
    List<Runnable> screen = new ArrayList<>();
    List<Integer> shown = new ArrayList<>();
    LatestOnScreen<Integer> relay = new LatestOnScreen<>(screen::add, shown::add);
    relay.post(1);
    relay.post(2);
    relay.post(3);
    assertThat(screen).as("one update waits, not three").hasSize(1);
    screen.removeFirst().run();
    assertThat(shown).containsExactly(3);
    relay.post(4);
    screen.removeFirst().run();
    assertThat(shown).containsExactly(3, 4);
  }

  @Test
  void noJavaClassNameReachesTheWords() {
    assertThat(Notices.message(new RuntimeException(new java.net.ConnectException())))
        .isEqualTo("connection refused")
        .doesNotContain("Exception");
    assertThat(Notices.message(new RuntimeException(new IllegalStateException("node gone"))))
        .isEqualTo("node gone");
    assertThat(Notices.message(new IllegalStateException("outer words", new IOException("x"))))
        .isEqualTo("outer words");
  }
}
