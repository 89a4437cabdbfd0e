package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Embedding and reading back, tampering, and damaged files. */
class C2paPngTest {

  private static final byte[] INSTALL = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  private static final String PROVENANCE = "dev.atelier.provenance";
  private static final byte[] RECORD =
      "{\"@type\":\"CreativeWork\",\"artist\":\"alice\",\"seed\":7}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private UnlockedAccount account;
  private C2paIdentity signer;

  @BeforeEach
  void unlock() {
    account = TestAccounts.unlocked(TestAccounts.KEY_0);
    signer = C2paIdentity.of(account, INSTALL, dir.resolve("c2pa"));
  }

  @AfterEach
  void lock() {
    account.close();
  }

  private static ManifestSpec spec(String title) {
    return ManifestSpec.of(title).withJsonAssertion(PROVENANCE, RECORD);
  }

  private byte[] signed(int seed) {
    return C2paPng.embed(TestPngs.png(seed), spec("Sunset"), signer);
  }

  // ---- round trip

  @Test
  void readsBackWhatItEmbeds() {
    ManifestSpec spec =
        spec("Sunset over the sea")
            .withJsonAssertion(
                "dev.atelier.extra", "{\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8));
    byte[] png = TestPngs.png(1);
    byte[] signed = C2paPng.embed(png, spec, signer);

    C2paReport r = C2paPng.read(signed);
    assertThat(r.problems()).isEmpty();
    assertThat(r.valid()).isTrue();
    assertThat(r.manifestPresent()).isTrue();
    assertThat(r.activeManifest()).matches("urn:c2pa:[0-9a-f-]{36}");
    assertThat(r.claimVersion()).isEqualTo(2);
    assertThat(r.title()).isEqualTo("Sunset over the sea");
    assertThat(r.instanceId()).isEqualTo(spec.instanceId()).startsWith("xmp:iid:");
    assertThat(r.claimGenerator()).isEqualTo("Atelier " + dev.atelier.AppInfo.version());
    assertThat(r.signatureValid()).isTrue();
    assertThat(r.dataHashValid()).isTrue();
    assertThat(r.assertionHashesValid()).isTrue();
    assertThat(r.certificate()).isEqualTo(signer.certificate());
    assertThat(r.certificateSubject())
        .isEqualTo("CN=Atelier artist " + account.address() + ",O=Atelier");
    assertThat(r.actions()).containsExactly("c2pa.created");
    assertThat(r.digitalSourceType()).isEqualTo(C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(r.softwareAgent()).isEqualTo("Atelier " + dev.atelier.AppInfo.version());
    assertThat(r.jsonAssertions()).containsOnlyKeys(PROVENANCE, "dev.atelier.extra");
    assertThat(r.jsonAssertions().get(PROVENANCE)).isEqualTo(RECORD); // byte for byte
  }

  @Test
  void theManifestGoesRightAfterIhdrAndThePixelsStayTheSame() {
    byte[] png = TestPngs.png(2);
    byte[] signed = C2paPng.embed(png, spec("x"), signer);
    List<Png.Chunk> chunks = Png.chunks(signed); // every CRC checked
    assertThat(chunks.get(0).type()).isEqualTo("IHDR");
    assertThat(chunks.get(1).type()).isEqualTo("caBX");
    assertThat(TestPngs.strip(signed)).isEqualTo(png);
    assertThat(TestPngs.decode(signed)).isEqualTo(TestPngs.image(2));
  }

  @Test
  void theSoftwareAgentCanBeNamed() {
    ManifestSpec spec =
        spec("x").withSoftwareAgent(new ManifestSpec.SoftwareAgent("Atelier atelier-tiny", "2"));
    C2paReport r = C2paPng.read(C2paPng.embed(TestPngs.png(1), spec, signer));
    assertThat(r.softwareAgent()).isEqualTo("Atelier atelier-tiny 2");
    assertThat(r.valid()).isTrue();
  }

  @Test
  void embeddingAgainReplacesTheManifest() {
    byte[] once = signed(3);
    String first = C2paPng.read(once).activeManifest();
    byte[] twice = C2paPng.embed(once, spec("Second title"), signer);

    C2paReport r = C2paPng.read(twice); // a second caBX would be refused
    assertThat(r.valid()).isTrue();
    assertThat(r.activeManifest()).isNotEqualTo(first);
    assertThat(r.title()).isEqualTo("Second title");
    assertThat(TestPngs.strip(twice)).isEqualTo(TestPngs.png(3));
  }

  @Test
  void aManifestElsewhereInTheFileIsReplacedToo() {
    byte[] png = TestPngs.png(4);
    byte[] manifest = TestPngs.manifestChunkBytes(signed(5));
    List<Png.Chunk> chunks = Png.chunks(png);
    byte[] withLateManifest = Png.insert(png, chunks.getLast().offset(), manifest); // before IEND

    byte[] signed = C2paPng.embed(withLateManifest, spec("x"), signer);
    assertThat(Png.chunks(signed).get(1).type()).isEqualTo("caBX");
    assertThat(C2paPng.read(signed).valid()).isTrue();
    assertThat(TestPngs.strip(signed)).isEqualTo(png);
  }

  @Test
  void signingNeedsTheAccountUnlocked() {
    account.close();
    assertThatThrownBy(() -> C2paPng.embed(TestPngs.png(1), spec("x"), signer))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("locked");
  }

  @Test
  void noSecretIsLogged() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Level level = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
    try {
      C2paIdentity fresh = C2paIdentity.of(account, INSTALL, dir.resolve("fresh"));
      C2paPng.read(C2paPng.embed(TestPngs.png(1), spec("x"), fresh));
    } finally {
      root.detachAppender(appender);
      root.setLevel(level);
    }
    String derived = HexFormat.of().formatHex(account.deriveKey(C2paIdentity.KEY_PURPOSE, INSTALL));
    String scalar = C2paIdentity.scalar(account, INSTALL).toString(16);
    assertThat(appender.list).isNotEmpty(); // the certificate was made and said so
    for (ILoggingEvent e : appender.list) {
      assertThat(e.getFormattedMessage().toLowerCase())
          .doesNotContain(TestAccounts.KEY_0)
          .doesNotContain(derived)
          .doesNotContain(scalar);
    }
  }

  // ---- tampering

  @Test
  void onePixelChangedBreaksTheDataHash() {
    byte[] signed = signed(6);
    RgbImage image = TestPngs.decode(signed);
    byte[] rgb = image.rgb().clone();
    rgb[3 * (5 * image.width() + 7)] ^= 1; // one channel of one pixel, by one
    byte[] repainted = new RgbImage(image.width(), image.height(), rgb).toPng();
    byte[] forged = TestPngs.withChunkAfterIhdr(repainted, TestPngs.manifestChunkBytes(signed));

    C2paReport r = C2paPng.read(forged);
    assertThat(r.manifestPresent()).isTrue();
    assertThat(r.signatureValid()).isTrue();
    assertThat(r.assertionHashesValid()).isTrue();
    assertThat(r.dataHashValid()).isFalse();
    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("data hash does not match");
  }

  @Test
  void anyOtherByteOutsideTheManifestIsCoveredToo() {
    byte[] signed = signed(7);
    Png.Chunk iend = Png.chunks(signed).getLast();
    byte[] text = Png.chunk("tEXt", "Comment\0added later".getBytes(StandardCharsets.ISO_8859_1));
    C2paReport r = C2paPng.read(Png.insert(signed, iend.offset(), text));
    assertThat(r.dataHashValid()).isFalse();
    assertThat(r.signatureValid()).isTrue();
  }

  @Test
  void anAlteredClaimBreaksTheSignature() {
    byte[] forged = TestPngs.editManifest(signed(8), "Sunset", "Sunrie");
    C2paReport r = C2paPng.read(forged);
    assertThat(r.title()).isEqualTo("Sunrie");
    assertThat(r.signatureValid()).isFalse();
    assertThat(r.assertionHashesValid()).isTrue();
    assertThat(r.dataHashValid()).isTrue();
    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("claim signature does not verify");
  }

  @Test
  void anAlteredAssertionNoLongerMatchesItsHash() {
    byte[] forged = TestPngs.editManifest(signed(9), "\"alice\"", "\"mally\"");
    C2paReport r = C2paPng.read(forged);
    assertThat(r.assertionHashesValid()).isFalse();
    assertThat(r.signatureValid()).isTrue();
    assertThat(r.dataHashValid()).isTrue();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .contains("Assertion " + PROVENANCE + " was changed after signing");
  }

  @Test
  void anAlteredDataHashNoLongerMatchesItsHashNorTheFile() {
    byte[] signed = signed(10);
    byte[] hash = Arrays.copyOf(sha256(TestPngs.strip(signed)), 32);
    byte[] other = hash.clone();
    other[0] ^= 0x55;
    C2paReport r = C2paPng.read(TestPngs.editManifest(signed, hash, other));
    assertThat(r.assertionHashesValid()).isFalse();
    assertThat(r.dataHashValid()).isFalse();
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("c2pa.hash.data was changed"));
  }

