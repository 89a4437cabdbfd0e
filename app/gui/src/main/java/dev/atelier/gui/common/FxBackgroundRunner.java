package dev.atelier.gui.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's {@link BackgroundRunner}: a few daemon threads for the shared lane, one daemon
 * thread per long lane, results and progress delivered with {@link Platform#runLater}. It counts
 * each lane's unfinished tasks (callback included), so a caller can tell when everything asked so
 * far has reached the screen.
 */
public final class FxBackgroundRunner implements BackgroundRunner {

  private static final Logger LOG = LoggerFactory.getLogger(FxBackgroundRunner.class);
  private static final int SHARED_THREADS = 3;

  /** How long closing the whole runner waits for interrupted work. */
  private static final long STOP_WAIT_SECONDS = 2;

  /** How long closing one long lane waits for its work, which its owner told to stop. */
  private static final long LANE_CLOSE_WAIT_SECONDS = 20;

  private final Executor screen;
  private final ExecutorLane shared;
  private final List<ExecutorLane> longLanes = new CopyOnWriteArrayList<>();

  /** Delivers to the JavaFX application thread. */
  public FxBackgroundRunner() {
    this(FxBackgroundRunner::onFxThread);
  }

  /**
   * @param screen runs results and progress on the thread the screen is updated from
   */
  public FxBackgroundRunner(Executor screen) {
    this.screen = screen;
    AtomicInteger count = new AtomicInteger();
    this.shared =
        new ExecutorLane(
            Executors.newFixedThreadPool(
                SHARED_THREADS, r -> daemon(r, "atelier-background-" + count.incrementAndGet())),
            STOP_WAIT_SECONDS);
  }

  @Override
  public <T> TaskHandle start(
      BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    return shared.start(task, onSuccess, onFailure);
  }

  @Override
  public void toScreen(Runnable update) {
    try {
      screen.execute(update);
    } catch (IllegalStateException e) {
      LOG.debug("No screen to show an update on: {}", e.getMessage());
    }
  }

  @Override
  public Lane longLane(String name) {
    ExecutorLane lane =
        new ExecutorLane(
            Executors.newSingleThreadExecutor(r -> daemon(r, "atelier-" + name)),
            LANE_CLOSE_WAIT_SECONDS);
    longLanes.add(lane);
    return lane;
  }

  /**
   * True when every task handed to any lane so far (model loading on the generate lane included)
   * has finished and its callback ran.
   */
  public boolean idle() {
    return shared.unfinished.get() == 0
        && longLanes.stream().allMatch(lane -> lane.unfinished.get() == 0);
  }

  /**
   * Stops every lane, interrupting running work and giving it a moment to end, so that the services
   * it uses can be closed after this returns.
   */
  @Override
  public void close() {
    longLanes.forEach(ExecutorLane::interrupt);
    shared.interrupt();
    longLanes.forEach(lane -> lane.await(STOP_WAIT_SECONDS));
    shared.await(STOP_WAIT_SECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void onFxThread(Runnable update) {
    Platform.runLater(update);
  }

  /** A lane on an executor; its tasks are counted until their callback ran. */
  private final class ExecutorLane implements Lane {
    private final ExecutorService executor;
    private final long closeWaitSeconds;
    private final AtomicInteger unfinished = new AtomicInteger();

    ExecutorLane(ExecutorService executor, long closeWaitSeconds) {
      this.executor = executor;
      this.closeWaitSeconds = closeWaitSeconds;
    }

    @Override
    public <T> TaskHandle start(
        BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
      Running running = new Running();
      unfinished.incrementAndGet();
      try {
        executor.execute(() -> call(task, running, onSuccess, onFailure));
      } catch (RejectedExecutionException e) {
        unfinished.decrementAndGet();
        throw e;
      }
      return running;
    }

    private <T> void call(
        BackgroundTask<T> task,
        Running running,
        Consumer<? super T> onSuccess,
        Consumer<Throwable> onFailure) {
      try {
        T result = task.call(running);
        deliver(running, () -> onSuccess.accept(result));
      } catch (Exception | LinkageError e) {
        LOG.warn("Background task failed", e);
        deliver(running, () -> onFailure.accept(e));
      }
    }

    private void deliver(Running running, Runnable callback) {
      try {
        screen.execute(
            () -> {
              try {
                if (!running.cancelled()) {
                  callback.run();
                }
              } finally {
                unfinished.decrementAndGet();
              }
            });
      } catch (IllegalStateException e) {
        unfinished.decrementAndGet();
        LOG.debug("No screen to deliver a result to: {}", e.getMessage());
      }
    }

    @Override
    public void toScreen(Runnable update) {
      FxBackgroundRunner.this.toScreen(update);
    }

    @Override
    public void close() {
      executor.shutdown();
      await(closeWaitSeconds);
    }

    void interrupt() {
      executor.shutdownNow();
    }

    void await(long seconds) {
      try {
        if (!executor.awaitTermination(seconds, TimeUnit.SECONDS)) {
          LOG.warn("Background work still running at exit; abandoning it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One handed-in task: its handle, and the context its work sees. */
  private final class Running implements TaskHandle, TaskContext {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void cancel() {
      cancelled.set(true);
    }

    @Override
    public boolean cancelled() {
      return cancelled.get();
    }

    @Override
    public void toScreen(Runnable update) {
      if (!cancelled()) {
        FxBackgroundRunner.this.toScreen(
            () -> {
              if (!cancelled()) {
                update.run();
              }
            });
      }
    }
  }
}
