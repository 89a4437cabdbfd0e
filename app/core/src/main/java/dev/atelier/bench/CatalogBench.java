package dev.atelier.bench;

import dev.atelier.catalog.AssetBrowser;
import dev.atelier.catalog.AssetQuery;
import dev.atelier.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Catalog search figures ({@code atelier bench --catalog N}): a synthetic catalog of N images in a
 * temporary file, then the catalog screen's queries timed. The same synthetic catalog serves the
 * tests, whose expectations follow the rules below rather than the SQL.
 *
 * <p>Rules for image {@code i} (0-based, oldest first; ids are i + 1): it is variant {@code i % 4}
 * of generation {@code i / 4}; made {@code i} minutes after {@link #T0}; kept when {@code i % 3 ==
 * 0}; signed with CC-BY-4.0 when {@code i % 10 == 0} (those with {@code i % 20 == 0} first with
 * CC0-1.0, then re-signed), with CC0-1.0 when {@code i % 10 == 5}; minted (token {@code i}) when
 * {@code i % 50 == 0}, with a failed mint when {@code i % 50 == 25}; its file path names no file.
 */
public final class CatalogBench {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final int VARIANTS = 4;
  public static final List<String> MODELS =
      List.of("atelier-tiny@1", "sd-turbo@1.0", "tide-pools@2");

  /** Generation 1's prompt: quotes and FTS5 operators, to be searched for literally. */
  public static final String TRICKY_PROMPT =
      "the \"quiet\" lighthouse -- NOT AND OR near* ^prompt: (draft) 100% c'est l'été";

  private static final String[] SUBJECTS = {
    "lighthouse", "fox", "teapot", "cathedral", "koi pond", "robot", "orchard"
  };
  private static final String[] PLACES = {
    "on a cliff", "in the fog", "under the stars", "by the sea", "in a market"
  };
  private static final String[] STYLES = {
    "oil painting", "watercolour", "ink drawing", "photograph", "pixel art", "woodcut"
  };

  private CatalogBench() {}

  public static String model(int generation) {
    return MODELS.get(generation % MODELS.size());
  }

  public static String prompt(int generation) {
    if (generation == 1) {
      return TRICKY_PROMPT;
    }
    return SUBJECTS[generation % SUBJECTS.length]
        + " "
        + PLACES[(generation / SUBJECTS.length) % PLACES.length]
        + ", "
        + STYLES[(generation / (SUBJECTS.length * PLACES.length)) % STYLES.length];
  }

  public static String negativePrompt(int generation) {
    return generation % 11 == 0 ? "text, watermark" : "blurry, lowres";
  }

  public static Instant created(int image) {
    return T0.plus(Duration.ofMinutes(image));
  }

  public static boolean kept(int image) {
    return image % 3 == 0;
  }

  /** The newest license of image {@code i}, or null. */
  public static String license(int image) {
    return image % 10 == 0 ? "CC-BY-4.0" : image % 10 == 5 ? "CC0-1.0" : null;
  }

  public static boolean minted(int image) {
    return image % 50 == 0;
  }

  /** Adds {@code count} synthetic images to {@code catalog}, in one transaction. */
  public static void fill(Catalog catalog, int count) {
    catalog
        .database()
        .inTransaction(
            c -> {
              insertModelsAndLicenses(c);
              insertImages(c, count);
              return null;
            });
  }

