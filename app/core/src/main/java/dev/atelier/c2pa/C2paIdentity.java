package dev.atelier.c2pa;

import dev.atelier.io.AtomicFiles;
import dev.atelier.wallet.UnlockedAccount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The artist's C2PA signing identity: a P-256 key derived from their unlocked wallet account, and a
 * self-signed X.509 certificate for it.
 *
 * <h2>The key</h2>
 *
 * The private key is never stored. It is {@link UnlockedAccount#deriveKey derived} from the account
 * key with HKDF-SHA256, purpose {@value #KEY_PURPOSE}, salted with the install's random id ({@link
 * dev.atelier.config.InstallId}), each time it is needed: once to check or make the certificate,
 * once per signature. So signing works only while the account is unlocked, and the same account on
 * the same install always has the same C2PA key. The 32 derived bytes are used as the scalar when
 * they lie in {@code [1, n-1]} (n, the order of P-256); otherwise (probability about
 * 2<sup>-32</sup>) the purpose gets a counter ({@code …#1}, {@code …#2}) and the derivation is
 * repeated, which keeps the key uniformly distributed. The derived bytes are cleared at once; the
 * JCA key object made from them cannot be cleared and lives for one operation (as web3j's key pairs
 * do, see {@link dev.atelier.wallet}).
 *
 * <h2>The certificate</h2>
 *
 * Subject and issuer {@code CN=Atelier artist <address>, O=Atelier}; a random serial; valid from an
 * hour before it is made for ten years; ECDSA with SHA-256; and the profile C2PA asks of a claim
 * signer (§14.5 of the specification): version 3, not a CA (basic constraints, critical), key usage
 * digitalSignature (critical), extended key usage c2pa-kp-claimSigning and id-kp-emailProtection,
 * subject and authority key identifiers. Self-signed, it is not on any C2PA trust list, so other
 * validators report the signer as untrusted while still checking the signature; what binds it to
 * the artist is the wallet's own signature over the provenance record.
 *
 * <p>The certificate is public and cached as PEM in {@code <dir>/<address>.pem}. It is made again
 * when the file is missing or unreadable, is not for the derived key, is not self-signed by it, or
 * is within 30 days of expiring.
 */
public final class C2paIdentity {

  /** The HKDF purpose (info) of the C2PA signing key. Changing it changes every artist's key. */
  public static final String KEY_PURPOSE = "atelier/c2pa-signing/p256/v1";

  /** C2PA's extended key usage for claim signers (c2pa-kp-claimSigning). */
  static final String EKU_C2PA_CLAIM_SIGNING = "1.3.6.1.4.1.62558.2.1";

  static final Duration VALIDITY = Duration.ofDays(3652);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(C2paIdentity.class);
  private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
  private static final ECParameterSpec P256_SPEC = jcaParameters();
  private static final int MAX_ATTEMPTS = 16;

  private final UnlockedAccount account;
  private final byte[] installId;
  private final X509Certificate certificate;
  private final Path certificateFile;

  private C2paIdentity(
      UnlockedAccount account, byte[] installId, X509Certificate certificate, Path file) {
    this.account = account;
    this.installId = installId;
    this.certificate = certificate;
    this.certificateFile = file;
  }

  /**
   * The identity of an unlocked account on this install, its certificate read from or written to
   * {@code certificateDir}.
   *
   * @param installId the install's random id (at least 16 bytes, see {@link
   *     dev.atelier.config.InstallId})
   * @throws dev.atelier.wallet.WalletException if the account is locked
   * @throws UncheckedIOException if the certificate cannot be written
   */
  public static C2paIdentity of(UnlockedAccount account, byte[] installId, Path certificateDir) {
    return of(account, installId, certificateDir, Clock.systemUTC());
  }

  static C2paIdentity of(
      UnlockedAccount account, byte[] installId, Path certificateDir, Clock clock) {
    Objects.requireNonNull(account, "account");
    byte[] salt = installId.clone();
    Path file = certificateDir.resolve(account.address() + ".pem");
    BigInteger d = scalar(account, salt);
    PublicKey publicKey = publicKey(d);
    X500Principal subject = principal(subjectName(account.address()));
    Instant now = clock.instant();
    String stale = staleReason(file, publicKey, subject, now);
    X509Certificate certificate;
    if (stale == null) {
      certificate = readPem(file);
    } else {
      certificate = selfSign(account.address(), d, publicKey, now);
      writePem(file, certificate);
      LOG.info("Made a C2PA signing certificate for {} ({}): {}", account.address(), stale, file);
    }
    return new C2paIdentity(account, salt, certificate, file);
  }

  /** The wallet address this identity belongs to (EIP-55). */
  public String address() {
    return account.address();
  }

  /** The self-signed signing certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Where the certificate is cached. */
  public Path certificateFile() {
    return certificateFile;
  }

  /**
   * An ES256 signature over {@code data} in IEEE P1363 form ({@code r || s}, 64 bytes), as COSE
   * wants it.
   *
   * @throws dev.atelier.wallet.WalletException if the account has been locked since
   */
  byte[] signEs256(byte[] data) {
    PrivateKey key = privateKey(scalar(account, installId));
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 signing failed", e);
    }
  }

  // ---- the key

  /** The P-256 scalar of {@code account} on this install (see the class notes). */
  static BigInteger scalar(UnlockedAccount account, byte[] installId) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[] bytes =
          account.deriveKey(attempt == 0 ? KEY_PURPOSE : KEY_PURPOSE + "#" + attempt, installId);
      try {
        BigInteger d = validScalar(bytes);
        if (d != null) {
          return d;
        }
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    throw new IllegalStateException("No P-256 key after " + MAX_ATTEMPTS + " derivations");
  }

  /** {@code bytes} as an unsigned number when it is a valid P-256 private key, else null. */
  static BigInteger validScalar(byte[] bytes) {
    BigInteger d = new BigInteger(1, bytes);
    return d.signum() > 0 && d.compareTo(P256.getN()) < 0 ? d : null;
  }

  static PublicKey publicKey(BigInteger d) {
    org.bouncycastle.math.ec.ECPoint q =
        new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize();
    ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    try {
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256_SPEC));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 public keys are not supported here", e);
    }
  }

  private static PrivateKey privateKey(BigInteger d) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, P256_SPEC));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 private keys are not supported here", e);
    }
  }

  private static ECParameterSpec jcaParameters() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime lacks the P-256 curve", e);
    }
  }

  // ---- the certificate

  static X500Name subjectName(String address) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Atelier")
        .addRDN(BCStyle.CN, "Atelier artist " + address)
        .build();
  }

  private static X500Principal principal(X500Name name) {
    try {
      return new X500Principal(name.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + name, e);
    }
  }

  private static X509Certificate selfSign(
      String address, BigInteger d, PublicKey publicKey, Instant now) {
    Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    Instant notAfter = notBefore.plus(VALIDITY);
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    serial[0] &= 0x7f;
    serial[0] |= 0x01; // positive and never zero (RFC 5280 §4.1.2.2)
    X500Name name = subjectName(address);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(1, serial),
              Date.from(notBefore),
              Date.from(notAfter),
              name,
              publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier(EKU_C2PA_CLAIM_SIGNING)),
                KeyPurposeId.id_kp_emailProtection
              }));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(publicKey));
      PrivateKey key = privateKey(d);
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Could not make the C2PA signing certificate", e);
    }
  }

  /** Why the cached certificate cannot be used, or null if it can. */
  private static String staleReason(
      Path file, PublicKey publicKey, X500Principal subject, Instant now) {
    if (!Files.exists(file)) {
      return "none yet";
    }
    X509Certificate cert;
    try {
      cert = readPem(file);
    } catch (UncheckedIOException | C2paException e) {
      return "the cached one is unreadable";
    }
    if (!(cert.getPublicKey() instanceof ECPublicKey cached)
        || !cached.getW().equals(((ECPublicKey) publicKey).getW())) {
      return "the cached one is for another key";
    }
    if (!cert.getSubjectX500Principal().equals(subject)
        || !cert.getIssuerX500Principal().equals(subject)) {
      return "the cached one names someone else";
    }
    try {
      cert.verify(publicKey);
    } catch (GeneralSecurityException e) {
      return "the cached one is not signed by the key";
    }
    Date at = Date.from(now);
    if (cert.getNotBefore().after(at)
        || cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return "the cached one is expired or about to expire";
    }
    return null;
  }

  static X509Certificate readPem(Path file) {
    try {
      byte[] pem = Files.readAllBytes(file);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (CertificateException | ClassCastException e) {
      throw new C2paException(file + " does not hold an X.509 certificate", e);
    }
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateException e) {
      throw new IllegalStateException("Cannot encode the certificate", e);
    }
  }

  private static void writePem(Path file, X509Certificate certificate) {
    try {
      AtomicFiles.write(file, pem(certificate).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the C2PA certificate " + file, e);
    }
  }
}
