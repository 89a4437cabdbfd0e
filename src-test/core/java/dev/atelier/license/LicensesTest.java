package dev.atelier.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.License;
import dev.atelier.hashing.Hashes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LicensesTest {

  /** Pinned: a built-in text must never change (signed records name it by this hash). */
  static final Map<String, String> PINNED =
      Map.of(
          "CC0-1.0", "6d489af6292662d9e36d34ce49423784984a5f6e41d7b58f49b01264df59fa03",
          "CC-BY-4.0", "4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46",
          "CC-BY-NC-4.0", "03f934cfa32989708620362ba71120abc1cbb58e26b6f681eb1cd45e4ddaa8b3",
          "CC-BY-SA-4.0", "c871544d989d2db1b0d0b7788f5591f56731c039c7d51e7a8f8da74c5679115a",
          "LicenseRef-Atelier-Commercial-1.0",
              "3b9469cef9b697dc9634919ae91bd5a359cfa0cd474c47dfa3528dff2a60a14e",
          "LicenseRef-Atelier-Personal-1.0",
              "43cd4fb97ec15e2f9c0c9cd1d4816b41fc20eb917ceb869f74eec040794f8ad6");

  @Test
  void builtInsAreTheSixLicensesWithTheirPinnedHashes() throws Exception {
    assertThat(Licenses.builtIns())
        .extracting(License::id)
        .containsExactly(
            "CC0-1.0",
            "CC-BY-4.0",
            "CC-BY-NC-4.0",
            "CC-BY-SA-4.0",
            "LicenseRef-Atelier-Commercial-1.0",
            "LicenseRef-Atelier-Personal-1.0");
    for (License l : Licenses.builtIns()) {
      assertThat(l.termsSha256()).as(l.id()).isEqualTo(PINNED.get(l.id()));
      assertThat(l.builtIn()).isTrue();
      assertThat(l.name()).isNotBlank();
      assertThat(l.summary()).as(l.id()).hasSizeBetween(100, 600).doesNotContain("\n");
      // The stored text is the resource itself, hashed byte for byte (these files use \n only).
      try (InputStream in = Licenses.class.getResourceAsStream(l.id() + ".txt")) {
        byte[] bytes = in.readAllBytes();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(l.termsText());
        assertThat(Hashes.sha256Hex(bytes)).isEqualTo(l.termsSha256());
      }
      assertThat(Licenses.verify(l, l.termsText())).isTrue();
    }
  }

  @Test
  void theTextsAreTheOnesTheirIdsName() {
    assertThat(text("CC0-1.0")).startsWith("Creative Commons Legal Code\n\nCC0 1.0 Universal");
    assertThat(text("CC-BY-4.0")).startsWith("Creative Commons Attribution 4.0 International");
    assertThat(text("CC-BY-NC-4.0"))
        .startsWith("Creative Commons Attribution-NonCommercial 4.0 International");
    assertThat(text("CC-BY-SA-4.0"))
        .startsWith("Creative Commons Attribution-ShareAlike 4.0 International");
    assertThat(text("LicenseRef-Atelier-Commercial-1.0"))
        .startsWith("Atelier Commercial License 1.0\nLicenseRef-Atelier-Commercial-1.0\n")
        .contains("hate speech", "train, fine-tune", "Exclusive commercial use");
    assertThat(text("LicenseRef-Atelier-Personal-1.0"))
        .startsWith("Atelier Personal Use License 1.0\nLicenseRef-Atelier-Personal-1.0\n")
        .contains("hate speech", "train, fine-tune", "use the Artwork commercially");
  }

  @Test
  void permissionsPerLicense() {
    assertThat(permissions("CC0-1.0")).isEqualTo(new Permissions(true, true, false, false, true));
    assertThat(permissions("CC-BY-4.0")).isEqualTo(new Permissions(true, true, true, false, true));
    assertThat(permissions("CC-BY-NC-4.0"))
        .isEqualTo(new Permissions(false, true, true, false, true));
    assertThat(permissions("CC-BY-SA-4.0"))
        .isEqualTo(new Permissions(true, true, true, true, true));
    assertThat(permissions("LicenseRef-Atelier-Commercial-1.0"))
        .isEqualTo(new Permissions(true, true, false, false, false));
    assertThat(permissions("LicenseRef-Atelier-Personal-1.0"))
        .isEqualTo(new Permissions(false, false, true, false, false));
    assertThat(permissions("CC-BY-NC-4.0").describe())
        .isEqualTo(
            "commercial use: no, derivatives: yes, attribution required: yes, share-alike: no,"
                + " AI training: allowed");
    assertThatThrownBy(() -> new Permissions(true, false, false, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Share-alike");
  }

  @Test
  void termsHashIsSha256OfUtf8WithLineEndingsNormalised() {
    assertThat(Licenses.termsSha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    String unix = "Terms\nline two ✨\n";
    String expected = Hashes.sha256Hex(unix.getBytes(StandardCharsets.UTF_8));
    assertThat(Licenses.termsSha256(unix)).isEqualTo(expected);
    assertThat(Licenses.termsSha256("Terms\r\nline two ✨\r\n")).isEqualTo(expected);
    assertThat(Licenses.termsSha256("Terms\rline two ✨\r")).isEqualTo(expected);
    // Only line endings: other whitespace counts.
    assertThat(Licenses.termsSha256("Terms\nline two ✨\n ")).isNotEqualTo(expected);
    assertThat(Licenses.termsSha256("Terms\n\nline two ✨\n")).isNotEqualTo(expected);
  }

  @Test
  void everyBuiltInVerifiesItsOwnTextWhateverTheLineEndingsAndNoChangedOne() {
    for (License l : Licenses.builtIns()) {
      String text = l.termsText();
      assertThat(Licenses.verify(l, text.replace("\n", "\r\n"))).as(l.id()).isTrue();
      int middle = text.length() / 2;
      char c = text.charAt(middle);
      String oneCharChanged =
          text.substring(0, middle) + (c == 'x' ? 'y' : 'x') + text.substring(middle + 1);
      assertThat(Licenses.termsSha256(oneCharChanged)).isNotEqualTo(l.termsSha256());
      assertThat(Licenses.verify(l, oneCharChanged)).as(l.id()).isFalse();
      assertThat(Licenses.verify(l, text + "\n")).isFalse();
      assertThat(Licenses.verify(l, text.replace("a", "а"))).isFalse(); // Cyrillic a
      assertThat(Licenses.verify(l, null)).isFalse();
    }
  }

  @Test
  void customTermsGetAnIdFromTheirHash() {
    Permissions p = new Permissions(false, true, true, false, false);
    License custom =
        Licenses.custom(
            "  Gallery terms ", "Show it, credit me.\r\nNo selling.\r\n", p, "Shows only.");
    assertThat(custom.termsText()).isEqualTo("Show it, credit me.\nNo selling.\n");
    assertThat(custom.termsSha256())
        .isEqualTo(
            Hashes.sha256Hex(
                "Show it, credit me.\nNo selling.\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(custom.id())
        .isEqualTo("LicenseRef-Custom-" + custom.termsSha256().substring(0, 12))
        .matches("LicenseRef-Custom-[0-9a-f]{12}");
    assertThat(Licenses.isCustomId(custom.id())).isTrue();
    assertThat(Licenses.isCustomId("LicenseRef-Custom-ABCDEF123456")).isFalse();
    assertThat(Licenses.isCustomId("CC0-1.0")).isFalse();
    assertThat(custom.name()).isEqualTo("Gallery terms");
    assertThat(custom.summary()).isEqualTo("Shows only.");
    assertThat(custom.builtIn()).isFalse();
    assertThat(Permissions.of(custom)).isEqualTo(p);
    assertThat(Licenses.verify(custom, "Show it, credit me.\nNo selling.\n")).isTrue();
    assertThat(Licenses.verify(custom, "Show it, credit me.\nNo selling!\n")).isFalse();

    License again = Licenses.custom("Other name", "Show it, credit me.\nNo selling.\n", p, "");
    assertThat(again.id()).isEqualTo(custom.id());
    assertThat(again.summary())
        .isEqualTo(
            "Custom terms set by the creator (commercial use: no, derivatives: yes, attribution"
                + " required: yes, share-alike: no, AI training: not allowed).");
    assertThat(Licenses.custom("n", "Show it, credit me!", p, "").id()).isNotEqualTo(custom.id());
  }

  @Test
  void customTermsNeedANameAndText() {
    Permissions p = new Permissions(true, true, true, false, true);
    assertThatThrownBy(() -> Licenses.custom(" ", "text", p, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A custom license needs a name");
    assertThatThrownBy(() -> Licenses.custom("n", " \r\n", p, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A custom license needs its terms text");
  }

  private static String text(String id) {
    return Licenses.builtIn(id).orElseThrow().termsText();
  }

  private static Permissions permissions(String id) {
    return Permissions.of(Licenses.builtIn(id).orElseThrow());
  }
}
