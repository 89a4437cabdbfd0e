package dev.atelier.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code V<n>__<description>.sql} files, applied in order, each in its
 * own transaction, recorded in {@code schema_version} with a checksum. An applied migration whose
 * file changed, or a catalog newer than this build, stops the start with a clear error rather than
 * guessing.
 *
 * <p>The built-in list is {@code db/migration/index.txt} on the class path (jars cannot be listed
 * portably), one file name per line.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  /** One migration script. */
  public record Migration(int version, String description, String sql) {

    /** The first line that marks a migration run with foreign keys off, then checked. */
    static final String REBUILD_MARK = "-- atelier:foreign-keys-off";

    /**
     * Whether the script rebuilds tables that others refer to (SQLite's way of changing a
     * constraint): it runs with foreign keys off, and they are checked before it commits.
     */
    boolean rebuildsTables() {
      return sql.strip().startsWith(REBUILD_MARK);
    }

    String checksum() {
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(d.digest(sql.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final List<Migration> migrations;

  Migrations(List<Migration> migrations) {
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(
            "Migrations must be numbered 1, 2, 3... without gaps; found V"
                + migrations.get(i).version()
                + " at position "
                + (i + 1));
      }
    }
    this.migrations = List.copyOf(migrations);
  }

  /** The migrations shipped with this build. */
  public static Migrations builtIn() {
    String index = resource("db/migration/index.txt");
    List<Migration> list = new ArrayList<>();
    for (String line : index.split("\\R")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new IllegalStateException("Bad migration file name: " + name);
      }
      list.add(
          new Migration(
              Integer.parseInt(m.group(1)),
              m.group(2).replace('_', ' '),
              resource("db/migration/" + name)));
    }
    return new Migrations(list);
  }

  /** The first {@code version} migrations (to test an upgrade from that version). */
  Migrations upTo(int version) {
    return new Migrations(migrations.subList(0, version));
  }

  /** The migrations in order. */
  List<Migration> list() {
    return migrations;
  }

  public int latestVersion() {
    return migrations.size();
  }

  /** Brings the schema of {@code c} up to the latest version. */
  void apply(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                + "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
      }
      c.commit();
      List<String> applied = appliedChecksums(c);
      if (applied.size() > migrations.size()) {
        throw new CatalogException(
            "This catalog was written by a newer Atelier (schema version "
                + applied.size()
                + ", this build knows "
                + migrations.size()
                + "). Update Atelier to open it.");
      }
      for (int i = 0; i < applied.size(); i++) {
        Migration m = migrations.get(i);
        if (!m.checksum().equals(applied.get(i))) {
          throw new CatalogException(
              "Catalog schema version "
                  + m.version()
                  + " does not match this build's migration ("
                  + m.description()
                  + "); the catalog was changed outside Atelier.");
        }
      }
      for (Migration m : migrations.subList(applied.size(), migrations.size())) {
        LOG.info("Migrating catalog to version {} ({})", m.version(), m.description());
        boolean rebuild = m.rebuildsTables();
        if (rebuild) {
          foreignKeys(c, false);
        }
        try (Statement s = c.createStatement()) {
          for (String statement : statements(m.sql())) {
            s.execute(statement);
          }
          if (rebuild) {
            requireForeignKeysHold(s, m);
          }
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO schema_version(version, description, checksum, applied_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          p.setInt(1, m.version());
          p.setString(2, m.description());
          p.setString(3, m.checksum());
          p.setString(4, Instant.now().toString());
          p.executeUpdate();
        }
        c.commit();
        if (rebuild) {
          foreignKeys(c, true);
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  /**
   * Turns foreign-key enforcement on or off, which SQLite allows only between transactions: a
   * migration that rebuilds a table others refer to runs with it off ({@link
   * Migration#rebuildsTables}).
   */
  private static void foreignKeys(Connection c, boolean on) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = " + (on ? "ON" : "OFF"));
    }
    c.setAutoCommit(false);
  }

  private static void requireForeignKeysHold(Statement s, Migration m) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
      if (rs.next()) {
        throw new CatalogException(
            "Catalog migration "
                + m.version()
                + " ("
                + m.description()
                + ") would leave a row in "
                + rs.getString(1)
                + " pointing at nothing; the catalog was left as it was.");
      }
    }
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static List<String> appliedChecksums(Connection c) throws SQLException {
    List<String> sums = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version ORDER BY 1")) {
      while (rs.next()) {
        if (rs.getInt(1) != sums.size() + 1) {
          throw new CatalogException("Catalog schema history has a gap at version " + rs.getInt(1));
        }
        sums.add(rs.getString(2));
      }
    }
    return sums;
  }

  /**
   * Splits a script into statements at semicolons that end a line, keeping trigger bodies ({@code
   * BEGIN ... END;}) whole. Lines starting with {@code --} are comments.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inTrigger = false;
    for (String line : script.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      current.append(line).append('\n');
      String upper = trimmed.toUpperCase(Locale.ROOT);
      if (upper.startsWith("CREATE TRIGGER") || upper.contains(" TRIGGER ")) {
        inTrigger = true;
      }
      boolean ends = trimmed.endsWith(";");
      if (ends && (!inTrigger || upper.equals("END;"))) {
        out.add(current.toString().strip());
        current.setLength(0);
        inTrigger = false;
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
