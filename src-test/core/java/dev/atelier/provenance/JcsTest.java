package dev.atelier.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.hashing.Hashes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JcsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String jcs(String json) throws Exception {
    return Jcs.canonicalize(JSON.readTree(json));
  }

  @Test
  void theExampleOfRfc8785() throws Exception {
    String input =
        """
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }
        """;
    assertThat(jcs(input))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void membersSortByUtf16CodeUnitsNotCodePoints() throws Exception {
    // The sorting example of RFC 8785, section 3.2.3.
    String input =
        """
        {"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",
         "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",
         "\\u00f6": "Latin Small Letter O With Diaeresis"}
        """;
    assertThat(jcs(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void numbersAreWrittenAsEcmaScriptWritesThem() {
    // Values from RFC 8785, appendix B, and the edges of the plain notation.
    assertThat(Jcs.number(0.0)).isEqualTo("0");
    assertThat(Jcs.number(-0.0)).isEqualTo("0");
    assertThat(Jcs.number(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(Jcs.number(-Double.MIN_VALUE)).isEqualTo("-5e-324");
    assertThat(Jcs.number(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(Jcs.number(9007199254740992.0)).isEqualTo("9007199254740992");
    assertThat(Jcs.number(-9007199254740992.0)).isEqualTo("-9007199254740992");
    assertThat(Jcs.number(295147905179352825856.0)).isEqualTo("295147905179352830000");
    assertThat(Jcs.number(1e21)).isEqualTo("1e+21");
    assertThat(Jcs.number(999999999999999900000.0)).isEqualTo("999999999999999900000");
    assertThat(Jcs.number(1e23)).isEqualTo("1e+23");
    assertThat(Jcs.number(Double.longBitsToDouble(0x44b52d02c7e14af5L)))
        .isEqualTo("9.999999999999997e+22");
    assertThat(Jcs.number(0.000001)).isEqualTo("0.000001");
    assertThat(Jcs.number(1e-7)).isEqualTo("1e-7");
    assertThat(Jcs.number(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(Jcs.number(Double.longBitsToDouble(0x3eb0c6f7a0b5ed8cL)))
        .isEqualTo("9.999999999999997e-7");
    assertThat(Jcs.number(333333333.3333333)).isEqualTo("333333333.3333333");
    assertThat(Jcs.number(Double.longBitsToDouble(0x41b3de4355555554L)))
        .isEqualTo("333333333.33333325");
    assertThat(Jcs.number(-0.0000033333333333333333)).isEqualTo("-0.0000033333333333333333");
    assertThat(Jcs.number(1424953923781206.2)).isEqualTo("1424953923781206.2");
    assertThat(Jcs.number(0.1)).isEqualTo("0.1");
    assertThat(Jcs.number(4.0)).isEqualTo("4");
    assertThat(Jcs.number(7.5)).isEqualTo("7.5");
    assertThat(Jcs.number(100.0)).isEqualTo("100");
    assertThat(Jcs.number(123e-20)).isEqualTo("1.23e-18");
  }

  @Test
  void largeIntegersAreRoundedToTheNearestDoubleAsInJavaScript() throws Exception {
    assertThat(jcs("[18446744073709551617, 9007199254740993, -12345678901234567890]"))
        .isEqualTo("[18446744073709552000,9007199254740992,-12345678901234567000]");
    assertThat(jcs("[1, -1, 2147483648, 1.0, 1e2]")).isEqualTo("[1,-1,2147483648,1,100]");
  }

  @Test
  void nonFiniteNumbersAreRefused() {
    assertThatThrownBy(() -> Jcs.number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Jcs.number(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    JsonNode nan = JsonNodeFactory.instance.arrayNode().add(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> Jcs.canonicalize(nan)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringsEscapeOnlyWhatJsonRequires() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("s", "q\" b\\ \b\t\n\f\r \u0000\u001f\u007f \u2028\u2029 é 😀 /");
    assertThat(Jcs.canonicalize(o))
        .isEqualTo(
            "{\"s\":\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0000\\u001f\u007f \u2028\u2029 é 😀 /\"}");
  }

  @Test
  void loneSurrogatesAreRefused() {
    ObjectNode value = JsonNodeFactory.instance.objectNode().put("s", "a\ud83d");
    assertThatThrownBy(() -> Jcs.canonicalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JCS refuses a string with a lone surrogate (U+D83D at index 1)");
    ObjectNode key = JsonNodeFactory.instance.objectNode().put("\ude00x", 1);
    assertThatThrownBy(() -> Jcs.canonicalize(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whitespaceAndMemberOrderDoNotChangeTheHashButAnyValueDoes() throws Exception {
    JsonNode a = JSON.readTree("{ \"b\" : [1, {\"y\": 2, \"x\": [true]}],\n \"a\": \"z\" }");
    JsonNode b = JSON.readTree("{\"a\":\"z\",\"b\":[1,{\"x\":[true],\"y\":2.0}]}");
    assertThat(Jcs.canonicalize(a)).isEqualTo("{\"a\":\"z\",\"b\":[1,{\"x\":[true],\"y\":2}]}");
    assertThat(Jcs.sha256(a)).isEqualTo(Jcs.sha256(b));
    assertThat(Jcs.sha256(a))
        .isEqualTo(Hashes.sha256Hex(Jcs.canonicalize(a).getBytes(StandardCharsets.UTF_8)));
    assertThat(Jcs.sha256(JSON.readTree("{\"a\":\"z\",\"b\":[1,{\"x\":[false],\"y\":2}]}")))
        .isNotEqualTo(Jcs.sha256(a));
    assertThat(Jcs.sha256(JSON.readTree("{\"a\":\"z\",\"b\":[{\"x\":[true],\"y\":2},1]}")))
        .isNotEqualTo(Jcs.sha256(a));
    assertThat(Jcs.canonicalBytes(JSON.readTree("\"é\""))).containsExactly('"', 0xc3, 0xa9, '"');
  }
}
