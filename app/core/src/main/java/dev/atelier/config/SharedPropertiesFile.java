package dev.atelier.config;

import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small properties file that several processes (the studio, the command line) read and change at
 * the same time without losing each other's changes.
 *
 * <p>The invariant: every change is a read-modify-write of the file as it is on disk at that
 * moment, made while holding an exclusive lock, and replaces the file in one rename. The lock is a
 * {@link FileLock} on a lock file beside it ({@code NAME.lock}, never deleted, so every process
 * locks the same file) for other processes, and a lock per file path for the threads and instances
 * of this process (a {@code FileLock} is held per process, not per thread). Only the keys a change
 * touches differ from what was on disk, so a key another process wrote in between is kept.
 *
 * <p>Reads take no lock: the file is replaced whole by a rename, so a reader sees the old or the
 * new file. A read re-reads the file when its identity, size or modification time changed since the
 * last read, so another process's change is seen at the next read.
 */
final class SharedPropertiesFile {

  private static final Logger LOG = LoggerFactory.getLogger(SharedPropertiesFile.class);
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final String comment;
  private final ReentrantLock lock;
  private Map<String, String> values = Map.of();
  private Stamp seen = Stamp.NONE;

  /** What tells one version of the file from another without reading it. */
  private record Stamp(Object fileKey, long size, FileTime modified) {
    static final Stamp NONE = new Stamp(null, -1, null);

    static Stamp of(Path file) throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
      } catch (NoSuchFileException e) {
        return NONE;
      }
    }
  }

  private SharedPropertiesFile(Path file, String comment) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.comment = comment;
    this.lock = IN_PROCESS.computeIfAbsent(this.file, p -> new ReentrantLock());
  }

  /**
   * Opens the file, or starts empty when it does not exist. An unreadable file is moved aside (kept
   * as {@code NAME.broken}) and the file starts empty.
   */
  static SharedPropertiesFile open(Path file, String comment) {
    SharedPropertiesFile opened = new SharedPropertiesFile(file, comment);
    opened.withLock(
        () -> {
          if (!opened.reload()) {
            opened.moveAside();
          }
        });
    return opened;
  }

  Path file() {
    return file;
  }

  /** The values as they are on disk now. */
  Map<String, String> read() {
    lock.lock();
    try {
      refresh();
      return values;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies {@code change} to the values as they are on disk now and saves them when they differ,
   * all under the lock.
   *
   * @return the values after the change
   */
  Map<String, String> update(Consumer<Map<String, String>> change) {
    Objects.requireNonNull(change, "change");
    withLock(
        () -> {
          if (!reload()) {
            moveAside();
          }
          Map<String, String> changed = new HashMap<>(values);
          change.accept(changed);
          if (!changed.equals(values)) {
            write(changed);
          }
        });
    return values;
  }

  private void withLock(Runnable action) {
    lock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        action.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + file, e);
    } finally {
      lock.unlock();
    }
  }

  /** Re-reads the file when it changed; an unreadable file keeps the values last read. */
  private void refresh() {
    try {
      if (!Stamp.of(file).equals(seen)) {
        reload();
      }
    } catch (IOException e) {
      LOG.warn("Cannot check {} for changes ({})", file, e.getMessage());
    }
  }

  /**
   * Reads the file as it is now.
   *
   * @return false when it exists but cannot be read (the values last read are kept)
   */
  private boolean reload() {
    try {
      Stamp stamp = Stamp.of(file);
      Properties loaded = new Properties();
      if (stamp != Stamp.NONE) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          loaded.load(in);
        }
      }
      Map<String, String> read = new HashMap<>();
      loaded.stringPropertyNames().forEach(k -> read.put(k, loaded.getProperty(k)));
      values = Map.copyOf(read);
      seen = stamp;
      return true;
    } catch (NoSuchFileException e) {
      values = Map.of();
      seen = Stamp.NONE;
      return true;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{} is unreadable ({})", file, e.getMessage());
      return false;
    }
  }

  /** Keeps an unreadable file for the user as {@code NAME.broken} and starts from empty. */
  private void moveAside() {
    try {
      Files.move(
          file,
          file.resolveSibling(file.getFileName() + ".broken"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException moveFailed) {
      LOG.warn("Could not move the unreadable file {} aside", file, moveFailed);
    }
    values = Map.of();
    seen = Stamp.NONE;
  }

  private void write(Map<String, String> changed) {
    Properties out = new Properties();
    out.putAll(changed);
    try {
      AtomicFiles.write(
          file,
          stream -> {
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.store(writer, comment);
            writer.flush();
          });
      values = Map.copyOf(changed);
      seen = Stamp.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save " + file, e);
    }
  }
}
