package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestSpecTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aNewSpecHasAFreshInstanceIdAndAtelierAsAgent() {
    ManifestSpec a = ManifestSpec.of("t");
    assertThat(a.instanceId()).matches("xmp:iid:[0-9a-f-]{36}");
    assertThat(ManifestSpec.of("t").instanceId()).isNotEqualTo(a.instanceId());
    assertThat(a.softwareAgent().name()).isEqualTo("Atelier");
    assertThat(a.jsonAssertions()).isEmpty();
  }

  @Test
  void keepsItsOwnCopyOfTheJson() {
    byte[] json = utf8("{\"a\":1}");
    ManifestSpec spec = ManifestSpec.of("t").withJsonAssertion("dev.atelier.x", json);
    json[1] = 'X';
    assertThat(spec.jsonAssertions().get("dev.atelier.x")).asString().isEqualTo("{\"a\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"provenance", ".x", "dev..x", "dev.x/y", "1dev.x", "dev.x ", ""})
  void refusesLabelsThatAreNotC2paLabels(String label) {
    assertThatThrownBy(() -> ManifestSpec.of("t").withJsonAssertion(label, utf8("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a C2PA label");
  }

  @Test
  void refusesReservedLabels() {
    assertThatThrownBy(() -> ManifestSpec.of("t").withJsonAssertion("c2pa.actions", utf8("{}")))
        .hasMessageContaining("reserved");
  }

  @Test
  void refusesJsonThatIsNotOneObject() {
    ManifestSpec spec = ManifestSpec.of("t");
    assertThatThrownBy(() -> spec.withJsonAssertion("dev.a.b", utf8("{\"a\":")))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> spec.withJsonAssertion("dev.a.b", utf8("[1]")))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> spec.withJsonAssertion("dev.a.b", utf8("{} {}")))
        .hasMessageContaining("more than one JSON value");
    assertThatThrownBy(() -> spec.withJsonAssertion("dev.a.b", new byte[0]))
        .hasMessageContaining("empty");
  }

  @Test
  void needsATitleAndAnInstanceId() {
    assertThatThrownBy(() -> ManifestSpec.of(" ")).hasMessageContaining("title");
    assertThatThrownBy(
            () ->
                new ManifestSpec("t", "", ManifestSpec.SoftwareAgent.atelier(), java.util.Map.of()))
        .hasMessageContaining("instance id");
  }
}
