package dev.atelier.gui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one background runner: lanes, progress handed to the screen, cancel. The screen thread is
 * this test's thread, fed from a queue.
 */
class BackgroundRunnerTest {

  private static final long WAIT_SECONDS = 10;

  private final BlockingQueue<Runnable> screen = new LinkedBlockingQueue<>();
  private final FxBackgroundRunner runner = new FxBackgroundRunner(screen::add);
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    runner.close();
  }

  /** Runs what reached the screen until {@code count} entries were seen. */
  private void showUntil(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (seen.size() < count) {
      Runnable next = screen.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(next).as("an update for the screen in time; seen " + seen).isNotNull();
      next.run();
    }
  }

  @Test
  void resultsAndProgressReachTheScreenThreadInOrder() throws Exception {
    Thread screenThread = Thread.currentThread();
    AtomicReference<Thread> worker = new AtomicReference<>();
    runner.start(
        context -> {
          worker.set(Thread.currentThread());
          context.toScreen(() -> seen.add("progress 1"));
          context.toScreen(() -> seen.add("progress 2"));
          return "done";
        },
        result -> {
          assertThat(Thread.currentThread()).isSameAs(screenThread);
          seen.add(result);
        },
        failure -> seen.add("failed"));

    assertThat(runner.idle()).isFalse();
    showUntil(3);

    assertThat(seen).containsExactly("progress 1", "progress 2", "done");
    assertThat(worker.get()).isNotSameAs(screenThread);
    assertThat(worker.get().getName()).startsWith("atelier-background-");
    assertThat(runner.idle()).isTrue();
  }

  @Test
  void aFailureReachesTheScreenWithWhatWasThrown() throws Exception {
    runner.run(
        () -> {
          throw new IllegalStateException("disk full");
        },
        result -> seen.add("result"),
        failure -> seen.add("failed: " + failure.getMessage()));

    showUntil(1);

    assertThat(seen).containsExactly("failed: disk full");
    assertThat(runner.idle()).isTrue();
  }

  @Test
  void aCancelledTaskSeesItAndNothingMoreReachesTheScreen() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    AtomicReference<Boolean> sawCancelled = new AtomicReference<>();
    TaskHandle handle =
        runner.start(
            context -> {
              started.countDown();
              assertThat(cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
              sawCancelled.set(context.cancelled());
              context.toScreen(() -> seen.add("progress after cancel"));
              return "late result";
            },
            result -> seen.add(result),
            failure -> seen.add("failed"));
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    cancelled.countDown();
    runner.run(() -> "next", seen::add, failure -> seen.add("failed"));
    showUntilIdle();

    assertThat(handle.cancelled()).isTrue();
    assertThat(sawCancelled.get()).as("the task saw its cancel").isTrue();
    assertThat(seen)
        .as("neither the cancelled task's progress nor its result reached the screen")
        .containsExactly("next");
  }

  /**
   * Runs what reaches the screen until every task handed in has finished, its callback included:
   * the shared lane has several threads, so work handed in later may finish first.
   */
  private void showUntilIdle() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!runner.idle()) {
      assertThat(System.nanoTime()).as("all work finished in time; seen " + seen).isLessThan(end);
      Runnable next = screen.poll(50, TimeUnit.MILLISECONDS);
      if (next != null) {
        next.run();
      }
    }
    for (Runnable left = screen.poll(); left != null; left = screen.poll()) {
      left.run();
    }
  }

  @Test
  void longWorkDoesNotHoldUpTheSharedLaneAndRunsInOrder() throws Exception {
    Lane generation = runner.longLane("generate");
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> longThread = new AtomicReference<>();
    generation.run(
        () -> {
          longThread.set(Thread.currentThread().getName());
          assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
          return "long 1";
        },
        seen::add,
        failure -> seen.add("failed"));
    generation.run(() -> "long 2", seen::add, failure -> seen.add("failed"));
    for (int i = 0; i < 5; i++) {
      String name = "short " + i;
      runner.run(() -> name, seen::add, failure -> seen.add("failed"));
    }

    showUntil(5);
    assertThat(seen)
        .as("short work done while the long work waits")
        .hasSize(5)
        .allMatch(s -> s.startsWith("short"));
    release.countDown();
    showUntil(7);

    assertThat(seen.subList(5, 7)).containsExactly("long 1", "long 2");
    assertThat(longThread.get()).isEqualTo("atelier-generate");
  }

  @Test
  void aClosedLaneTakesNoMoreWorkAfterItsWorkEnded() throws Exception {
    Lane lane = runner.longLane("chain");
    lane.submit(
        () -> {
          sleep(200);
          lane.toScreen(() -> seen.add("finished before close returned"));
        });

    lane.close();
    showUntil(1);

    assertThat(seen).containsExactly("finished before close returned");
    assertThatThrownBy(() -> lane.submit(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void theSameThreadRunnerDoesEverythingAtOnce() {
    BackgroundRunner now = BackgroundRunner.sameThread();
    Thread here = Thread.currentThread();
    now.start(
        context -> {
          assertThat(Thread.currentThread()).isSameAs(here);
          context.toScreen(() -> seen.add("progress"));
          return "done";
        },
        seen::add,
        failure -> seen.add("failed"));
    now.longLane("generate").run(() -> "long", seen::add, failure -> seen.add("failed"));
    now.<String>run(
        () -> {
          throw new IllegalArgumentException("bad");
        },
        seen::add,
        failure -> seen.add("failed: " + failure.getMessage()));

    assertThat(seen).containsExactly("progress", "done", "long", "failed: bad");
    assertThatThrownBy(
            () ->
                now.submit(
                    () -> {
                      throw new IllegalStateException("reaches the test");
                    }))
        .hasMessage("reaches the test");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
