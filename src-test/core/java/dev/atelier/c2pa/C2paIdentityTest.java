package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class C2paIdentityTest {

  private static final byte[] INSTALL = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
  private static final BigInteger P256_N =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  @TempDir Path dir;

  private final UnlockedAccount alice = TestAccounts.unlocked(TestAccounts.KEY_0);
  private final UnlockedAccount bob = TestAccounts.unlocked(TestAccounts.KEY_1);

  @AfterEach
  void lock() {
    alice.close();
    bob.close();
  }

  private Path certs() {
    return dir.resolve("c2pa");
  }

  private static ECPublicKey key(C2paIdentity id) {
    return (ECPublicKey) id.certificate().getPublicKey();
  }

  @Test
  void theKeyIsHkdfOfTheWalletKeyForTheC2paPurpose() {
    byte[] derived = alice.deriveKey(C2paIdentity.KEY_PURPOSE, INSTALL);
    BigInteger d = new BigInteger(1, derived);
    assertThat(d).isLessThan(P256_N); // so the first derivation is the scalar
    assertThat(C2paIdentity.scalar(alice, INSTALL)).isEqualTo(d);
    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    assertThat(key(id).getW()).isEqualTo(((ECPublicKey) C2paIdentity.publicKey(d)).getW());
  }

  @Test
  void scalarsOutsideOneToNMinusOneAreRejected() {
    assertThat(C2paIdentity.validScalar(new byte[32])).isNull();
    assertThat(C2paIdentity.validScalar(toBytes(P256_N))).isNull();
    assertThat(C2paIdentity.validScalar(toBytes(P256_N.add(BigInteger.ONE)))).isNull();
    byte[] max = new byte[32];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertThat(C2paIdentity.validScalar(max)).isNull();
    assertThat(C2paIdentity.validScalar(toBytes(P256_N.subtract(BigInteger.ONE))))
        .isEqualTo(P256_N.subtract(BigInteger.ONE));
    assertThat(C2paIdentity.validScalar(toBytes(BigInteger.ONE))).isEqualTo(BigInteger.ONE);
  }

  private static byte[] toBytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void sameAccountAndInstallKeepTheirKeyAndCertificate() throws Exception {
    C2paIdentity first = C2paIdentity.of(alice, INSTALL, certs());
    Path file = certs().resolve(alice.address() + ".pem");
    assertThat(first.certificateFile()).isEqualTo(file);
    String pem = Files.readString(file);
    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");

    C2paIdentity again = C2paIdentity.of(alice, INSTALL, certs());
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(Files.readString(file)).isEqualTo(pem); // reused, not rewritten
  }

  @Test
  void anotherInstallOrAccountHasAnotherKey() {
    byte[] otherInstall = INSTALL.clone();
    otherInstall[0] ^= 1;
    ECPublicKey a = key(C2paIdentity.of(alice, INSTALL, certs()));
    assertThat(key(C2paIdentity.of(alice, otherInstall, dir.resolve("other"))).getW())
        .isNotEqualTo(a.getW());
    assertThat(key(C2paIdentity.of(bob, INSTALL, certs())).getW()).isNotEqualTo(a.getW());
  }

  @Test
  void theCertificateHasTheProfileC2paAsksOfAClaimSigner() throws Exception {
    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    X509Certificate cert = id.certificate();
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal().getName(X500Principal.RFC2253))
        .isEqualTo("CN=Atelier artist " + alice.address() + ",O=Atelier");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    cert.verify(cert.getPublicKey()); // self-signed
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(key(id).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    assertThat(usage[5]).as("keyCertSign").isFalse();
    assertThat(cert.getExtendedKeyUsage())
        .containsExactlyInAnyOrder(C2paIdentity.EKU_C2PA_CLAIM_SIGNING, "1.3.6.1.5.5.7.3.4");
    assertThat(cert.getExtensionValue("2.5.29.14")).as("subject key id").isNotNull();
    assertThat(cert.getExtensionValue("2.5.29.35")).as("authority key id").isNotNull();
    assertThat(cert.getSerialNumber()).isPositive();
    Duration validity =
        Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    assertThat(validity).isEqualTo(C2paIdentity.VALIDITY);
    assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
  }

  @Test
  void signaturesVerifyWithTheCertificate() throws Exception {
    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    byte[] data = "claim".getBytes(StandardCharsets.UTF_8);
    byte[] sig = id.signEs256(data);
    assertThat(sig).hasSize(64);
    Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
    v.initVerify(id.certificate().getPublicKey());
    v.update(data);
    assertThat(v.verify(sig)).isTrue();
    v.initVerify(id.certificate().getPublicKey());
    v.update("claim!".getBytes(StandardCharsets.UTF_8));
    assertThat(v.verify(sig)).isFalse();
  }

  @Test
  void aCachedCertificateForAnotherKeyIsReplaced() throws Exception {
    C2paIdentity bobs = C2paIdentity.of(bob, INSTALL, certs());
    Path aliceFile = certs().resolve(alice.address() + ".pem");
    Files.copy(bobs.certificateFile(), aliceFile);

    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    assertThat(key(id).getW())
        .isEqualTo(
            ((ECPublicKey) C2paIdentity.publicKey(C2paIdentity.scalar(alice, INSTALL))).getW());
    assertThat(C2paIdentity.readPem(aliceFile)).isEqualTo(id.certificate());
  }

  @Test
  void anUnreadableCachedCertificateIsReplaced() throws Exception {
    Path file = certs().resolve(alice.address() + ".pem");
    Files.createDirectories(certs());
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    assertThat(C2paIdentity.readPem(file)).isEqualTo(id.certificate());
  }

  @Test
  void aCertificateNearItsEndIsRenewed() {
    Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
    C2paIdentity first = C2paIdentity.of(alice, INSTALL, certs(), Clock.fixed(t0, ZoneOffset.UTC));
    Instant stillFine = t0.plus(C2paIdentity.VALIDITY).minus(Duration.ofDays(60));
    assertThat(
            C2paIdentity.of(alice, INSTALL, certs(), Clock.fixed(stillFine, ZoneOffset.UTC))
                .certificate())
        .isEqualTo(first.certificate());
    Instant nearEnd = t0.plus(C2paIdentity.VALIDITY).minus(Duration.ofDays(10));
    C2paIdentity renewed =
        C2paIdentity.of(alice, INSTALL, certs(), Clock.fixed(nearEnd, ZoneOffset.UTC));
    assertThat(renewed.certificate()).isNotEqualTo(first.certificate());
    assertThat(renewed.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
    assertThat(renewed.certificate().getNotAfter().toInstant())
        .isAfter(nearEnd.plus(Duration.ofDays(3000)));
  }

  @Test
  void needsAnUnlockedAccountToBeMadeAndToSign() {
    C2paIdentity id = C2paIdentity.of(alice, INSTALL, certs());
    alice.close();
    assertThatThrownBy(() -> id.signEs256(new byte[] {1}))
        .isInstanceOf(WalletException.class)
        .extracting(e -> ((WalletException) e).reason())
        .isEqualTo(WalletException.Reason.LOCKED);
    assertThatThrownBy(() -> C2paIdentity.of(alice, INSTALL, certs()))
        .isInstanceOf(WalletException.class);
  }

  @Test
  void onlyThePublicCertificateIsWritten() throws Exception {
    byte[] derived = alice.deriveKey(C2paIdentity.KEY_PURPOSE, INSTALL);
    String keyHex = HexFormat.of().formatHex(derived);
    C2paIdentity.of(alice, INSTALL, certs());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).containsExactly(certs().resolve(alice.address() + ".pem"));
    String pem = Files.readString(files.getFirst());
    assertThat(pem).doesNotContain("PRIVATE").doesNotContainIgnoringCase(keyHex);
    byte[] der = C2paIdentity.readPem(files.getFirst()).getEncoded();
    assertThat(TestPngs.indexOf(der, derived)).isNegative();
  }
}
