package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeWarningsTest {

  @Test
  void loadingTheEngineRaisesPyTorchsLogLevelToErrors() {
    EngineInfo.pytorch();

    assertThat(NativeWarnings.level()).contains(NativeWarnings.ERROR);
    assertThat(NativeWarnings.quiet()).as("a second call keeps it").isTrue();
  }
}
