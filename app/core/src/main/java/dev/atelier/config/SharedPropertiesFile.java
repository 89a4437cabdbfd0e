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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
  private final ReentrantLock writeLock;
  private Snapshot last = Snapshot.EMPTY; // guarded by this

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

  /** The values of one version of the file. */
  private record Snapshot(Map<String, String> values, Stamp stamp) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Stamp.NONE);
  }

  private SharedPropertiesFile(Path file, String comment) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.comment = comment;
    this.writeLock = IN_PROCESS.computeIfAbsent(this.file, p -> new ReentrantLock());
  }

  /**
   * Opens the file, or starts empty when it does not exist. An unreadable file is moved aside (kept
   * as {@code NAME.broken}) and the file starts empty.
   */
  static SharedPropertiesFile open(Path file, String comment) {
    SharedPropertiesFile opened = new SharedPropertiesFile(file, comment);
    opened.withLock(() -> opened.remember(opened.readOrMoveAside()));
    return opened;
  }

  Path file() {
    return file;
  }

  /**
   * The values as they are on disk now; when the file cannot be read, those last read. Never waits
   * for a change in progress.
   */
  synchronized Map<String, String> read() {
    try {
      if (!Stamp.of(file).equals(last.stamp())) {
        readDisk().ifPresent(this::remember);
      }
    } catch (IOException e) {
      LOG.warn("Cannot check {} for changes ({})", file, e.getMessage());
    }
    return last.values();
  }

  /**
   * Applies {@code change} to the values as they are on disk now and saves them when they differ,
   * all under the lock.
   *
   * @return the values after the change
   */
  Map<String, String> update(Consumer<Map<String, String>> change) {
    Objects.requireNonNull(change, "change");
    List<Map<String, String>> after = new ArrayList<>(1);
    withLock(
        () -> {
          Snapshot now = readOrMoveAside();
          Map<String, String> changed = new HashMap<>(now.values());
          change.accept(changed);
          Snapshot saved = changed.equals(now.values()) ? now : write(changed);
          remember(saved);
          after.add(saved.values());
        });
    return after.getFirst();
  }

  private synchronized void remember(Snapshot snapshot) {
    last = snapshot;
  }

  private void withLock(Runnable action) {
    writeLock.lock();
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
      writeLock.unlock();
    }
  }

  /**
   * The file as it is now (empty when it does not exist).
   *
   * @return empty when it exists but cannot be read
   */
  private Optional<Snapshot> readDisk() {
    try {
      Stamp stamp = Stamp.of(file);
      if (stamp == Stamp.NONE) {
        return Optional.of(Snapshot.EMPTY);
      }
      Properties loaded = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        loaded.load(in);
      }
      Map<String, String> read = new HashMap<>();
      loaded.stringPropertyNames().forEach(k -> read.put(k, loaded.getProperty(k)));
      return Optional.of(new Snapshot(Map.copyOf(read), stamp));
    } catch (NoSuchFileException e) {
      return Optional.of(Snapshot.EMPTY);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{} is unreadable ({})", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** The file as it is now; an unreadable one is kept for the user as {@code NAME.broken}. */
  private Snapshot readOrMoveAside() {
    Optional<Snapshot> now = readDisk();
    if (now.isPresent()) {
      return now.get();
    }
    try {
      Files.move(
          file,
          file.resolveSibling(file.getFileName() + ".broken"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException moveFailed) {
      LOG.warn("Could not move the unreadable file {} aside", file, moveFailed);
    }
    return Snapshot.EMPTY;
  }

  private Snapshot write(Map<String, String> changed) {
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
      return new Snapshot(Map.copyOf(changed), Stamp.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save " + file, e);
    }
  }
}
