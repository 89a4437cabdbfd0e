package dev.atelier.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;

  private String pragma(Database db, String name) {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  @Test
  void newCatalogIsMigratedWithWalAndForeignKeys() {
    try (Database db = Database.open(dir.resolve("catalog.db"))) {
      assertThat(db.schemaVersion()).isEqualTo(Migrations.builtIn().latestVersion()).isPositive();
      assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
      assertThat(db.integrityCheck()).isEqualTo("ok");
      List<String> tables =
          db.read(
              c -> {
                List<String> names = new java.util.ArrayList<>();
                try (Statement s = c.createStatement();
                    ResultSet rs =
                        s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
                  while (rs.next()) {
                    names.add(rs.getString(1));
                  }
                }
                return names;
              });
      assertThat(tables)
          .contains(
              "models",
              "generations",
              "assets",
              "licenses",
              "provenance_records",
              "wallets",
              "collections",
              "mint_jobs",
              "schema_version");
    }
  }

  @Test
  void reopeningDoesNotReapplyMigrations() {
    Path file = dir.resolve("catalog.db");
    Database.open(file).close();
    try (Database db = Database.open(file)) {
      long rows =
          db.read(
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(rows).isEqualTo(Migrations.builtIn().latestVersion());
    }
  }

  @Test
  void laterMigrationsApplyInOrderOnAnExistingCatalog() {
    Path file = dir.resolve("catalog.db");
    Migrations v1 =
        new Migrations(List.of(new Migrations.Migration(1, "one", "CREATE TABLE a(x);")));
    Database.open(file, v1).close();
    Migrations v2 =
        new Migrations(
            List.of(
                new Migrations.Migration(1, "one", "CREATE TABLE a(x);"),
                new Migrations.Migration(
                    2, "two", "CREATE TABLE b(y);\nINSERT INTO b VALUES (1);")));
    try (Database db = Database.open(file, v2)) {
      assertThat(db.schemaVersion()).isEqualTo(2);
    }
  }

  @Test
  void aFailingMigrationLeavesTheCatalogAtTheVersionBefore() {
    Path file = dir.resolve("catalog.db");
    Migrations bad =
        new Migrations(
            List.of(
                new Migrations.Migration(1, "one", "CREATE TABLE a(x);"),
                new Migrations.Migration(2, "broken", "CREATE TABLE b(y);\nSELECT * FROM nope;")));
    assertThatThrownBy(() -> Database.open(file, bad)).isInstanceOf(CatalogException.class);
    Migrations good =
        new Migrations(
            List.of(
                new Migrations.Migration(1, "one", "CREATE TABLE a(x);"),
                new Migrations.Migration(2, "fixed", "CREATE TABLE b(y);")));
    try (Database db = Database.open(file, good)) {
      assertThat(db.schemaVersion()).isEqualTo(2);
    }
  }

  @Test
  void changedMigrationIsRefused() {
    Path file = dir.resolve("catalog.db");
    Database.open(
            file, new Migrations(List.of(new Migrations.Migration(1, "one", "CREATE TABLE a(x);"))))
        .close();
    Migrations edited =
        new Migrations(List.of(new Migrations.Migration(1, "one", "CREATE TABLE a(x, z);")));
    assertThatThrownBy(() -> Database.open(file, edited))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("changed outside Atelier");
  }

  @Test
  void catalogFromANewerBuildIsRefused() {
    Path file = dir.resolve("catalog.db");
    Database.open(
            file,
            new Migrations(
                List.of(
                    new Migrations.Migration(1, "one", "CREATE TABLE a(x);"),
                    new Migrations.Migration(2, "two", "CREATE TABLE b(x);"))))
        .close();
    Migrations older =
        new Migrations(List.of(new Migrations.Migration(1, "one", "CREATE TABLE a(x);")));
    assertThatThrownBy(() -> Database.open(file, older))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("newer Atelier");
  }

  @Test
  void aFileThatIsNotADatabaseGivesAClearErrorAndIsLeftAlone() throws Exception {
    Path file = dir.resolve("catalog.db");
    byte[] junk = "this is a photo, not a catalog ".repeat(200).getBytes();
    Files.write(file, junk);
    assertThatThrownBy(() -> Database.open(file))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("not an Atelier catalog");
    assertThat(Files.readAllBytes(file)).isEqualTo(junk);
  }

  @Test
  void transactionRollsBackEverythingOnFailure() {
    try (Database db = Database.open(dir.resolve("catalog.db"))) {
      assertThatThrownBy(
              () ->
                  db.inTransaction(
                      c -> {
                        try (Statement s = c.createStatement()) {
                          s.execute(
                              "INSERT INTO licenses VALUES ('X', 'x', '"
                                  + Fixtures.hex64(1)
                                  + "', 't', 1, 1, 1, 1, 0, 0, '')");
                          // nested call joins the same transaction
                          db.inTransaction(
                              c2 -> {
                                try (Statement s2 = c2.createStatement()) {
                                  s2.execute(
                                      "INSERT INTO licenses VALUES ('Y', 'y', 'short', 't', 1, 1,"
                                          + " 1, 1, 0, 0, '')");
                                }
                                return null;
                              });
                        }
                        return null;
                      }))
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("CHECK constraint failed");
      long count =
          db.read(
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM licenses")) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(count).isZero();
    }
  }

  @Test
  void statementSplitterKeepsTriggerBodiesWhole() {
    String script =
        """
        -- comment; with a semicolon
        CREATE TABLE t(x);
        CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
          INSERT INTO log VALUES (new.x);
          UPDATE n SET c = c + 1;
        END;
        CREATE INDEX t_x ON t(x);
        """;
    List<String> statements = Migrations.statements(script);
    assertThat(statements).hasSize(3);
    assertThat(statements.get(1)).startsWith("CREATE TRIGGER").endsWith("END;");
    assertThat(statements.get(1)).contains("UPDATE n SET c = c + 1;");
  }
}
