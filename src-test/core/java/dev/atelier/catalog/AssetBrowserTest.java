package dev.atelier.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.atelier.bench.CatalogBench;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog search on a real SQLite file of 10,000 images ({@link CatalogBench#fill}): each filter
 * against the fill's own rules, typed text that looks like FTS5 syntax, and the full-text index in
 * the query plan.
 */
class AssetBrowserTest {

  private static final int IMAGES = 10_000;

  @TempDir static Path dir;
  private static Catalog catalog;
  private static AssetBrowser browser;

  @BeforeAll
  static void fill() {
    catalog = Catalog.open(dir.resolve("catalog.db"));
    CatalogBench.fill(catalog, IMAGES);
    browser = new AssetBrowser(catalog);
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @Test
  void listsEveryImageNewestFirstInPages() {
    AssetBrowser.Page first = browser.search(AssetQuery.ALL, 0, 100);
    assertThat(first.total()).isEqualTo(IMAGES);
    assertThat(first.items()).hasSize(100);
    assertThat(first.items().getFirst().id()).isEqualTo(IMAGES);
    AssetBrowser.Page last = browser.search(AssetQuery.ALL, IMAGES - 10, 100);
    assertThat(last.items()).extracting(AssetSummary::id).endsWith(2L, 1L).hasSize(10);

    AssetSummary oldest = last.items().getLast();
    assertThat(oldest.prompt()).isEqualTo(CatalogBench.prompt(0));
    assertThat(oldest.modelId()).isEqualTo(CatalogBench.model(0));
    assertThat(oldest.createdAt()).isEqualTo(CatalogBench.T0);
    assertThat(oldest.kept()).isTrue();
    assertThat(oldest.licenseId()).as("the newest of two records").isEqualTo("CC-BY-4.0");
    assertThat(oldest.signed()).isTrue();
    assertThat(oldest.tokenId()).isEqualTo("0");
    assertThat(oldest.filePath()).isEqualTo("synthetic/asset-0.png");
    AssetSummary second = last.items().get(last.items().size() - 2);
    assertThat(second.licenseId()).isNull();
    assertThat(second.signed()).isFalse();
    assertThat(second.minted()).isFalse();
  }

  @Test
  void textFindsWordsAndPrefixesInPrompts() {
    expect(AssetQuery.ALL.withText("lighthouse"), i -> promptHas(i, "lighthouse"));
    expect(AssetQuery.ALL.withText("Light FOG"), i -> promptHas(i, "light", "fog"));
    expect(
        AssetQuery.ALL.withText("  koi   pond watercolour "),
        i -> promptHas(i, "koi", "pond", "watercolour"));
    expect(AssetQuery.ALL.withText("watermark"), i -> promptHas(i, "watermark"));
    expect(AssetQuery.ALL.withText("nothing-like-this"), i -> false);
  }

  @Test
  void typedQuotesAndOperatorsAreSearchedLiterally() {
    List<Long> tricky = List.of(8L, 7L, 6L, 5L); // generation 1
    for (String typed :
        List.of(
            "\"quiet\" -- NOT",
            "\"quiet",
            "near* ^prompt: (draft)",
            "100%",
            "c'est l'été",
            "ETE",
            "lighthouse AND OR NOT",
            "quiet NEAR(prompt)")) {
      assertThat(ids(AssetQuery.ALL.withText(typed))).as(typed).isEqualTo(tricky);
    }
    for (String odd : List.of("\"", "*", "-", "(", ")", "^", ":", "\"\"\"", "AND", "' OR 1=1 --")) {
      assertThatCode(() -> browser.search(AssetQuery.ALL.withText(odd), 0, 10))
          .as(odd)
          .doesNotThrowAnyException();
    }
    assertThat(browser.count(AssetQuery.ALL.withText("-- * ()"))).isEqualTo(IMAGES);
  }

  @Test
  void filtersByModelLicenseMintedKeptSignedAndDate() {
    String model = CatalogBench.MODELS.get(2);
    expect(AssetQuery.ALL.withModel(model), i -> CatalogBench.model(i / 4).equals(model));
    expect(
        AssetQuery.ALL.withLicense("CC-BY-4.0"), i -> "CC-BY-4.0".equals(CatalogBench.license(i)));
    expect(AssetQuery.ALL.withLicense("CC0-1.0"), i -> "CC0-1.0".equals(CatalogBench.license(i)));
    expect(AssetQuery.ALL.withMinted(true), CatalogBench::minted);
    expect(AssetQuery.ALL.withMinted(false), i -> !CatalogBench.minted(i));
    expect(AssetQuery.ALL.withKept(true), CatalogBench::kept);
    expect(AssetQuery.ALL.withSigned(true), i -> CatalogBench.license(i) != null);
    expect(AssetQuery.ALL.withSigned(false), i -> CatalogBench.license(i) == null);
    Instant from = CatalogBench.created(1234);
    Instant until = CatalogBench.created(2345);
    expect(AssetQuery.ALL.withDates(from, until), i -> i >= 1234 && i < 2345);
    expect(AssetQuery.ALL.withDates(from, null), i -> i >= 1234);
    expect(
        AssetQuery.ALL.withDates(from.plusMillis(500), until.minus(Duration.ofSeconds(1))),
        i -> i > 1234 - 1 && i < 2345);
  }

  @Test
  void filtersCombine() {
    expect(
        AssetQuery.ALL
            .withText("fox")
            .withModel(CatalogBench.MODELS.get(1))
            .withLicense("CC-BY-4.0")
            .withMinted(true),
        i ->
            promptHas(i, "fox")
                && CatalogBench.model(i / 4).equals(CatalogBench.MODELS.get(1))
                && "CC-BY-4.0".equals(CatalogBench.license(i))
                && CatalogBench.minted(i));
  }

  @Test
  void textSearchUsesTheFullTextIndex() {
    List<String> plan = browser.plan(AssetQuery.ALL.withText("lighthouse").withMinted(true));
    assertThat(plan)
        .as(String.join("\n", plan))
        .anyMatch(line -> line.contains("generations_fts") && line.contains("VIRTUAL TABLE INDEX"));
  }

  @Test
  void theIndexFollowsInsertsUpdatesAndDeletes() {
    Generation g = catalog.generations().insert(Fixtures.generation("a zeppelin over Zanzibar", 1));
    assertThat(ftsIds(catalog, "zeppelin")).containsExactly(g.id());
    catalog
        .database()
        .inTransaction(
            c -> update(c, "UPDATE generations SET prompt = 'a blimp' WHERE id = ?", g.id()));
    assertThat(ftsIds(catalog, "zeppelin")).isEmpty();
    assertThat(ftsIds(catalog, "blimp")).containsExactly(g.id());
    catalog
        .database()
        .inTransaction(c -> update(c, "DELETE FROM generations WHERE id = ?", g.id()));
    assertThat(ftsIds(catalog, "blimp")).isEmpty();
    assertThat(integrityOf(catalog)).isEqualTo("ok");
  }

  @Test
  void generationsFromBeforeVersion5AreIndexedByTheMigration() throws Exception {
    Path file = dir.resolve("v4.db");
    Migrations v4 =
        new Migrations(
            List.of(
                new Migrations.Migration(1, "initial catalog", sql("V1__initial_catalog.sql")),
                new Migrations.Migration(2, "batches", sql("V2__batches.sql")),
                new Migrations.Migration(3, "license terms", sql("V3__license_terms.sql")),
                new Migrations.Migration(4, "provenance chain", sql("V4__provenance_chain.sql"))));
    try (Database db = Database.open(file, v4)) {
      new ModelRepository(db).save(Fixtures.model());
      // A row as a version 4 catalog held it (today's repository writes later columns).
      db.inTransaction(
          c -> {
            try (var insert =
                c.prepareStatement(
                    "INSERT INTO generations(model_id, prompt, seed, sampler, steps, guidance,"
                        + " width, height, variant_count, status, created_at)"
                        + " VALUES (?, 'an old heron in the reeds', 42, 'ddim', 20, 4.5, 64, 64,"
                        + " 1, 'DONE', '2026-01-01T00:00:00Z')")) {
              insert.setString(1, Fixtures.model().id());
              return insert.executeUpdate();
            }
          });
    }
    try (Catalog upgraded = Catalog.open(file)) {
      assertThat(upgraded.database().schemaVersion()).isGreaterThanOrEqualTo(5);
      assertThat(ftsIds(upgraded, "heron")).hasSize(1);
    }
  }

  private static String sql(String name) throws Exception {
    try (var in =
        AssetBrowserTest.class.getClassLoader().getResourceAsStream("db/migration/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static List<Long> ftsIds(Catalog in, String word) {
    List<Long> ids = in.database().read(c -> fts(c, word));
    return ids;
  }

  private static String integrityOf(Catalog in) {
    String result = in.database().read(c -> integrity(c));
    return result;
  }

  private static List<Long> fts(java.sql.Connection c, String word) throws java.sql.SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?")) {
      p.setString(1, word);
      try (var rs = p.executeQuery()) {
        List<Long> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
        return out;
      }
    }
  }

  private static Object update(java.sql.Connection c, String sql, long id)
      throws java.sql.SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, id);
      p.executeUpdate();
    }
    return null;
  }

  private static String integrity(java.sql.Connection c) throws java.sql.SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO generations_fts(generations_fts, rank) VALUES ('integrity-check', 1)")) {
      p.executeUpdate();
    }
    return "ok";
  }

  private static void expect(AssetQuery query, IntPredicate image) {
    List<Long> expected =
        IntStream.iterate(IMAGES - 1, i -> i >= 0, i -> i - 1)
            .filter(image)
            .mapToObj(i -> (long) i + 1)
            .toList();
    assertThat(browser.count(query)).as("count of %s", query).isEqualTo(expected.size());
    assertThat(ids(query)).as("%s", query).isEqualTo(expected);
  }

  private static List<Long> ids(AssetQuery query) {
    return browser.search(query, 0, IMAGES).items().stream().map(AssetSummary::id).toList();
  }

  /** Whether every word starts a word of image {@code i}'s prompt or negative prompt. */
  private static boolean promptHas(int i, String... words) {
    int g = i / 4;
    List<String> tokens =
        Arrays.stream(
                (CatalogBench.prompt(g) + " " + CatalogBench.negativePrompt(g))
                    .toLowerCase(Locale.ROOT)
                    .split("[^\\p{L}\\p{N}]+"))
            .toList();
    return Arrays.stream(words)
        .allMatch(w -> tokens.stream().anyMatch(t -> t.startsWith(w.toLowerCase(Locale.ROOT))));
  }
}
