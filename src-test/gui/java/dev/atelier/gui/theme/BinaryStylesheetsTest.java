package dev.atelier.gui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.css.CssParser;
import javafx.css.Declaration;
import javafx.css.ParsedValue;
import javafx.css.StyleConverter;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryStylesheetsTest {

  @ParameterizedTest
  @EnumSource(ThemeBase.class)
  void theBuildsBinaryFormHoldsAtlantaFxsRules(ThemeBase base) throws IOException {
    URL binary = BinaryStylesheets.find(base);
    assertNotNull(binary, "the build writes " + BinaryStylesheets.resourceName(base));

    List<String> expected = rules(new CssParser().parse(atlantaFx(base)));
    assertTrue(expected.size() > 500, "AtlantaFX's base stylesheet: " + expected.size());
    assertEquals(expected, rules(Stylesheet.loadBinary(binary)));
    assertTrue(base.userAgentStylesheet().endsWith(".bss"), base.userAgentStylesheet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"atelier", "light", "dark"})
  void builtInThemesHaveTheirBinaryFormBesideThem(String name) throws IOException {
    URL css = ThemeBase.class.getResource("/themes/" + name + ".css");
    URL binary = ThemeBase.class.getResource("/themes/" + name + ".bss");
    assertNotNull(binary, "the build writes /themes/" + name + ".bss");

    assertEquals(rules(new CssParser().parse(css)), rules(Stylesheet.loadBinary(binary)));
  }

  @Test
  void eachBaseGetsItsOwnStylesheet() throws IOException {
    assertNotEquals(
        rules(Stylesheet.loadBinary(BinaryStylesheets.find(ThemeBase.LIGHT))),
        rules(Stylesheet.loadBinary(BinaryStylesheets.find(ThemeBase.DARK))));
  }

  @Test
  void writingAgainGivesTheSameRules(@TempDir Path folder) throws IOException {
    Path target = folder.resolve("primer-dark.bss");
    BinaryStylesheets.write(ThemeBase.DARK, target);

    assertEquals(
        rules(new CssParser().parse(atlantaFx(ThemeBase.DARK))),
        rules(Stylesheet.loadBinary(target.toUri().toURL())));
    try (var left = Files.list(folder)) {
      assertEquals(List.of(target), left.toList(), "only the binary stylesheet is left");
    }
  }

  private static URL atlantaFx(ThemeBase base) {
    URL url = ThemeBase.class.getResource(base.atlantaFxStylesheet());
    assertNotNull(url, base.atlantaFxStylesheet());
    return url;
  }

  /**
   * Each rule as text: its selectors, then each declaration's property, importance and parsed value
   * written out in full (ParsedValue's own toString prints nested arrays by identity). A url()
   * value keeps the URL of the stylesheet it came from, which differs between the two forms by
   * design.
   */
  private static List<String> rules(Stylesheet stylesheet) {
    // getDeclarations(): a rule read from the binary form decodes its declarations on first use.
    return stylesheet.getRules().stream()
        .map(
            rule -> {
              StringBuilder text = new StringBuilder(rule.getSelectors().toString());
              for (Declaration declaration : rule.getDeclarations()) {
                text.append(' ').append(declaration.getProperty());
                text.append(declaration.isImportant() ? "!" : "").append('=');
                write(declaration.getParsedValue(), stylesheet.getUrl(), text);
              }
              return text.toString();
            })
        .toList();
  }

  /** Writes {@code value}; the stylesheet's own URL (url() values keep it) is written as "self". */
  private static void write(Object value, String self, StringBuilder text) {
    if (value instanceof ParsedValue<?, ?> parsed) {
      text.append(parsed.isLookup() ? "lookup(" : "(");
      write(parsed.getValue(), self, text);
      StyleConverter<?, ?> converter = parsed.getConverter();
      text.append(converter == null ? "" : " as " + converter.getClass().getName()).append(')');
    } else if (value instanceof Object[] array) {
      text.append('[');
      for (Object element : array) {
        write(element, self, text);
        text.append(',');
      }
      text.append(']');
    } else {
      text.append(self.equals(value) ? "self" : value);
    }
  }
}
