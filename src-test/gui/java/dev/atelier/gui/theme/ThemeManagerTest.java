package dev.atelier.gui.theme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.atelier.config.Settings;
import dev.atelier.gui.common.BackgroundRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThemeManagerTest {

  @TempDir Path config;
  private Path userThemes;
  private Path settingsFile;

  @BeforeEach
  void folders() throws IOException {
    userThemes = Files.createDirectories(config.resolve("themes"));
    settingsFile = config.resolve("settings.properties");
  }

  @Test
  void builtInThemesDeclareTheirAtlantaFxBase() {
    assertThat(ThemeManager.builtInThemes())
        .extracting(Theme::id, Theme::name, Theme::base, Theme::builtIn)
        .containsExactly(
            tuple("light", "Light", ThemeBase.LIGHT, true),
            tuple("dark", "Dark", ThemeBase.DARK, true));
  }

  @Test
  void findsValidUserThemesAndSkipsBrokenOnesWithoutFailing() throws IOException {
    write("ocean.css", "/* atelier-theme: name=Ocean; base=dark */\n.root { }");
    write("no-header.css", ".root { -color-fg-default: red; }");
    write("bad-base.css", "/* atelier-theme: name=Sepia; base=sepia */");
    Files.write(userThemes.resolve("binary.css"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
    write("notes.txt", "/* atelier-theme: name=Not a stylesheet; base=light */");
    write("paper.css", "/* atelier-theme: name=Paper; base=light */");

    ThemeManager themes = load();

    assertThat(themes.themes())
        .extracting(Theme::id)
        .containsExactly("light", "dark", "ocean", "paper");
    Theme ocean = themes.find("ocean").orElseThrow();
    assertThat(ocean.name()).isEqualTo("Ocean");
    assertThat(ocean.base()).isEqualTo(ThemeBase.DARK);
    assertThat(ocean.builtIn()).isFalse();
    assertThat(ocean.stylesheet()).isEqualTo(userThemes.resolve("ocean.css").toUri().toString());
  }

  @Test
  void aUserThemeCannotReplaceABuiltInOne() throws IOException {
    write("dark.css", "/* atelier-theme: name=My dark; base=dark */");

    ThemeManager themes = load();

    assertThat(themes.themes()).extracting(Theme::id).containsExactly("light", "dark");
    assertThat(themes.find("dark").orElseThrow().name()).isEqualTo("Dark");
  }

  @Test
  void aMissingThemesFolderMeansOnlyBuiltInThemes() throws IOException {
    Files.delete(userThemes);

    assertThat(load().themes()).extracting(Theme::id).containsExactly("light", "dark");
  }

  @Test
  void startsWithTheSavedTheme() throws IOException {
    write("ocean.css", "/* atelier-theme: name=Ocean; base=dark */");
    Settings.load(settingsFile).setTheme("ocean");

    assertThat(load().current().id()).isEqualTo("ocean");
  }

  @Test
  void fallsBackToLightWhenTheSavedThemeIsGone() {
    Settings.load(settingsFile).setTheme("deleted-theme");

    ThemeManager themes = load();

    assertThat(themes.current().id()).isEqualTo("light");
    assertThat(Settings.load(settingsFile).theme())
        .as("the saved choice is kept, in case the theme comes back")
        .isEqualTo("deleted-theme");
  }

  @Test
  void selectSwitchesAndSavesButUseOnlySwitches() {
    ThemeManager themes = load();
    Theme dark = themes.find("dark").orElseThrow();
    Theme light = themes.find("light").orElseThrow();

    themes.select(dark);
    assertThat(themes.current()).isEqualTo(dark);
    assertThat(Settings.load(settingsFile).theme()).isEqualTo("dark");

    themes.use(light);
    assertThat(themes.currentProperty().get()).isEqualTo(light);
    assertThat(Settings.load(settingsFile).theme()).isEqualTo("dark");
  }

  private ThemeManager load() {
    return ThemeManager.load(
        userThemes, Settings.load(settingsFile), BackgroundRunner.sameThread());
  }

  private void write(String name, String css) throws IOException {
    Files.writeString(userThemes.resolve(name), css, StandardCharsets.UTF_8);
  }
}
