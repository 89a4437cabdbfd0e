package dev.atelier.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final List<String> events = new ArrayList<>();

  private AutoCloseable component(String name) {
    events.add("start " + name);
    return () -> events.add("stop " + name);
  }

  @Test
  void startsInOrderAndStopsInReverse() {
    try (Lifecycle l = new Lifecycle()) {
      l.start("a", () -> component("a"));
      l.start("b", () -> component("b"));
      l.start("c", () -> component("c"));
      assertThat(l.running()).containsExactly("a", "b", "c");
    }
    assertThat(events)
        .containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
  }

  @Test
  void failedStartStopsWhatStartedAndNamesTheComponent() {
    Lifecycle l = new Lifecycle();
    l.start("a", () -> component("a"));
    l.start("b", () -> component("b"));
    assertThatThrownBy(
            () ->
                l.start(
                    "catalog",
                    () -> {
                      throw new IllegalStateException("disk full");
                    }))
        .isInstanceOf(StartupException.class)
        .hasMessage("Could not start catalog: disk full");
    assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
    assertThat(l.running()).isEmpty();
    assertThatThrownBy(() -> l.start("late", () -> component("late")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingStopDoesNotKeepOthersRunning() {
    Lifecycle l = new Lifecycle();
    l.start("a", () -> component("a"));
    l.start(
        "bad",
        () ->
            () -> {
              throw new IllegalStateException("stuck");
            });
    l.start("c", () -> component("c"));
    l.close();
    assertThat(events).containsExactly("start a", "start c", "stop c", "stop a");
  }
}
