package dev.atelier.gui.theme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThemeHeaderTest {

  @Test
  void readsNameAndBase() {
    ThemeHeader header =
        ThemeHeader.parse("/* atelier-theme: name=Ocean Night; base=dark */\n.root { }");

    assertThat(header).isEqualTo(new ThemeHeader("Ocean Night", ThemeBase.DARK));
  }

  @Test
  void allowsLeadingBlankLinesAnyCaseBaseAndUnknownKeys() {
    ThemeHeader header =
        ThemeHeader.parse("\n\n/*atelier-theme:  base = LIGHT ; author=Ann; name = Paper ;*/");

    assertThat(header).isEqualTo(new ThemeHeader("Paper", ThemeBase.LIGHT));
  }

  @Test
  void rejectsAFileWithoutHeader() {
    assertThatThrownBy(() -> ThemeHeader.parse(".root { -color-fg-default: red; }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atelier-theme:");
  }

  @Test
  void rejectsAHeaderThatIsNotFirst() {
    assertThatThrownBy(
            () -> ThemeHeader.parse(".root {}\n/* atelier-theme: name=Late; base=light */"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAMissingName() {
    assertThatThrownBy(() -> ThemeHeader.parse("/* atelier-theme: base=dark */"))
        .hasMessageContaining("no name");
  }

  @Test
  void rejectsAMissingOrUnknownBase() {
    assertThatThrownBy(() -> ThemeHeader.parse("/* atelier-theme: name=X */"))
        .hasMessageContaining("no base");
    assertThatThrownBy(() -> ThemeHeader.parse("/* atelier-theme: name=X; base=sepia */"))
        .hasMessageContaining("unknown base 'sepia'");
  }

  @Test
  void rejectsAPairWithoutEquals() {
    assertThatThrownBy(() -> ThemeHeader.parse("/* atelier-theme: name=X; dark */"))
        .hasMessageContaining("'dark' is not key=value");
  }
}
