package dev.atelier.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite catalog file. Opens with write-ahead logging, enforced foreign keys and a busy
 * timeout, brings the schema up to date, and runs work on its connection one unit at a time.
 *
 * <p>Every write goes through {@link #inTransaction}: it commits as a whole or not at all, which is
 * what keeps a crash from leaving half a generation behind.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Work on the connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean inTransaction; // guarded by lock

  private Database(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating if needed) the catalog at {@code file} and applies pending migrations. */
  public static Database open(Path file) {
    return open(file, Migrations.builtIn());
  }

  static Database open(Path file, Migrations migrations) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new CatalogException("Cannot create the folder for the catalog " + file, e);
    }
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 5000");
        checkIsCatalog(s, file);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA foreign_keys = ON");
      }
      migrations.apply(c);
      c.setAutoCommit(true);
      LOG.info("Catalog open at {}", file);
      return new Database(file, c);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new CatalogException("Cannot open the catalog " + file + ": " + SqlErrors.plain(e), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void checkIsCatalog(Statement s, Path file) throws SQLException {
    // Reading the schema fails fast with SQLITE_NOTADB when the file is not a database.
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      rs.next();
    } catch (SQLException e) {
      throw new CatalogException(
          "The file " + file + " is not an Atelier catalog (" + SqlErrors.plain(e) + ")", e);
    }
  }

  public Path file() {
    return file;
  }

  /** Runs read-only work. */
  public <T> T read(Work<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new CatalogException("Catalog read failed: " + SqlErrors.plain(e), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs work in one transaction: all of it is committed, or none of it. Called again inside the
   * work (on the same thread), it joins the outer transaction, so repository calls compose.
   */
  public <T> T inTransaction(Work<T> work) {
    lock.lock();
    try {
      if (inTransaction) {
        return work.run(connection);
      }
      inTransaction = true;
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly();
        throw e;
      } finally {
        inTransaction = false;
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new CatalogException("Catalog write failed: " + SqlErrors.plain(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** {@code PRAGMA integrity_check}: "ok" when the file is sound. */
  public String integrityCheck() {
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
              if (!out.isEmpty()) {
                out.append('\n');
              }
              out.append(rs.getString(1));
            }
            return out.toString();
          }
        });
  }

  /** The schema version now in the file. */
  public int schemaVersion() {
    return read(Migrations::currentVersion);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      try (Statement s = connection.createStatement()) {
        // Fold the write-ahead log back into the main file so a copy of catalog.db is complete.
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        LOG.warn("Checkpoint on close failed: {}", e.getMessage());
      }
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Closing the catalog failed: {}", e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.warn("Rollback failed: {}", e.getMessage());
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }
}
