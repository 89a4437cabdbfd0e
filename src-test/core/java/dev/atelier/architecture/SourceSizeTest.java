package dev.atelier.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Size rules a newcomer can rely on: no source file in the core or the studio over 500 lines, and
 * no method or constructor anywhere over 80 lines. A class that grows past them is doing more than
 * one job; split it by responsibility, not by size alone.
 */
class SourceSizeTest {

  static final int MAX_CLASS_LINES = 500;
  static final int MAX_METHOD_LINES = 80;

  private static final Path ROOT =
      Path.of(System.getProperty("atelier.fixtures", "../../src-test/fixtures"))
          .toAbsolutePath()
          .getParent()
          .getParent();

  private static final List<Path> SIZED_MODULES =
      List.of(ROOT.resolve("app/core/src/main/java"), ROOT.resolve("app/gui/src/main/java"));
  private static final List<Path> ALL_MODULES =
      List.of(
          ROOT.resolve("app/core/src/main/java"),
          ROOT.resolve("app/gui/src/main/java"),
          ROOT.resolve("app/cli/src/main/java"));

  @Test
  void sourcesAreFound() throws IOException {
    // Guards against the rules below passing on an empty tree.
    for (Path module : ALL_MODULES) {
      assertThat(sources(module)).as(module.toString()).hasSizeGreaterThan(5);
    }
  }

  @Test
  void noCoreOrStudioClassIsOver500Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path module : SIZED_MODULES) {
      for (Path file : sources(module)) {
        long lines = Files.readAllLines(file).size();
        if (lines > MAX_CLASS_LINES) {
          tooLong.add(ROOT.relativize(file) + ": " + lines + " lines");
        }
      }
    }
    assertThat(tooLong).as("source files over %d lines", MAX_CLASS_LINES).isEmpty();
  }

  @Test
  void noMethodIsOver80Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    JavaParser parser =
        new JavaParser(
            new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE));
    for (Path module : ALL_MODULES) {
      for (Path file : sources(module)) {
        tooLong.addAll(longCallables(parser, file));
      }
    }
    assertThat(tooLong).as("methods over %d lines", MAX_METHOD_LINES).isEmpty();
  }

  @Test
  void theMethodRuleSeesALongMethod() throws IOException {
    // The rule itself can fail: a generated 81-line method is reported.
    StringBuilder body = new StringBuilder("class Long {\n  void grown() {\n");
    for (int i = 0; i < MAX_METHOD_LINES - 1; i++) {
      body.append("    int a").append(i).append(" = ").append(i).append(";\n");
    }
    body.append("  }\n}\n");
    Path file = Files.createTempFile("Long", ".java");
    try {
      Files.writeString(file, body);
      JavaParser parser = new JavaParser();
      assertThat(longCallables(parser, file)).singleElement().asString().contains("grown");
    } finally {
      Files.delete(file);
    }
  }

  private static List<String> longCallables(JavaParser parser, Path file) throws IOException {
    ParseResult<CompilationUnit> parsed = parser.parse(file);
    assertThat(parsed.getProblems()).as("parsing %s", file).isEmpty();
    List<String> found = new ArrayList<>();
    parsed
        .getResult()
        .orElseThrow()
        .findAll(CallableDeclaration.class)
        .forEach(
            callable ->
                callable
                    .getRange()
                    .ifPresent(
                        range -> {
                          int lines = range.end.line - range.begin.line + 1;
                          if (lines > MAX_METHOD_LINES) {
                            found.add(
                                file.getFileName()
                                    + ":"
                                    + range.begin.line
                                    + " "
                                    + callable.getNameAsString()
                                    + " ("
                                    + lines
                                    + " lines)");
                          }
                        }));
    return found;
  }

  private static List<Path> sources(Path module) throws IOException {
    try (Stream<Path> files = Files.walk(module)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