  @Test
  void aManifestMovedToAnotherImageDoesNotMatchIt() {
    byte[] a = signed(11);
    byte[] b = signed(12);
    byte[] forged = TestPngs.withChunkAfterIhdr(TestPngs.strip(a), TestPngs.manifestChunkBytes(b));
    C2paReport r = C2paPng.read(forged);
    assertThat(r.signatureValid()).isTrue();
    assertThat(r.assertionHashesValid()).isTrue();
    assertThat(r.dataHashValid()).isFalse();
    assertThat(r.valid()).isFalse();
  }

  @Test
  void aStrippedManifestIsReportedAbsent() {
    C2paReport r = C2paPng.read(TestPngs.strip(signed(13)));
    assertThat(r.manifestPresent()).isFalse();
    assertThat(r.valid()).isFalse();
    assertThat(r.activeManifest()).isNull();
    assertThat(r.problems()).containsExactly("The image has no C2PA manifest");
  }

  @Test
  void anAssertionNotListedInTheClaimIsReportedAndNotReturned() {
    // Rename the custom assertion's label: the claim still lists the old one.
    byte[] forged = TestPngs.editManifest(signed(14), PROVENANCE, "dev.atelier.provenancf");
    C2paReport r = C2paPng.read(forged);
    assertThat(r.assertionHashesValid()).isFalse();
    assertThat(r.jsonAssertions()).doesNotContainKey("dev.atelier.provenancf");
    assertThat(r.problems())
        .anySatisfy(
            p -> assertThat(p).contains("does not have: self#jumbf=c2pa.assertions/" + PROVENANCE))
        .anySatisfy(
            p -> assertThat(p).contains("dev.atelier.provenancf is not listed in the claim"));
  }

