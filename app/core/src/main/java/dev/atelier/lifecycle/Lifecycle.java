package dev.atelier.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components in the order they are added and stops them in reverse. If a start fails,
 * everything already started is stopped (in reverse) before the failure is thrown, so a failed
 * start leaves nothing open.
 */
public final class Lifecycle implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  /** Creates one component. */
  @FunctionalInterface
  public interface Starter<T> {
    T start() throws Exception;
  }

  private record Started(String name, AutoCloseable stop) {}

  private final Deque<Started> started = new ArrayDeque<>();
  private boolean closed;

  /**
   * Starts a component and remembers how to stop it.
   *
   * @throws StartupException naming the component, after stopping all earlier ones
   */
  public synchronized <T extends AutoCloseable> T start(String name, Starter<T> starter) {
    T component = startOnly(name, starter);
    started.push(new Started(name, component));
    return component;
  }

  /** Starts a component that needs no stop. */
  public synchronized <T> T startPlain(String name, Starter<T> starter) {
    return startOnly(name, starter);
  }

  /** Names of the running components, first started first. */
  public synchronized List<String> running() {
    List<String> names = new ArrayList<>();
    started.descendingIterator().forEachRemaining(s -> names.add(s.name()));
    return names;
  }

  private <T> T startOnly(String name, Starter<T> starter) {
    if (closed) {
      throw new IllegalStateException("Lifecycle already closed");
    }
    LOG.debug("Starting {}", name);
    try {
      return starter.start();
    } catch (Exception e) {
      LOG.debug("Start of {} failed; stopping what started", name, e);
      close();
      throw new StartupException(name, e);
    }
  }

  /** Stops every started component, last started first. Failures are logged, not thrown. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!started.isEmpty()) {
      Started s = started.pop();
      LOG.debug("Stopping {}", s.name());
      try {
        s.stop().close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed", s.name(), e);
      }
    }
  }
}
