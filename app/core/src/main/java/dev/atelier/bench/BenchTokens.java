package dev.atelier.bench;

import dev.atelier.catalog.License;
import dev.atelier.chain.BatchToken;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.license.Licenses;
import dev.atelier.mint.ProvenanceProofs;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic inputs for the n-th token of the gas benchmark: URI, license, provenance record.
 */
final class BenchTokens {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final String creator;
  private final License license = Licenses.builtIn(Licenses.CC_BY).orElseThrow();
  private int n;

  BenchTokens(String creator) {
    this.creator = creator;
  }

  /** The next token's URI: {@code ipfs://} and 59 characters, the length of a CIDv1. */
  String uri() {
    n++;
    return "ipfs://bafkrei" + sha256("token " + n).substring(0, 52);
  }

  PreparedTransaction mint(CollectionContract c) {
    return c.prepareMint(creator, creator, uri(), license.id(), license.termsSha256());
  }

  PreparedTransaction mintProven(CollectionContract c, UnlockedAccount minter, boolean record) {
    String uri = uri();
    return c.prepareMintWithProvenance(creator, creator, uri, proof(minter, record));
  }

  PreparedTransaction mintBatch(CollectionContract c, UnlockedAccount minter, int size) {
    List<String> uris = new ArrayList<>();
    List<ProvenanceProof> proofs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      uris.add(uri());
      proofs.add(proof(minter, false));
    }
    return c.prepareMintBatch(creator, creator, uris, proofs);
  }

  /**
   * A version 2 batch of {@code size} tokens, each with its creator's signed provenance and a
   * metadata digest (its token id), signed as a batch by {@code minter}, the collection owner.
   */
  PreparedTransaction mintBatchV2(CollectionContractV2 c, UnlockedAccount minter, int size) {
    List<BatchToken> tokens = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      uri();
      ProvenanceProof p = proof(minter, false);
      byte[] digest = HexFormat.of().parseHex(sha256("metadata " + n));
      tokens.add(new BatchToken(digest, p.aigcData(), p.proof()));
    }
    return c.prepareMintBatch(creator, creator, tokens, license.id(), license.termsSha256(), minter)
        .transaction();
  }

  /** The provenance of the current token, signed by {@code minter} (the collection owner). */
  private ProvenanceProof proof(UnlockedAccount minter, boolean withRecord) {
    ProvenanceRecord r =
        new ProvenanceRecord(
            sha256("pixels " + n),
            sha256("file " + n),
            512,
            512,
            "atelier-tiny@3",
            sha256("weights"),
            null,
            "sunset over the sea in ember colours, variant " + n,
            "",
            1000L + n,
            "ddim",
            20,
            7.5,
            null,
            creator,
            license.id(),
            license.termsSha256(),
            T0.plusSeconds(n),
            "0.1.0");
    String signature = ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, minter).value();
    return ProvenanceProofs.of(r, signature, withRecord);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
