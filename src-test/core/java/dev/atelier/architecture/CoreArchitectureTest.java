package dev.atelier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The core stays headless: the studio window and the command line sit on top of it. */
class CoreArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier");

  @Test
  void coreClassesAreImported() {
    // Guards against the rules below passing vacuously on an empty import.
    assertThat(CORE.contain("dev.atelier.Studio")).isTrue();
    assertThat(CORE.size()).isGreaterThan(10);
  }

  @Test
  void coreDoesNotUseJavaFx() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "com.sun.javafx..", "atlantafx..", "org.kordamp..");
    rule.check(CORE);
  }

  @Test
  void coreDoesNotUsePicocli() {
    noClasses().should().dependOnClassesThat().resideInAPackage("picocli..").check(CORE);
  }

  @Test
  void coreDoesNotReachIntoTheUserInterfaces() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.atelier.gui..", "dev.atelier.cli..")
        .check(CORE);
  }
}
