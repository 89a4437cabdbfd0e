package dev.atelier.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 7 rebuilds the models table so that imported checkpoints can be recorded; a catalog made
 * before keeps its models and generations, and its foreign keys are enforced afterwards as before.
 */
class ModelKindMigrationTest {

  @TempDir Path dir;

  private static final String MODEL =
      "INSERT INTO models VALUES ('%s', 'm', '1', '%s', '%s', NULL, 'MIT', '/m', '2026-01-01')";
  private static final String GENERATION =
      "INSERT INTO generations (model_id, prompt, seed, sampler, steps, guidance, width, height,"
          + " variant_count, status, created_at) VALUES ('%s', 'waves', 1, 'ddim', 2, 1, 64, 64, 1,"
          + " 'DONE', '2026-01-01')";

  private static void sql(Database db, String statement) {
    db.inTransaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(statement);
          }
          return null;
        });
  }

  private static long count(Database db, String query) {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void aVersion6CatalogKeepsItsRowsAndAcceptsCheckpoints() {
    Path file = dir.resolve("catalog.db");
    String hash = "ab".repeat(32);
    try (Database v6 = Database.open(file, Migrations.builtIn().upTo(6))) {
      sql(v6, MODEL.formatted("tiny@1", "builtin", hash));
      sql(v6, GENERATION.formatted("tiny@1"));
      assertThatThrownBy(() -> sql(v6, MODEL.formatted("sd@1", "sd-checkpoint", hash)))
          .isInstanceOf(CatalogException.class);
    }
    try (Database db = Database.open(file)) {
      assertThat(db.schemaVersion()).isEqualTo(Migrations.builtIn().latestVersion());
      assertThat(count(db, "SELECT count(*) FROM models WHERE id = 'tiny@1'")).isOne();
      assertThat(count(db, "SELECT count(*) FROM generations WHERE model_id = 'tiny@1'")).isOne();
      assertThat(count(db, "PRAGMA foreign_keys")).isOne();
      assertThat(db.integrityCheck()).isEqualTo("ok");

      sql(db, MODEL.formatted("sd@1", "sd-checkpoint", hash));
      sql(db, GENERATION.formatted("sd@1"));
      assertThatThrownBy(() -> sql(db, GENERATION.formatted("nobody@1")))
          .as("foreign keys enforced after the rebuild")
          .isInstanceOf(CatalogException.class);
      assertThatThrownBy(() -> sql(db, MODEL.formatted("x@1", "pickle", hash)))
          .isInstanceOf(CatalogException.class);
    }
  }

  @Test
  void aRebuildThatWouldOrphanRowsIsRolledBack() throws SQLException {
    Path file = dir.resolve("catalog.db");
    Migrations base = Migrations.builtIn().upTo(6);
    try (Database v6 = Database.open(file, base)) {
      sql(v6, MODEL.formatted("tiny@1", "builtin", "cd".repeat(32)));
      sql(v6, GENERATION.formatted("tiny@1"));
    }
    java.util.List<Migrations.Migration> list =
        new java.util.ArrayList<>(Migrations.builtIn().upTo(7).list());
    Migrations.Migration v7 = list.get(6);
    list.set(
        6,
        new Migrations.Migration(
            7, v7.description(), v7.sql().replace("FROM models;", "FROM models WHERE 0;")));
    assertThatThrownBy(() -> Database.open(file, new Migrations(list)))
        .hasMessageContaining("pointing at nothing");
    try (Database again = Database.open(file, base)) {
      assertThat(again.schemaVersion()).isEqualTo(6);
      assertThat(count(again, "SELECT count(*) FROM models")).isOne();
    }
  }
}
