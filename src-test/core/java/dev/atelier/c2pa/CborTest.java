package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CBOR against the examples of RFC 8949, appendix A, and against damaged input. */
class CborTest {

  private static final HexFormat HEX = HexFormat.of();

  private static String hex(Object value) {
    return HEX.formatHex(Cbor.encode(value));
  }

  private static Object decode(String hex) {
    return Cbor.decode(HEX.parseHex(hex), "the test data");
  }

  @Test
  void encodesIntegersInTheShortestForm() {
    assertThat(hex(0)).isEqualTo("00");
    assertThat(hex(23)).isEqualTo("17");
    assertThat(hex(24)).isEqualTo("1818");
    assertThat(hex(100)).isEqualTo("1864");
    assertThat(hex(1000)).isEqualTo("1903e8");
    assertThat(hex(1000000)).isEqualTo("1a000f4240");
    assertThat(hex(1000000000000L)).isEqualTo("1b000000e8d4a51000");
    assertThat(hex(Long.MAX_VALUE)).isEqualTo("1b7fffffffffffffff");
    assertThat(hex(-1)).isEqualTo("20");
    assertThat(hex(-10)).isEqualTo("29");
    assertThat(hex(-100)).isEqualTo("3863");
    assertThat(hex(-1000)).isEqualTo("3903e7");
    assertThat(hex(Long.MIN_VALUE)).isEqualTo("3b7fffffffffffffff");
  }

  @Test
  void encodesStringsBytesAndSimpleValues() {
    assertThat(hex("")).isEqualTo("60");
    assertThat(hex("a")).isEqualTo("6161");
    assertThat(hex("IETF")).isEqualTo("6449455446");
    assertThat(hex("\"\\")).isEqualTo("62225c");
    assertThat(hex("\u00fc")).isEqualTo("62c3bc");
    assertThat(hex("\u6c34")).isEqualTo("63e6b0b4");
    assertThat(hex(new byte[0])).isEqualTo("40");
    assertThat(hex(HEX.parseHex("01020304"))).isEqualTo("4401020304");
    assertThat(hex(false)).isEqualTo("f4");
    assertThat(hex(true)).isEqualTo("f5");
    assertThat(hex(null)).isEqualTo("f6");
  }

  @Test
  void encodesArraysMapsAndTagsInOrder() {
    assertThat(hex(List.of())).isEqualTo("80");
    assertThat(hex(List.of(1, 2, 3))).isEqualTo("83010203");
    assertThat(hex(List.of(1, List.of(2, 3), List.of(4, 5)))).isEqualTo("8301820203820405");
    assertThat(hex(Map.of())).isEqualTo("a0");
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of(2, 3));
    assertThat(hex(m)).isEqualTo("a26161016162820203");
    Map<Object, Object> ints = new LinkedHashMap<>();
    ints.put(1L, -7L);
    ints.put(33L, new byte[] {9});
    assertThat(hex(ints)).isEqualTo("a201261821" + "4109");
    assertThat(hex(new Cbor.Tagged(1, 1363896240L))).isEqualTo("c11a514b67b0");
    assertThat(hex(new Cbor.Tagged(18, List.of()))).isEqualTo("d280");
  }

  @Test
  void refusesValuesItCannotEncode() {
    assertThatThrownBy(() -> Cbor.encode(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cbor.encode(1.5))
        .hasMessageStartingWith(
            "Cannot encode the number 1.5 in CBOR: it takes text, whole numbers")
        .hasMessageNotContaining("Double");
    assertThatThrownBy(() -> Cbor.encode(List.of(new Object())))
        .hasMessageStartingWith("Cannot encode a value of this kind in CBOR")
        .hasMessageNotContaining("Object");
  }

  @Test
  void decodesWhatItEncodes() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("name", "Atelier");
    m.put("n", -300L);
    m.put("b", new byte[] {1, 2});
    m.put("list", List.of(true, false, "x"));
    Map<?, ?> back = (Map<?, ?>) Cbor.decode(Cbor.encode(m), "a map");
    assertThat(new java.util.ArrayList<Object>(back.keySet()))
        .containsExactly("name", "n", "b", "list");
    assertThat(back.get("name")).isEqualTo("Atelier");
    assertThat(back.get("n")).isEqualTo(-300L);
    assertThat((byte[]) back.get("b")).containsExactly(1, 2);
    assertThat(back.get("list")).isEqualTo(List.of(true, false, "x"));
  }

  @Test
  void decodesTheRfcExamples() {
    assertThat(decode("1b000000e8d4a51000")).isEqualTo(1000000000000L);
    assertThat(decode("1bffffffffffffffff")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(decode("3bffffffffffffffff")).isEqualTo(new BigInteger("-18446744073709551616"));
    assertThat(decode("3903e7")).isEqualTo(-1000L);
    assertThat(decode("f90000")).isEqualTo(0.0);
    assertThat(decode("f93c00")).isEqualTo(1.0);
    assertThat(decode("fa47c35000")).isEqualTo(100000.0);
    assertThat(decode("fb3ff199999999999a")).isEqualTo(1.1);
    assertThat(decode("f7")).isNull();
    assertThat(decode("c11a514b67b0")).isEqualTo(new Cbor.Tagged(1, 1363896240L));
    assertThat(decode("63e6b0b4")).isEqualTo("\u6c34");
  }

  @Test
  void decodesIndefiniteLengths() {
    assertThat((byte[]) decode("5f42010243030405ff")).containsExactly(1, 2, 3, 4, 5);
    assertThat(decode("7f657374726561646d696e67ff")).isEqualTo("streaming");
    assertThat(decode("9f018202039f0405ffff"))
        .isEqualTo(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
    Map<?, ?> m = (Map<?, ?>) decode("bf61610161629f0203ffff");
    assertThat(m.get("a")).isEqualTo(1L);
    assertThat(m.get("b")).isEqualTo(List.of(2L, 3L));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource({
    "empty, '', ends in the middle",
    "cut integer, 1a0000, ends in the middle",
    "string past the end, 430102, runs past the end",
    "huge length, 5bffffffffffffffff, runs past the end",
    "array past the end, 9a7fffffff, runs past the end",
    "stray bytes, 0000, stray bytes",
    "duplicate key, a2616101616102, twice",
    "byte-string key, a1410101, neither text nor an integer",
    "bad UTF-8, 62c328, not valid UTF-8",
    "lone break, ff, break code",
    "break in a definite array, 81ff, break code",
    "reserved info, 1c, reserved",
    "indefinite integer, 1f, cannot have an indefinite length",
    "unterminated indefinite array, 9f01, ends in the middle",
    "mixed string chunks, 5f6161ff, another type",
    "simple value, f8ff, unsupported simple value",
  })
  void refusesDamagedInputSayingWhereAndWhy(String name, String hex, String message) {
    assertThatThrownBy(() -> decode(hex == null ? "" : hex))
        .isInstanceOf(C2paException.class)
        .hasMessageStartingWith("Malformed CBOR in the test data at byte ")
        .hasMessageContaining(message);
  }

  @Test
  void limitsNesting() {
    String deep = "81".repeat(200) + "00";
    assertThatThrownBy(() -> decode(deep))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("nested deeper");
  }
}
