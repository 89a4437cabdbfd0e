package dev.atelier.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesTest {

  @Test
  void sha256HexMatchesTheFipsTestVectors() {
    assertThat(Hashes.sha256Hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hashes.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hexIsLowercaseTwoDigitsPerByte() {
    assertThat(Hashes.hex(new byte[] {0x00, 0x0f, (byte) 0xAB, (byte) 0xff})).isEqualTo("000fabff");
  }
}
