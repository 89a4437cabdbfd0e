package dev.atelier.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a helper program with a time limit and keeps what it wrote. The engine checks use it for
 * {@code nvidia-smi} and for the child Java process that tries an engine route. A program still
 * running at the limit is stopped, with any processes it started, so a hung driver tool never holds
 * the studio.
 */
final class ProcessRun {

  /** How long the output may take to end once the program has exited or been stopped. */
  private static final long DRAIN_SECONDS = 5;

  /**
   * How a run ended.
   *
   * @param timedOut whether it was stopped at the time limit
   * @param exitCode its exit status; -1 when it was stopped
   * @param out what it wrote to standard output
   * @param err what it wrote to standard error
   */
  record Outcome(boolean timedOut, int exitCode, String out, String err) {

    /** The first line that is not blank in standard output, else in standard error; or "". */
    String firstLine() {
      return firstLine(out).isEmpty() ? firstLine(err) : firstLine(out);
    }

    private static String firstLine(String text) {
      return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
  }

  private ProcessRun() {}

  /**
   * Runs {@code command} with {@code environment} added to (or, for a null value, taken from) this
   * process's environment, and waits at most {@code timeout}.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  static Outcome run(List<String> command, Map<String, String> environment, Duration timeout)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        stop(process);
      }
      return new Outcome(!exited, exited ? process.exitValue() : -1, text(out), text(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new IOException("interrupted", e);
    } finally {
      if (process.isAlive()) {
        stop(process);
      }
    }
  }

  /** Stops the program and what it started: a shell script's child would hold its output open. */
  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.complete("");
              }
            },
            "process-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  private static String text(CompletableFuture<String> output) throws InterruptedException {
    try {
      return output.get(DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }
}
