package dev.atelier.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PyTorch's own warnings out of the user's terminal. Its C++ core (c10) writes them straight
 * to the process's standard error in glog style ({@code [W1207 10:00:00 LegacyTypeDispatch.h:74]
 * Warning: AutoNonVariableTypeMode is deprecated …}), on every run, about its own internals.
 *
 * <p>c10 prints a message only at or above its global level {@code FLAGS_caffe2_log_level}. It
 * would read {@code TORCH_CPP_LOG_LEVEL} from the environment, but only when a host calls its
 * {@code initLogging}, which Python's torch does and the Java bindings do not. So once the engine
 * has loaded its libraries, this sets that level to ERROR through the foreign-function API: errors
 * still show, warnings and notes do not. Whether it worked is logged.
 */
final class NativeWarnings {

  private static final Logger LOG = LoggerFactory.getLogger(NativeWarnings.class);

  /** c10's global level: messages below it are not printed. */
  static final String LEVEL_SYMBOL = "FLAGS_caffe2_log_level";

  /** c10's level numbers: INFO 0, WARNING 1, ERROR 2, FATAL 3. */
  static final int ERROR = 2;

  private static final AtomicBoolean DONE = new AtomicBoolean();

  private NativeWarnings() {}

  /**
   * Raises c10's level to ERROR, once; call it after the PyTorch engine has loaded. Never throws:
   * without the symbol (another PyTorch build) the warnings simply still show.
   *
   * @return whether the level is now ERROR
   */
  static boolean quiet() {
    if (!DONE.compareAndSet(false, true)) {
      return level().orElse(-1) >= ERROR;
    }
    try {
      Optional<MemorySegment> flag = flag();
      if (flag.isEmpty()) {
        LOG.info("PyTorch's log level was not found; its native warnings will show");
        return false;
      }
      MemorySegment level = flag.get();
      if (level.get(ValueLayout.JAVA_INT, 0) < ERROR) {
        level.set(ValueLayout.JAVA_INT, 0, ERROR);
      }
      LOG.debug("PyTorch's native warnings are off (errors still show)");
      return true;
    } catch (RuntimeException e) {
      LOG.info("Could not turn off PyTorch's native warnings", e);
      return false;
    }
  }

  /** c10's current level, when its library is loaded. */
  static Optional<Integer> level() {
    return flag().map(f -> f.get(ValueLayout.JAVA_INT, 0));
  }

  /** The level flag in the loaded c10 library (loaded through this class loader by the engine). */
  private static Optional<MemorySegment> flag() {
    return SymbolLookup.loaderLookup()
        .find(LEVEL_SYMBOL)
        .map(s -> s.reinterpret(ValueLayout.JAVA_INT.byteSize()));
  }
}
