package dev.atelier.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation request that long commands poll,
 * so they stop at a safe point (after writing a checkpoint or recording the current item) instead
 * of dying mid-write. A second signal ends the process at once. Without this the JVM would start
 * shutting down, and the inference engine frees its native memory while work is still running.
 */
final class Interrupts implements AutoCloseable {

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private Interrupts() {}

  /** Installs the handlers until {@link #close}. */
  static Interrupts install(PrintWriter err) {
    Interrupts i = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal signal = new Signal(name);
      SignalHandler handler =
          s -> {
            if (i.cancelled.getAndSet(true)) {
              Runtime.getRuntime().halt(ExitCodes.CANCELLED);
            }
            err.println();
            err.println("Stopping after the current step (press Ctrl+C again to quit at once)...");
            err.flush();
          };
      try {
        i.previous.add(Signal.handle(signal, handler));
        i.signals.add(signal);
      } catch (IllegalArgumentException unsupported) {
        // this platform does not have that signal
      }
    }
    return i;
  }

  boolean cancelled() {
    return cancelled.get();
  }

  @Override
  public void close() {
    for (int k = 0; k < signals.size(); k++) {
      Signal.handle(signals.get(k), previous.get(k));
    }
  }
}
