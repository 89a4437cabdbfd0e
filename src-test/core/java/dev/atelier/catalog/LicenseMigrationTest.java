package dev.atelier.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 3 adds share-alike and a summary to licenses stored by earlier versions. */
class LicenseMigrationTest {

  @TempDir Path dir;

  @Test
  void licensesStoredBeforeVersion3KeepTheirDataAndGetDefaults() throws Exception {
    Path file = dir.resolve("catalog.db");
    Migrations v2 =
        new Migrations(
            List.of(
                new Migrations.Migration(1, "initial catalog", sql("V1__initial_catalog.sql")),
                new Migrations.Migration(2, "batches", sql("V2__batches.sql"))));
    try (Database db = Database.open(file, v2)) {
      db.inTransaction(
          c -> {
            try (PreparedStatement p =
                c.prepareStatement(
                    "INSERT INTO licenses(id, name, terms_sha256, terms_text, commercial_use,"
                        + " derivatives, attribution_required, ai_training, builtin)"
                        + " VALUES ('Old-1.0', 'Old', ?, 'old terms', 1, 0, 1, 0, 0)")) {
              p.setString(1, "a".repeat(64));
              p.executeUpdate();
            }
            return null;
          });
    }
    try (Catalog catalog = Catalog.open(file)) {
      assertThat(catalog.database().schemaVersion()).isGreaterThanOrEqualTo(3);
      assertThat(catalog.licenses().find("Old-1.0"))
          .contains(
              new License(
                  "Old-1.0",
                  "Old",
                  "a".repeat(64),
                  "old terms",
                  true,
                  false,
                  true,
                  false,
                  false,
                  "",
                  false));
    }
  }

  private static String sql(String name) throws Exception {
    try (InputStream in =
        LicenseMigrationTest.class.getClassLoader().getResourceAsStream("db/migration/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
