package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.gui.shell.Screen;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

  @Test
  void noArgumentsOpenTheGenerateScreen() {
    assertThat(LaunchOptions.parse(List.of())).isEqualTo(LaunchOptions.DEFAULT);
    assertThat(LaunchOptions.DEFAULT.screen()).isEqualTo(Screen.GENERATE);
  }

  @Test
  void readsScreenshotScreenAndTheme() {
    LaunchOptions options =
        LaunchOptions.parse(
            List.of("--screenshot=out/shot.png", "--screen=Settings", "--theme=dark"));

    assertThat(options)
        .isEqualTo(
            new LaunchOptions(
                Optional.of(Path.of("out/shot.png")), Screen.SETTINGS, Optional.of("dark")));
  }

  @Test
  void rejectsUnknownOptionsScreensAndMissingValues() {
    assertThatThrownBy(() -> LaunchOptions.parse(List.of("--fullscreen")))
        .hasMessage("Unknown option: --fullscreen");
    assertThatThrownBy(() -> LaunchOptions.parse(List.of("--screen=gallery")))
        .hasMessageContaining("Unknown screen 'gallery'");
    assertThatThrownBy(() -> LaunchOptions.parse(List.of("--screenshot=")))
        .hasMessageContaining("--screenshot needs a value");
    assertThatThrownBy(() -> LaunchOptions.parse(List.of("--theme")))
        .hasMessageContaining("--theme needs a value");
  }
}
