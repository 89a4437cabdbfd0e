package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.chain.LocalDevnet.Node;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link LocalDevnet} folder: the chain ({@value LocalDevnet#STATE_FILE}), the
 * running node's record ({@value LocalDevnet#NODE_FILE}), the node's output ({@value
 * LocalDevnet#LOG_FILE}) and the lock that makes Atelier processes take turns on them.
 */
final class DevnetFolder {

  private static final Logger LOG = LoggerFactory.getLogger(DevnetFolder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A file lock belongs to the whole JVM, and a second lock on the same file in one JVM fails
   * instead of waiting; this lock makes the threads (and instances) of one JVM take turns first.
   */
  private static final Object JVM_LOCK = new Object();

  private final Path folder;

  DevnetFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  Path folder() {
    return folder;
  }

  Path stateFile() {
    return folder.resolve(LocalDevnet.STATE_FILE);
  }

  Path logFile() {
    return folder.resolve(LocalDevnet.LOG_FILE);
  }

  // Anvil names the option whose value it cannot use, e.g. "invalid value '…' for '--state
  // <PATH>'".
  boolean stateWasRefused() {
    try {
      String log = Files.readString(logFile(), StandardCharsets.UTF_8);
      return log.contains("'--state") && Files.exists(stateFile());
    } catch (IOException e) {
      return false;
    }
  }

  /** Keeps a chain that Anvil cannot read as {@code state.json.unreadable}, so a new one starts. */
  void setStateAside() {
    Path aside = folder.resolve(LocalDevnet.STATE_FILE + ".unreadable");
    try {
      Files.move(stateFile(), aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.warn(
          "Anvil cannot read the devnet chain in {}; it is kept as {} and a new chain starts",
          stateFile(),
          aside);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the unreadable devnet state aside", e);
    }
  }

  /** Runs {@code action} while holding the folder's lock (and this JVM's). */
  <T> T locked(Supplier<T> action) {
    synchronized (JVM_LOCK) {
      create();
      try (FileChannel channel =
              FileChannel.open(
                  folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return action.get();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot lock the devnet folder " + folder, e);
      }
    }
  }

  void create() {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the devnet folder " + folder, e);
    }
  }

  Path nodeFile() {
    return folder.resolve(LocalDevnet.NODE_FILE);
  }

  /** The running node's record; empty when there is none (an unreadable one is removed). */
  Optional<Node> readRecord() {
    try {
      JsonNode json = JSON.readTree(Files.readAllBytes(nodeFile()));
      return Optional.of(
          new Node(
              json.required("pid").asLong(),
              json.required("port").asInt(),
              Instant.parse(json.required("startedAt").asText()),
              json.path("detached").asBoolean(false)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("The devnet record {} is unreadable ({}); removing it", nodeFile(), e.getMessage());
      deleteRecord();
      return Optional.empty();
    }
  }

  void writeRecord(Node node) {
    try {
      AtomicFiles.write(
          nodeFile(),
          JSON.writeValueAsBytes(
              JSON.createObjectNode()
                  .put("pid", node.pid())
                  .put("port", node.port())
                  .put("startedAt", node.startedAt().toString())
                  .put("detached", node.detached())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the devnet record " + nodeFile(), e);
    }
  }

  void deleteRecord() {
    try {
      Files.deleteIfExists(nodeFile());
    } catch (IOException e) {
      LOG.warn("Cannot delete the devnet record {}", nodeFile(), e);
    }
  }
}
