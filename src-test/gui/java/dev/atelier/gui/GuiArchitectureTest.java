package dev.atelier.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The studio window sits on top of the core and beside the command line: it uses the core downward,
 * never the command line; and its view-models stay free of the scene graph, so they run in tests
 * without a window.
 */
class GuiArchitectureTest {

  private static final JavaClasses GUI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.gui");

  @Test
  void guiClassesAreImported() {
    assertThat(GUI.contain("dev.atelier.gui.AtelierApp")).isTrue();
  }

  @Test
  void theStudioWindowDoesNotUseTheCommandLine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.atelier.cli..", "picocli..")
        .check(GUI);
  }

  @Test
  void viewModelsUseNoSceneGraph() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Model")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("javafx.scene..")
        .check(GUI);
  }
}
