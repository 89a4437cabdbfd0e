package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class JumbfTest {

  @Test
  void c2paUuidsAreTheFourCharactersWithTheIsoSuffix() {
    assertThat(HexFormat.of().formatHex(Jumbf.MANIFEST_STORE))
        .isEqualTo("6332706100110010800000aa00389b71");
    assertThat(HexFormat.of().formatHex(Jumbf.CLAIM)).isEqualTo("6332636c00110010800000aa00389b71");
    assertThat(HexFormat.of().formatHex(Jumbf.CBOR)).isEqualTo("63626f7200110010800000aa00389b71");
  }

  @Test
  void writesWhatItReadsBack() {
    byte[] salt = new byte[16];
    salt[3] = 7;
    byte[] inner =
        Jumbf.superBox(
            Jumbf.JSON,
            "dev.atelier.test",
            salt,
            Jumbf.box("json", "{}".getBytes(StandardCharsets.UTF_8)));
    byte[] outer = Jumbf.superBox(Jumbf.ASSERTION_STORE, "c2pa.assertions", null, inner);

    Jumbf.SuperBox read = Jumbf.parse(outer);
    assertThat(read.is(Jumbf.ASSERTION_STORE)).isTrue();
    assertThat(read.typeName()).isEqualTo("c2as");
    assertThat(read.label()).isEqualTo("c2pa.assertions");
    assertThat(read.toggles()).isEqualTo(Jumbf.REQUESTABLE | Jumbf.HAS_LABEL);
    assertThat(read.salt()).isNull();
    Jumbf.SuperBox child = read.superBoxes().getFirst();
    assertThat(child.label()).isEqualTo("dev.atelier.test");
    assertThat(child.toggles()).isEqualTo(0x13);
    assertThat(child.salt()).isEqualTo(salt);
    assertThat(child.content("json")).asString().isEqualTo("{}");
    // The payload is the superbox minus its 8-byte header, as stored.
    assertThat(child.payload()).isEqualTo(java.util.Arrays.copyOfRange(inner, 8, inner.length));
  }

  @Test
  void readsSixtyFourBitAndToTheEndSizes() {
    byte[] jumd = Jumbf.box("jumd", Jumbf.description(Jumbf.CBOR, "x.y", null));
    // LBox = 1 with XLBox; the content box runs to the end (LBox = 0).
    ByteBuffer b = ByteBuffer.allocate(16 + jumd.length + 8 + 2);
    b.putInt(1).put("jumb".getBytes(StandardCharsets.US_ASCII)).putLong(b.capacity());
    b.put(jumd);
    b.putInt(0).put("cbor".getBytes(StandardCharsets.US_ASCII)).put(new byte[] {(byte) 0x81, 0});
    Jumbf.SuperBox read = Jumbf.parse(b.array());
    assertThat(read.label()).isEqualTo("x.y");
    assertThat(read.content("cbor")).containsExactly(0x81, 0);
  }

  @Test
  void refusesDamagedBoxesSayingWhere() {
    byte[] good = Jumbf.superBox(Jumbf.CBOR, "a.b", null, Jumbf.box("cbor", new byte[] {0}));

    byte[] tooLong = good.clone();
    ByteBuffer.wrap(tooLong).putInt(0, good.length + 1);
    assertThatThrownBy(() -> Jumbf.parse(tooLong))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("at byte 0")
        .hasMessageContaining("claims " + (good.length + 1) + " bytes");

    byte[] tooShort = good.clone();
    ByteBuffer.wrap(tooShort).putInt(0, 3);
    assertThatThrownBy(() -> Jumbf.parse(tooShort))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("header alone");

    assertThatThrownBy(() -> Jumbf.parse(java.util.Arrays.copyOf(good, 5)))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("needs 8 bytes");

    byte[] noDescription = Jumbf.box("jumb", Jumbf.box("cbor", new byte[] {0}));
    assertThatThrownBy(() -> Jumbf.parse(noDescription))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("description box");

    byte[] unterminated =
        Jumbf.box(
            "jumb",
            Jumbf.box(
                "jumd",
                java.util.Arrays.copyOf(Jumbf.description(Jumbf.CBOR, "abc", null), 16 + 1 + 3)));
    assertThatThrownBy(() -> Jumbf.parse(unterminated))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("NUL");

    assertThatThrownBy(() -> Jumbf.parse(Jumbf.box("cbor", new byte[] {0})))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("not one JUMBF superbox");
  }
}