  private static byte[] sha256(byte[] data) {
    return dev.atelier.hashing.Hashes.sha256(data);
  }

  // ---- damaged files

  @Test
  void notAPng() {
    assertThatThrownBy(() -> C2paPng.read(new byte[0]))
        .isInstanceOf(C2paException.class)
        .hasMessage("Not a PNG file: it does not start with the PNG signature");
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    assertThatThrownBy(() -> C2paPng.read(jpeg)).hasMessageStartingWith("Not a PNG file");
    assertThatThrownBy(() -> C2paPng.embed(jpeg, spec("x"), signer))
        .isInstanceOf(C2paException.class)
        .hasMessageStartingWith("Not a PNG file");
  }

  @Test
  void truncatedFiles() {
    byte[] signed = signed(15);
    Png.Chunk idat =
        Png.chunks(signed).stream().filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow();
    assertThatThrownBy(() -> C2paPng.read(Arrays.copyOf(signed, idat.offset() + 20)))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("IDAT chunk at byte " + idat.offset());
    assertThatThrownBy(
            () -> C2paPng.read(Arrays.copyOf(signed, Png.chunks(signed).getLast().offset())))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("ends before an IEND chunk");
  }

  @Test
  void aHugeChunkLengthIsCaught() {
    byte[] signed = signed(16);
    ByteBuffer.wrap(signed).putInt(8, 0x7fffffff); // IHDR's length
    assertThatThrownBy(() -> C2paPng.read(signed))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("claims 2147483647 bytes");
  }

  @Test
  void wrongCrcs() {
    byte[] signed = signed(17);
    Png.Chunk manifest = TestPngs.manifestChunk(signed);
    byte[] badManifest = signed.clone();
    badManifest[manifest.dataOffset() + 40] ^= 1;
    assertThatThrownBy(() -> C2paPng.read(badManifest))
        .isInstanceOf(C2paException.class)
        .hasMessage(
            "The PNG file is damaged: the CRC of its caBX chunk at byte "
                + manifest.offset()
                + " is wrong");
    Png.Chunk idat =
        Png.chunks(signed).stream().filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow();
    byte[] badPixels = signed.clone();
    badPixels[idat.dataOffset() + 3] ^= 1;
    assertThatThrownBy(() -> C2paPng.read(badPixels)).hasMessageContaining("CRC of its IDAT chunk");
  }

