package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.c2pa.C2paIdentity;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.License;
import dev.atelier.chain.Devnet;
import dev.atelier.hashing.Hashes;
import dev.atelier.license.Licenses;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.testing.IpfsTestNode;
import dev.atelier.testing.IpfsTestNode.Answer;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IpfsPinner} against a <b>real IPFS node</b>: js-ipfs ({@link IpfsTestNode}), whose HTTP
 * API server speaks the Kubo RPC API. A signed image and its token metadata are pinned the way a
 * mint pins them, then read back from the node by CID (RPC and gateway), and the node's CIDs must
 * be Atelier's own ({@link Cid#of(byte[])}: CIDv1, raw, sha2-256). The fault-injection test covers
 * the answers a real node does not give on demand.
 */
class IpfsPinnerNodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CHAIN = Devnet.CHAIN_ID;

  @TempDir static Path dir;

  private static IpfsTestNode node;
  private static IpfsPinner pinner;
  private static byte[] signedImage;
  private static TokenMetadata metadata;

  @BeforeAll
  static void startNodeAndSignAnImage() {
    node = IpfsTestNode.start(dir);
    pinner = new IpfsPinner(node.api(), Duration.ofSeconds(30));
    try (UnlockedAccount account = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      signImage(account);
    }
  }

  private static void signImage(UnlockedAccount account) {
    byte[] generated = TestPngs.png(13);
    License license = Licenses.builtIn(Licenses.CC_BY).orElseThrow();
    ProvenanceRecord record =
        new ProvenanceRecord(
            Hashes.sha256Hex("pixels".getBytes(StandardCharsets.UTF_8)),
            Hashes.sha256Hex(generated),
            64,
            64,
            "atelier-tiny@2",
            "9c7cffb235a289a2105b6e70bd6624d980ff6636fe5fe6a18256ccd024ba3b10",
            null,
            "a lighthouse at dusk",
            "",
            42,
            "ddim",
            20,
            4.5,
            null,
            account.address(),
            license.id(),
            license.termsSha256(),
            Instant.parse("2026-11-26T10:00:00Z"),
            "0.1.0-SNAPSHOT");
    String signature = ProvenanceSignatures.sign(record, CHAIN, account).value();
    signedImage =
        C2paPng.embed(
            generated,
            ManifestSpec.of("lighthouse.png")
                .withJsonAssertion(
                    "dev.atelier.provenance", record.toJson().getBytes(StandardCharsets.UTF_8)),
            C2paIdentity.of(
                account,
                HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
                dir.resolve("c2pa")));
    metadata = TokenMetadata.of(record, signature, CHAIN, license, signedImage);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
      assertThat(node.isAlive()).as("the node stopped").isFalse();
    }
  }

  @Test
  void theNodePinsTheImageAndItsMetadataUnderAteliersCids() throws Exception {
    Cid image = pinner.pin("asset-1.png", signedImage);
    Cid meta = pinner.pin("asset-1.json", metadata.block());

    assertThat(image).isEqualTo(Cid.of(signedImage)).isEqualTo(metadata.image());
    assertThat(meta).isEqualTo(metadata.cid());
    assertThat(image.codec()).isEqualTo(Cid.Codec.RAW);
    assertThat(image.toString()).startsWith("bafkrei"); // CIDv1, raw, sha2-256, base32

    for (Cid cid : List.of(image, meta)) {
      assertThat(pinned(cid)).as("%s pinned", cid).isTrue();
    }
    assertThat(cat(image)).isEqualTo(signedImage);
    assertThat(cat(meta)).isEqualTo(metadata.bytes());
    assertThat(ok(node.rpc("block/get", "arg=" + image)))
        .as("one raw block")
        .isEqualTo(signedImage);
    assertThat(ok(node.gatewayGet(meta.toString()))).isEqualTo(metadata.bytes());

    // Follow the token's link as a marketplace does: metadata by CID, then its image by CID.
    JsonNode json = JSON.readTree(ok(node.gatewayGet(meta.toString())));
    String link = json.path("image").asText();
    assertThat(link).isEqualTo("ipfs://" + image);
    byte[] served = ok(node.gatewayGet(link.substring("ipfs://".length())));
    assertThat(served).isEqualTo(signedImage);
    assertThat(Cid.of(served)).isEqualTo(image);
  }

  @Test
  void aFileOfOneFullChunkIsStillOneRawBlockWithAteliersCid() {
    byte[] mib = new byte[IpfsPinner.MAX_FILE_SIZE];
    new Random(13).nextBytes(mib);

    Cid cid = pinner.pin("large.png", mib);

    assertThat(cid).isEqualTo(Cid.of(mib));
    JsonNode stat = json(ok(node.rpc("block/stat", "arg=" + cid + "&cid-base=base32")));
    assertThat(stat.path("Key").asText()).isEqualTo(cid.toString());
    assertThat(stat.path("Size").asLong()).isEqualTo(mib.length);
    assertThat(cat(cid)).isEqualTo(mib);
  }

  @Test
  void theCarAtelierExportsImportsUnderTheSameRootAndBlocks() {
    Block image = Block.of(signedImage);
    Cid root = metadata.cid();
    byte[] car = CarWriter.write(List.of(root), List.of(image, metadata.block()));

    Answer imported = node.rpcWithFile("dag/import", "pin-roots=true&cid-base=base32", car);

    JsonNode result = json(ok(imported));
    assertThat(result.path("Root").path("Cid").path("/").asText()).isEqualTo(root.toString());
    assertThat(result.path("Root").path("PinErrorMsg").asText()).isEmpty();
    assertThat(pinned(root)).isTrue();
    assertThat(cat(image.cid())).isEqualTo(signedImage);
  }

  @Test
  void aCidTheNodeDoesNotHaveIsNotServedNorPinned() {
    Cid absent = Cid.of("never added to this node".getBytes(StandardCharsets.UTF_8));

    // Offline, the node would wait for the block from peers it has none of: bound the wait.
    Answer cat = node.rpc("cat", "arg=" + absent + "&timeout=1s");
    assertThat(cat.status()).isEqualTo(500);
    assertThat(json(cat.body()).path("Message").asText()).contains("timed out");
    assertThat(pinned(absent)).isFalse();
  }

  @Test
  void aTamperedImageGetsAnotherCidAndTheOriginalStaysIntact() {
    Cid original = pinner.pin("asset-1.png", signedImage);
    byte[] tampered = signedImage.clone();
    tampered[tampered.length / 2] ^= 0x01;

    Cid changed = pinner.pin("asset-1-tampered.png", tampered);

    assertThat(changed).isEqualTo(Cid.of(tampered)).isNotEqualTo(original);
    assertThat(original.verify(tampered)).isFalse();
    assertThat(cat(original)).isEqualTo(signedImage);
    assertThat(cat(changed)).isEqualTo(tampered);
    assertThat(metadata.image())
        .as("the token still points to the signed file")
        .isEqualTo(original);
  }

  @Test
  void aGatewayAddressInsteadOfTheApiIsRefusedInWords() {
    IpfsPinner wrong = new IpfsPinner(node.gateway(), Duration.ofSeconds(10));

    assertThatThrownBy(() -> wrong.pin("asset-1.png", signedImage))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("The IPFS node at " + node.gateway() + " refused asset-1.png")
        .hasMessageContaining("HTTP 404");
  }

  private static byte[] cat(Cid cid) {
    return ok(node.rpc("cat", "arg=" + cid + "&timeout=5s"));
  }

  /** Whether the node holds a recursive pin on {@code cid}. */
  private static boolean pinned(Cid cid) {
    Answer answer = node.rpc("pin/ls", "arg=" + cid + "&type=recursive&cid-base=base32");
    if (answer.status() != 200) {
      assertThat(json(answer.body()).path("Message").asText()).contains("is not pinned");
      return false;
    }
    JsonNode keys = json(answer.body()).path("Keys");
    assertThat(keys.size()).isEqualTo(1);
    return keys.path(cid.toString()).path("Type").asText().equals("recursive");
  }

  private static byte[] ok(Answer answer) {
    assertThat(answer.status()).as("node answer %s", answer.text()).isEqualTo(200);
    return answer.body();
  }

  private static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
    }
  }
}
