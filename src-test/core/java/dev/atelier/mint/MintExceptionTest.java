package dev.atelier.mint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mint failures as data: each carries its reason and the fields a front end needs to offer a way
 * out, and a message in plain words that names no command.
 */
class MintExceptionTest {

  private static final String OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final String OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  @Test
  void everyFailureSaysWhatIsWrongInPlainWordsAndCarriesItsFields() {
    MintException notSigned = MintException.notSigned(5, 31337, OWNER);
    assertThat(notSigned.reason()).isEqualTo(MintException.Reason.NOT_SIGNED);
    assertThat(notSigned.assetId()).hasValue(5);
    assertThat(notSigned.chainId()).hasValue(31337);
    assertThat(notSigned.account()).hasValue(OWNER);
    assertThat(notSigned.licenseId()).isEmpty();
    assertThat(notSigned).hasMessage("Asset 5 is not signed yet: sign it for chain 31337 first");

    MintException otherwise =
        MintException.signedOtherwise(6, OTHER, 11155111, "CC-BY-4.0", "Tide Pools", OWNER, 31337);
    assertThat(otherwise.licenseId()).hasValue("CC-BY-4.0");
    assertThat(otherwise.chainId()).hasValue(31337);
    assertThat(otherwise).hasMessageContaining("signed by " + OTHER + " for chain 11155111");

    MintException collection = MintException.collectionNotFound(9);
    assertThat(collection.reason()).isEqualTo(MintException.Reason.NOT_FOUND);
    assertThat(collection.collectionId()).hasValue(9);
    assertThat(collection.assetId()).isEmpty();

    MintException asset = MintException.assetNotFound(12);
    assertThat(asset.assetId()).hasValue(12);
    assertThat(asset.collectionId()).isEmpty();

    MintException owner = MintException.notOwner(3, "Tide Pools", OWNER, OTHER);
    assertThat(owner.reason()).isEqualTo(MintException.Reason.NOT_OWNER);
    assertThat(owner.account()).hasValue(OWNER);

    MintException pinning =
        MintException.pinning(4, "http://127.0.0.1:5001", new IOException("refused"));
    assertThat(pinning.reason()).isEqualTo(MintException.Reason.PINNING);
    assertThat(pinning).hasMessageContaining("refused").hasCauseInstanceOf(IOException.class);

    for (MintException e :
        List.of(notSigned, otherwise, collection, asset, owner, pinning, underWay(), minted())) {
      MintServiceTest.namesNoCommand(e);
    }
  }

  @Test
  void nothingLeftToMintNamesEachEarlierJob() {
    MintException minted = minted();
    assertThat(minted.reason()).isEqualTo(MintException.Reason.ALREADY_MINTED);
    assertThat(minted.tokenId()).hasValue("1");
    assertThat(minted).hasMessage("Asset 7 is already token 1 of Tide Pools (transaction 0xaa)");

    MintException underWay = underWay();
    assertThat(underWay.reason()).isEqualTo(MintException.Reason.IN_PROGRESS);
    assertThat(underWay.jobId()).hasValue(22);
    assertThat(underWay.assetId()).hasValue(7);
    assertThat(underWay)
        .hasMessage(
            "Nothing is left to mint: asset 7 is already token 1 of Tide Pools (transaction 0xaa);"
                + " asset 8 is being minted into Tide Pools (job 22, SENT, transaction 0xbb)");
  }

  private static MintException minted() {
    return MintException.nothingLeft(3, "Tide Pools", List.of(job(21, 7, State.CONFIRMED, "0xaa")));
  }

  private static MintException underWay() {
    return MintException.nothingLeft(
        3,
        "Tide Pools",
        List.of(job(21, 7, State.CONFIRMED, "0xaa"), job(22, 8, State.SENT, "0xbb")));
  }

  static MintJob job(long id, long assetId, State state, String hash) {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    return new MintJob(
        id,
        assetId,
        3,
        state,
        0L,
        null,
        hash,
        state == State.CONFIRMED ? "1" : null,
        state == State.CONFIRMED ? 9L : null,
        null,
        t,
        t);
  }
}
