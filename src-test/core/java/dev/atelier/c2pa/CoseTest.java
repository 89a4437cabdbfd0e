package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COSE_Sign1 as the claim signature: its shape, and what makes it fail. */
class CoseTest {

  private static final byte[] INSTALL = new byte[16];
  private static final byte[] CLAIM = "the claim".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private UnlockedAccount alice;
  private UnlockedAccount bob;
  private C2paIdentity a;
  private C2paIdentity b;

  @BeforeEach
  void unlock() {
    alice = TestAccounts.unlocked(TestAccounts.KEY_0);
    bob = TestAccounts.unlocked(TestAccounts.KEY_1);
    a = C2paIdentity.of(alice, INSTALL, dir);
    b = C2paIdentity.of(bob, INSTALL, dir);
  }

  @AfterEach
  void lock() {
    alice.close();
    bob.close();
  }

  private static byte[] der(C2paIdentity id) throws Exception {
    return id.certificate().getEncoded();
  }

  @Test
  void isATaggedSign1WithAlgAndX5chainProtectedAndADetachedPayload() throws Exception {
    byte[] cose = Cose.signEs256(CLAIM, der(a), a::signEs256);
    Cbor.Tagged tagged = (Cbor.Tagged) Cbor.decode(cose, "test");
    assertThat(tagged.tag()).isEqualTo(18);
    List<?> parts = (List<?>) tagged.value();
    assertThat(parts).hasSize(4);
    Map<?, ?> header = (Map<?, ?>) Cbor.decode((byte[]) parts.get(0), "header");
    assertThat(header.get(1L)).isEqualTo(-7L);
    assertThat((byte[]) header.get(33L)).isEqualTo(der(a));
    assertThat((Map<?, ?>) parts.get(1)).isEmpty();
    assertThat(parts.get(2)).isNull();
    assertThat((byte[]) parts.get(3)).hasSize(64);

    Cose.Verification v = Cose.verify(cose, CLAIM);
    assertThat(v.valid()).isTrue();
    assertThat(v.algorithm()).isEqualTo("ES256");
    assertThat(v.certificate()).isEqualTo(a.certificate());
  }

  @Test
  void anotherPayloadDoesNotVerify() throws Exception {
    byte[] cose = Cose.signEs256(CLAIM, der(a), a::signEs256);
    assertThat(Cose.verify(cose, "the claim!".getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
  }

  @Test
  void aSignatureByAnotherKeyThanTheCertificatesDoesNotVerify() throws Exception {
    byte[] cose = Cose.signEs256(CLAIM, der(b), a::signEs256);
    Cose.Verification v = Cose.verify(cose, CLAIM);
    assertThat(v.certificate()).isEqualTo(b.certificate());
    assertThat(v.valid()).isFalse();
  }

  @Test
  void malformedSignaturesAreRefusedClearly() throws Exception {
    byte[] cose = Cose.signEs256(CLAIM, der(a), a::signEs256);
    List<?> parts = (List<?>) ((Cbor.Tagged) Cbor.decode(cose, "test")).value();

    assertThatThrownBy(() -> Cose.verify(Cbor.encode(parts), CLAIM))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("not a tagged COSE_Sign1");

    List<Object> threeParts = new ArrayList<>(parts.subList(0, 3));
    assertThatThrownBy(() -> Cose.verify(Cbor.encode(new Cbor.Tagged(18, threeParts)), CLAIM))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("four items");

    Map<Object, Object> rsa = new LinkedHashMap<>();
    rsa.put(1L, -257L);
    rsa.put(33L, der(a));
    List<Object> otherAlg = new ArrayList<>(parts);
    otherAlg.set(0, Cbor.encode(rsa));
    assertThatThrownBy(() -> Cose.verify(Cbor.encode(new Cbor.Tagged(18, otherAlg)), CLAIM))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("COSE algorithm -257");

    Map<Object, Object> noChain = Map.of(1L, -7L);
    List<Object> unsigned = new ArrayList<>(parts);
    unsigned.set(0, Cbor.encode(noChain));
    assertThatThrownBy(() -> Cose.verify(Cbor.encode(new Cbor.Tagged(18, unsigned)), CLAIM))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("no signing certificate");

    Map<Object, Object> junkCert = new LinkedHashMap<>();
    junkCert.put(1L, -7L);
    junkCert.put(33L, new byte[] {1, 2, 3});
    List<Object> junk = new ArrayList<>(parts);
    junk.set(0, Cbor.encode(junkCert));
    assertThatThrownBy(() -> Cose.verify(Cbor.encode(new Cbor.Tagged(18, junk)), CLAIM))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("not a valid X.509 certificate");
  }

  @Test
  void aSignatureOfTheWrongSizeDoesNotVerify() throws Exception {
    byte[] cose = Cose.signEs256(CLAIM, der(a), a::signEs256);
    List<Object> parts =
        new ArrayList<>((List<?>) ((Cbor.Tagged) Cbor.decode(cose, "test")).value());
    parts.set(3, new byte[10]);
    assertThat(Cose.verify(Cbor.encode(new Cbor.Tagged(18, parts)), CLAIM).valid()).isFalse();
  }
}