  @Test
  void twoManifestStoresAreRefused() {
    byte[] signed = signed(18);
    byte[] doubled =
        Png.insert(
            signed, Png.chunks(signed).getLast().offset(), TestPngs.manifestChunkBytes(signed));
    assertThatThrownBy(() -> C2paPng.read(doubled))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining("2 C2PA manifest stores");
  }

  @Test
  void aCaBxChunkWithoutAManifestStore() {
    byte[] png = TestPngs.png(19);
    byte[] garbage = Png.chunk("caBX", "not JUMBF at all".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, garbage)))
        .isInstanceOf(C2paException.class)
        .hasMessageStartingWith("Malformed JUMBF in the C2PA manifest store at byte 0");

    byte[] otherBox = Png.chunk("caBX", Jumbf.superBox(Jumbf.JSON, "x.y", null));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, otherBox)))
        .isInstanceOf(C2paException.class)
        .hasMessageContaining(
            "does not hold a C2PA manifest store (its box type is json, its label x.y)");

    byte[] emptyStore = Png.chunk("caBX", Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", null));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, emptyStore)))
        .hasMessage("The C2PA manifest store holds no manifest");
  }

  @Test
  void aManifestWithoutItsPartsOrWithDamagedCbor() {
    byte[] png = TestPngs.png(20);
    byte[] noClaim = store(Jumbf.superBox(Jumbf.ASSERTION_STORE, "c2pa.assertions", null));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, noClaim)))
        .isInstanceOf(C2paException.class)
        .hasMessage("Manifest urn:c2pa:test has no claim");

    byte[] badClaim =
        store(
            Jumbf.superBox(Jumbf.ASSERTION_STORE, "c2pa.assertions", null),
            Jumbf.superBox(
                Jumbf.CLAIM,
                "c2pa.claim.v2",
                null,
                Jumbf.box("cbor", new byte[] {(byte) 0xa2, 0x61})));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, badClaim)))
        .isInstanceOf(C2paException.class)
        .hasMessageStartingWith("Malformed CBOR in the claim at byte ");

    byte[] claimWithoutFields =
        store(
            Jumbf.superBox(Jumbf.ASSERTION_STORE, "c2pa.assertions", null),
            Jumbf.superBox(
                Jumbf.CLAIM,
                "c2pa.claim.v2",
                null,
                Jumbf.box("cbor", Cbor.encode(Map.of("x", 1)))));
    assertThatThrownBy(() -> C2paPng.read(TestPngs.withChunkAfterIhdr(png, claimWithoutFields)))
        .isInstanceOf(C2paException.class)
        .hasMessage("The claim has no field \"instanceID\"");
  }

  private static byte[] store(byte[]... manifestChildren) {
    return Png.chunk(
        "caBX",
        Jumbf.superBox(
            Jumbf.MANIFEST_STORE,
            "c2pa",
            null,
            Jumbf.superBox(Jumbf.MANIFEST, "urn:c2pa:test", null, manifestChildren)));
  }

  /** Malformed JUMBF or CBOR must surface as a clear C2paException, never an index error. */
  @Test
  void randomDamageToTheManifestNeverEscapesAsAnotherException() {
    byte[] signed = signed(21);
    Png.Chunk c = TestPngs.manifestChunk(signed);
    byte[] data = Arrays.copyOfRange(signed, c.dataOffset(), c.dataOffset() + c.length());
    Random random = new Random(42);
    int reports = 0;
    int refusals = 0;
    for (int i = 0; i < 400; i++) {
      byte[] damaged = data.clone();
      int hits = 1 + random.nextInt(3);
      for (int h = 0; h < hits; h++) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      if (i % 4 == 0) {
        damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
      }
      byte[] png = TestPngs.withChunkAfterIhdr(TestPngs.strip(signed), Png.chunk("caBX", damaged));
      try {
        C2paPng.read(png); // a report (most damage shows in it) or a C2paException, nothing else
        reports++;
      } catch (C2paException e) {
        refusals++;
        assertThat(e.getMessage()).isNotBlank();
      }
    }
    assertThat(reports).isPositive();
    assertThat(refusals).isPositive();
  }
}
