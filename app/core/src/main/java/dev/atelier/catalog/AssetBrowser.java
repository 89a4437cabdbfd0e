package dev.atelier.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Searches the catalog's images, newest first, a page at a time: full-text over prompts (the {@code
 * generations_fts} index), model, license, minted, kept, signed and date filters.
 */
public final class AssetBrowser {

  /** A page of results and how many match in all. */
  public record Page(List<AssetSummary> items, int offset, long total) {}

  private static final String LICENSE =
      "(SELECT p.license_id FROM provenance_records p WHERE p.asset_id = a.id"
          + " ORDER BY p.id DESC LIMIT 1)";
  private static final String SIGNATURE =
      "(SELECT p.eip712_signature IS NOT NULL FROM provenance_records p WHERE p.asset_id = a.id"
          + " ORDER BY p.id DESC LIMIT 1)";
  private static final String TOKEN =
      "(SELECT m.token_id FROM mint_jobs m WHERE m.asset_id = a.id AND m.state = 'CONFIRMED'"
          + " ORDER BY m.id DESC LIMIT 1)";
  private static final String MINTED =
      "EXISTS (SELECT 1 FROM mint_jobs m WHERE m.asset_id = a.id AND m.state = 'CONFIRMED')";
  private static final String SIGNED =
      "EXISTS (SELECT 1 FROM provenance_records p WHERE p.asset_id = a.id)";

  /** Bounds compare with the stored ISO-8601 strings: "…T10:15:00" sorts before "…T10:15:00Z". */
  private static final DateTimeFormatter BOUND =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Database db;

  public AssetBrowser(Catalog catalog) {
    this(catalog.database());
  }

  AssetBrowser(Database db) {
    this.db = db;
  }

  /** The page of {@code limit} images from {@code offset} (0-based), with the total count. */
  public Page search(AssetQuery query, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    return db.read(c -> new Page(items(c, query, offset, limit), offset, count(c, query)));
  }

  /** How many images match. */
  public long count(AssetQuery query) {
    return db.read(c -> count(c, query));
  }

  /** The ids of the matching images from {@code offset}, newest first. */
  public List<Long> ids(AssetQuery query, int offset, int limit) {
    return db.read(
        c -> {
          Where w = where(query);
          List<Long> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT a.id FROM assets a JOIN generations g ON g.id = a.generation_id"
                      + w.sql
                      + " ORDER BY a.id DESC LIMIT ? OFFSET ?")) {
            int i = w.bind(p);
            p.setInt(i++, limit);
            p.setInt(i, offset);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getLong(1));
              }
            }
          }
          return out;
        });
  }

  /** SQLite's plan for the page query: how a test sees that the full-text index is used. */
  public List<String> plan(AssetQuery query) {
    return db.read(
        c -> {
          Where w = where(query);
          List<String> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + pageSql(w))) {
            int i = w.bind(p);
            p.setInt(i++, 1);
            p.setInt(i, 0);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString("detail"));
              }
            }
          }
          return out;
        });
  }

  private static List<AssetSummary> items(Connection c, AssetQuery query, int offset, int limit)
      throws SQLException {
    Where w = where(query);
    List<AssetSummary> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(pageSql(w))) {
      int i = w.bind(p);
      p.setInt(i++, limit);
      p.setInt(i, offset);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AssetSummary(
                  rs.getLong("id"),
                  rs.getLong("generation_id"),
                  rs.getString("file_path"),
                  rs.getString("prompt"),
                  rs.getString("model_id"),
                  rs.getLong("seed"),
                  rs.getInt("width"),
                  rs.getInt("height"),
                  Rows.instant(rs, "created_at"),
                  rs.getInt("kept") == 1,
                  rs.getString("license_id"),
                  rs.getInt("signed") == 1,
                  rs.getString("token_id")));
        }
      }
    }
    return out;
  }

  private static String pageSql(Where w) {
    return "SELECT a.id, a.generation_id, a.file_path, g.prompt, g.model_id, a.seed, a.width,"
        + " a.height, a.created_at, a.kept, "
        + LICENSE
        + " AS license_id, "
        + SIGNATURE
        + " AS signed, "
        + TOKEN
        + " AS token_id FROM assets a JOIN generations g ON g.id = a.generation_id"
        + w.sql
        + " ORDER BY a.id DESC LIMIT ? OFFSET ?";
  }

  private static long count(Connection c, AssetQuery query) throws SQLException {
    Where w = where(query);
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT count(*) FROM assets a JOIN generations g ON g.id = a.generation_id" + w.sql)) {
      w.bind(p);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A WHERE clause and its parameters, in order. */
  private record Where(String sql, List<Object> args) {
    int bind(PreparedStatement p) throws SQLException {
      int i = 1;
      for (Object arg : args) {
        p.setObject(i++, arg);
      }
      return i;
    }
  }

  private static Where where(AssetQuery q) {
    List<String> terms = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    q.matchExpression()
        .ifPresent(
            match -> {
              terms.add(
                  "a.generation_id IN (SELECT rowid FROM generations_fts"
                      + " WHERE generations_fts MATCH ?)");
              args.add(match);
            });
    if (present(q.modelId())) {
      terms.add("g.model_id = ?");
      args.add(q.modelId());
    }
    if (present(q.licenseId())) {
      terms.add(LICENSE + " = ?");
      args.add(q.licenseId());
    }
    if (q.minted() != null) {
      terms.add(q.minted() ? MINTED : "NOT " + MINTED);
    }
    if (q.signed() != null) {
      terms.add(q.signed() ? SIGNED : "NOT " + SIGNED);
    }
    if (q.kept() != null) {
      terms.add("a.kept = ?");
      args.add(q.kept() ? 1 : 0);
    }
    if (q.from() != null) {
      terms.add("a.created_at >= ?");
      args.add(BOUND.format(q.from().truncatedTo(ChronoUnit.SECONDS)));
    }
    if (q.until() != null) {
      terms.add("a.created_at < ?");
      args.add(BOUND.format(q.until().truncatedTo(ChronoUnit.SECONDS)));
    }
    return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), args);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