  /** The models and licenses the synthetic images name. */
  private static void insertModelsAndLicenses(Connection c) throws SQLException {
    for (String model : MODELS) {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT OR IGNORE INTO models(id, name, version, kind, weights_sha256,"
                  + " location, added_at) VALUES (?, ?, ?, 'builtin', ?, '/models', ?)")) {
        p.setString(1, model);
        p.setString(2, model.substring(0, model.indexOf('@')));
        p.setString(3, model.substring(model.indexOf('@') + 1));
        p.setString(4, hex(1));
        p.setString(5, T0.toString());
        p.executeUpdate();
      }
    }
    for (String license : List.of("CC0-1.0", "CC-BY-4.0")) {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT OR IGNORE INTO licenses(id, name, terms_sha256, terms_text,"
                  + " commercial_use, derivatives, attribution_required, ai_training)"
                  + " VALUES (?, ?, ?, 'terms', 1, 1, 0, 1)")) {
        p.setString(1, license);
        p.setString(2, license);
        p.setString(3, hex(2));
        p.executeUpdate();
      }
    }
  }

  /** The generations, their variants, provenance rows and mint jobs of {@code count} images. */
  private static void insertImages(Connection c, int count) throws SQLException {
    long collection = collection(c);
    long firstGeneration = maxId(c, "generations") + 1;
    long firstAsset = maxId(c, "assets") + 1;
    try (PreparedStatement gen =
            c.prepareStatement(
                "INSERT INTO generations(id, model_id, prompt, negative_prompt, seed,"
                    + " sampler, steps, guidance, width, height, variant_count, status,"
                    + " created_at, finished_at) VALUES (?, ?, ?, ?, ?, 'ddim', 20, 4.5,"
                    + " 512, 512, ?, 'DONE', ?, ?)");
        PreparedStatement asset =
            c.prepareStatement(
                "INSERT INTO assets(id, generation_id, variant_index, seed, width, height,"
                    + " pixel_sha256, file_path, kept, created_at)"
                    + " VALUES (?, ?, ?, ?, 512, 512, ?, ?, ?, ?)");
        PreparedStatement prov =
            c.prepareStatement(
                "INSERT INTO provenance_records(asset_id, record_json, record_sha256,"
                    + " creator_address, license_id, eip712_signature, created_at)"
                    + " VALUES (?, '{}', ?, ?, ?, '0x00', ?)");
        PreparedStatement mint =
            c.prepareStatement(
                "INSERT INTO mint_jobs(asset_id, collection_id, state, tx_hash, token_id,"
                    + " block_number, error, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < count; i++) {
        int g = i / VARIANTS;
        long generationId = firstGeneration + g;
        String at = created(i).toString();
        if (i % VARIANTS == 0) {
          generation(gen, generationId, g, at);
        }
        long assetId = firstAsset + i;
        asset(asset, assetId, generationId, i, at);
        if (i % 20 == 0) {
          provenance(prov, assetId, "CC0-1.0", at);
        }
        if (license(i) != null) {
          provenance(prov, assetId, license(i), at);
        }
        if (minted(i)) {
          mint(mint, assetId, collection, "CONFIRMED", Integer.toString(i), at);
        } else if (i % 50 == 25) {
          mint(mint, assetId, collection, "FAILED", null, at);
        }
      }
    }
  }

  private static void generation(PreparedStatement gen, long generationId, int g, String at)
      throws SQLException {
    gen.setLong(1, generationId);
    gen.setString(2, model(g));
    gen.setString(3, prompt(g));
    gen.setString(4, negativePrompt(g));
    gen.setLong(5, g);
    gen.setInt(6, VARIANTS);
    gen.setString(7, at);
    gen.setString(8, at);
    gen.addBatch();
    gen.executeBatch();
  }

  private static void asset(
      PreparedStatement asset, long assetId, long generationId, int i, String at)
      throws SQLException {
    int g = i / VARIANTS;
    asset.setLong(1, assetId);
    asset.setLong(2, generationId);
    asset.setInt(3, i % VARIANTS);
    asset.setLong(4, (long) g + i % VARIANTS);
    asset.setString(5, hex(1000 + i));
    asset.setString(6, "synthetic/asset-" + i + ".png");
    asset.setInt(7, kept(i) ? 1 : 0);
    asset.setString(8, at);
    asset.executeUpdate();
  }

  private static void provenance(PreparedStatement p, long assetId, String license, String at)
      throws SQLException {
    p.setLong(1, assetId);
    p.setString(2, hex(3));
    p.setString(3, "0x" + "11".repeat(20));
    p.setString(4, license);
    p.setString(5, at);
    p.executeUpdate();
  }

  private static void mint(
      PreparedStatement p, long assetId, long collection, String state, String token, String at)
      throws SQLException {
    boolean confirmed = token != null;
    p.setLong(1, assetId);
    p.setLong(2, collection);
    p.setString(3, state);
    p.setString(4, confirmed ? "0x" + "ab".repeat(32) : null);
    p.setString(5, token);
    p.setObject(6, confirmed ? 1L : null);
    p.setString(7, confirmed ? null : "reverted");
    p.setString(8, at);
    p.setString(9, at);
    p.executeUpdate();
  }

  private static long collection(java.sql.Connection c) throws SQLException {
    String address = "0x" + "c0".repeat(20);
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT OR IGNORE INTO collections(chain_id, address, name, symbol, owner_address,"
                + " created_at) VALUES (31337, ?, 'Bench', 'BNCH', ?, ?)")) {
      p.setString(1, address);
      p.setString(2, "0x" + "11".repeat(20));
      p.setString(3, T0.toString());
      p.executeUpdate();
    }
    try (PreparedStatement p =
        c.prepareStatement("SELECT id FROM collections WHERE chain_id = 31337 AND address = ?")) {
      p.setString(1, address);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long maxId(java.sql.Connection c, String table) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(id), 0) FROM " + table);
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String hex(int n) {
    return String.format(Locale.ROOT, "%064x", n);
  }

  /** One timed query: median and slowest of the timed rounds, in milliseconds. */
  public record Timing(String name, long results, double medianMs, double maxMs) {}

  /** Figures for a fresh catalog of {@code count} images in a temporary folder. */
  public record Result(int images, double fillSeconds, List<Timing> timings) {}

  /** Fills a temporary catalog with {@code count} images and times the catalog screen's queries. */
  public static Result measure(int count, int rounds) {
    Path dir;
    try {
      dir = Files.createTempDirectory("atelier-catalog-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
      long start = System.nanoTime();
      fill(catalog, count);
      double fillSeconds = (System.nanoTime() - start) / 1e9;
      AssetBrowser browser = new AssetBrowser(catalog);
      int page = 200;
      Map<String, AssetQuery> queries = new LinkedHashMap<>();
      queries.put("first page, no filter", AssetQuery.ALL);
      queries.put("text \"lighthouse\"", AssetQuery.ALL.withText("lighthouse"));
      queries.put("text \"light fog oil\" (prefixes)", AssetQuery.ALL.withText("light fog oil"));
      queries.put("text + model", AssetQuery.ALL.withText("fox").withModel(MODELS.get(1)));
      queries.put("license CC-BY-4.0", AssetQuery.ALL.withLicense("CC-BY-4.0"));
      queries.put("minted", AssetQuery.ALL.withMinted(true));
      queries.put(
          "last day",
          AssetQuery.ALL.withDates(created(count).minus(Duration.ofDays(1)), created(count)));
      List<Timing> timings = new ArrayList<>();
      queries.forEach(
          (name, query) ->
              timings.add(time(name, rounds, () -> browser.search(query, 0, page).total())));
      timings.add(
          time(
              "last page (offset " + Math.max(0, count - page) + ")",
              rounds,
              () ->
                  (long)
                      browser
                          .search(AssetQuery.ALL, Math.max(0, count - page), page)
                          .items()
                          .size()));
      return new Result(count, fillSeconds, timings);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static Timing time(String name, int rounds, Supplier<Long> query) {
    for (int i = 0; i < 3; i++) {
      query.get();
    }
    double[] ms = new double[rounds];
    long results = 0;
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      results = query.get();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return new Timing(name, results, ms[rounds / 2], ms[rounds - 1]);
  }

  /** The figures as printed by {@code atelier bench --catalog}. */
  public static String describe(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Catalog search over %d images (filled in %.2f s); page of 200 plus the count:%n",
            r.images(),
            r.fillSeconds()));
    for (Timing t : r.timings()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-36s %6d matches  median %7.2f ms  max %7.2f ms%n",
              t.name(),
              t.results(),
              t.medianMs(),
              t.maxMs()));
    }
    return out.toString();
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
