package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;

import dev.atelier.content.Cid;
import dev.atelier.content.TokenMetadata;
import dev.atelier.mint.ProvenanceProofs;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Signed assets and their version 2 batch tokens, for the AtelierCollectionV2 tests. */
final class V2Fixtures {

  static final String LICENSE = "CC-BY-4.0";
  static final String LICENSE_NAME = "Creative Commons Attribution 4.0";

  private V2Fixtures() {}

  /**
   * A signed asset: its provenance record, the creator's signature and the batch token of its
   * metadata (the id is the SHA-256 of the metadata JSON, as the app makes it).
   */
  record Asset(
      ProvenanceRecord record, String signature, TokenMetadata metadata, BatchToken token) {

    /** The canonical record, the ERC-7007 {@code prompt} that keeps it on-chain. */
    byte[] prompt() {
      return record.toJson().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Asset {@code n} of {@code creator}, signed for {@code chainId}. */
  static Asset asset(UnlockedAccount creator, long chainId, int n) {
    ProvenanceRecord r = ChainFixtures.record(creator.address(), n);
    String sig = ProvenanceSignatures.sign(r, chainId, creator).value();
    TokenMetadata m =
        new TokenMetadata(
            "Waves #" + n,
            "waves in ocean colours, number " + n,
            Cid.of(("image " + n).getBytes(StandardCharsets.UTF_8)),
            r,
            sig,
            chainId,
            LICENSE,
            LICENSE_NAME,
            CC_BY_TERMS);
    BatchToken token =
        new BatchToken(
            m.cid().digest(),
            ProvenanceProofs.aigcData(r),
            org.web3j.utils.Numeric.hexStringToByteArray(sig));
    return new Asset(r, sig, m, token);
  }

  /** Assets {@code from} to {@code from + count - 1}. */
  static List<Asset> assets(UnlockedAccount creator, long chainId, int from, int count) {
    List<Asset> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(asset(creator, chainId, i));
    }
    return out;
  }

  static List<BatchToken> tokens(List<Asset> assets) {
    return assets.stream().map(Asset::token).toList();
  }
}
